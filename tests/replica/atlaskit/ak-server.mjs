// Token Warden test replica, Atlaskit edition: the server side (used by ../server.mjs for ui 'atlaskit').
// Keeps per-instance state (service accounts with credential metadata per org, the API token activity,
// personal tokens) behind a small JSON API the app calls with real fetch, so data survives reloads.
// Secrets are returned once in the creating POST's answer and never stored. Test controls: delay a
// kind of POST, fail the next one once, count creations, reset.
import { randomUUID } from 'node:crypto';
import { AK_DEFAULT_OPTIONS, AK_OPTION_VALUES, AK_VARIANTS, akLang, akStrings } from './ak-data.mjs';

export const POST_KINDS = ['service-account', 'credential', 'api-token', 'revoke'];

/**
 * CSP of the Atlaskit pages: scripts need the nonce (strict). Styles: Atlaskit's compiled CSS is served as
 * a stylesheet and emotion gets the nonce, but @atlaskit/modal-dialog's scroll lock (react-scrolllock)
 * inserts a <style> without a nonce, so a nonce-only style-src breaks every modal; styles therefore
 * allow 'unsafe-inline', as the hand-written replica's policy does.
 */
export function akCsp(nonce) {
  return `default-src 'self'; script-src 'self' 'nonce-${nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; frame-src 'self'; object-src 'none'; base-uri 'self'`;
}

export function akShell({ app, variant, options, nonce, me }) {
  const lang = akLang(variant);
  const S = akStrings(variant);
  const cfg = { app, ui: 'atlaskit', variant, lang, options, me: { name: me.name, email: me.email, account_id: me.account_id } };
  const json = JSON.stringify(cfg).replace(/</g, '\\u003c');
  const title = app === 'id' ? `${S.apiTokensHeading} | ${S.idProduct}` : S.adminProduct;
  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="stylesheet" href="/__replica/assets/ak-${app}.css">
<script type="application/json" id="replica-config">${json}</script>
</head>
<body>
<div id="root"></div>
<script nonce="${nonce}" src="/__replica/assets/ak-${app}.js"></script>
</body>
</html>`;
}

/**
 * The Atlaskit backend for one replica instance.
 * @param {{seedServiceAccounts: Function, seedTokenActivity: Function, seedPersonalTokens: Function,
 *          CANARY_TOKEN: string, CANARY_SECRET: string, CLIENT_ID: string}} deps
 */
export function createAkBackend(deps) {
  let variant = 'en';
  let options = structuredClone(AK_DEFAULT_OPTIONS);
  let orgs = {}; // orgId -> { serviceAccounts, tokenActivity }, seeded on first use
  let personalTokens = null;
  let faults = { delay: {}, failOnce: {} };
  let creations = { serviceAccount: 0, credential: 0, apiToken: 0 };
  let seedCount = 3;

  const org = (id) => {
    if (!orgs[id]) {
      const now = Date.now();
      orgs[id] = {
        serviceAccounts: deps.seedServiceAccounts(seedCount, now).map((a) => ({
          ...a, credentials: a.credentials.map((c) => ({ ...c, name: c.name })),
        })),
        tokenActivity: deps.seedTokenActivity(now),
      };
    }
    return orgs[id];
  };
  const tokens = () => (personalTokens ??= deps.seedPersonalTokens());
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

  async function send(res, status, obj) {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(obj === undefined ? '' : JSON.stringify(obj));
  }
  /** Applies a POST kind's faults; true when the request was answered with the injected failure. */
  async function fault(kind, res) {
    const ms = faults.delay[kind];
    if (ms) await sleep(ms);
    const status = faults.failOnce[kind];
    if (status) {
      delete faults.failOnce[kind];
      await send(res, status, { message: `Something went wrong (${status}). Try again.` });
      return true;
    }
    return false;
  }
  const parse = (body) => { try { return JSON.parse(body || '{}'); } catch { return null; } };

  /** Handles /gateway/api/* for ui 'atlaskit'; returns false when the path is not ours. */
  async function handle(req, res, app, path, body) {
    const listDelay = () => sleep(Number(options.listDelayMs) || 0);
    if (app === 'id') {
      if (path === '/gateway/api/api-tokens' && req.method === 'GET') {
        await listDelay();
        return send(res, 200, { items: tokens() });
      }
      if (path === '/gateway/api/api-tokens' && req.method === 'POST') {
        const b = parse(body);
        if (!b || !String(b.label || '').trim()) return send(res, 400, { message: 'A label is required.' });
        if (await fault('api-token', res)) return;
        const tok = { id: `tok-${randomUUID()}`, label: String(b.label).trim(), created: new Date().toISOString(),
          expires: b.expiry || null, lastUsed: null, app: b.app || null, scopes: Array.isArray(b.scopes) ? b.scopes : [] };
        tokens().push(tok);
        creations.apiToken++;
        return send(res, 201, { id: tok.id, token: deps.CANARY_TOKEN });
      }
      const del = path.match(/^\/gateway\/api\/api-tokens\/([^/]+)$/);
      if (del && req.method === 'DELETE') {
        if (await fault('revoke', res)) return;
        personalTokens = tokens().filter((x) => x.id !== decodeURIComponent(del[1]));
        res.writeHead(204); return res.end();
      }
      return false;
    }
    const m = path.match(/^\/gateway\/api\/admin\/v1\/orgs\/([^/]+)(\/.*)$/);
    if (app !== 'admin' || !m) return false;
    const o = org(decodeURIComponent(m[1]));
    const rest = m[2];
    if (rest === '/service-accounts' && req.method === 'GET') {
      await listDelay();
      return send(res, 200, { items: o.serviceAccounts.map(({ credentials, ...a }) => ({ ...a, credentialCount: credentials.length })), total: o.serviceAccounts.length });
    }
    if (rest === '/service-accounts' && req.method === 'POST') {
      const b = parse(body);
      const name = String(b?.name || '').trim();
      if (!name) return send(res, 400, { message: 'A name is required.' });
      if (await fault('service-account', res)) return;
      const slug = name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-');
      const a = { id: randomUUID(), name, description: String(b.description || ''), email: `${slug}@serviceaccount.atlassian.com`,
        created: new Date().toISOString(), roles: Array.isArray(b.roles) ? b.roles.map(String) : [], credentials: [] };
      o.serviceAccounts.push(a);
      creations.serviceAccount++;
      return send(res, 201, { id: a.id, name: a.name, email: a.email });
    }
    const one = rest.match(/^\/service-accounts\/([^/]+)$/);
    if (one && req.method === 'GET') {
      await listDelay();
      const a = o.serviceAccounts.find((x) => x.id === decodeURIComponent(one[1]));
      return a ? send(res, 200, a) : send(res, 404, { message: 'Service account not found' });
    }
    const cred = rest.match(/^\/service-accounts\/([^/]+)\/credentials$/);
    if (cred && req.method === 'POST') {
      const a = o.serviceAccounts.find((x) => x.id === decodeURIComponent(cred[1]));
      if (!a) return send(res, 404, { message: 'Service account not found' });
      const b = parse(body);
      if (!b || !String(b.name || '').trim() || !Array.isArray(b.scopes) || !b.scopes.length) return send(res, 400, { message: 'Name and scopes are required.' });
      if (await fault('credential', res)) return;
      const kind = b.kind === 'oauth' ? 'oauth' : 'api_token';
      const c = { id: `cred-${randomUUID()}`, kind, name: String(b.name).trim(), created: new Date().toISOString(),
        expires: kind === 'api_token' ? b.expiry || null : null, scopes: [...new Set(b.scopes.map(String))] };
      a.credentials.push(c);
      creations.credential++;
      return send(res, 201, kind === 'oauth' ? { id: c.id, clientId: deps.CLIENT_ID, clientSecret: deps.CANARY_SECRET } : { id: c.id, token: deps.CANARY_TOKEN });
    }
    if (rest === '/api-tokens' && req.method === 'GET') {
      await listDelay();
      return send(res, 200, { items: o.tokenActivity });
    }
    const rev = rest.match(/^\/api-tokens\/([^/]+)$/);
    if (rev && req.method === 'DELETE') {
      if (await fault('revoke', res)) return;
      o.tokenActivity = o.tokenActivity.filter((x) => x.id !== decodeURIComponent(rev[1]));
      res.writeHead(204); return res.end();
    }
    return send(res, 404, { message: 'not found' });
  }

  return {
    handle,
    get variant() { return variant; },
    get options() { return structuredClone(options); },
    setVariant(name) {
      if (!AK_VARIANTS.includes(name)) throw new Error(`unknown atlaskit variant ${name}; one of ${AK_VARIANTS.join(', ')}`);
      variant = name;
    },
    setOptions(patch) {
      for (const [k, v] of Object.entries(patch)) {
        if (!(k in AK_DEFAULT_OPTIONS)) throw new Error(`unknown atlaskit option ${k}; one of ${Object.keys(AK_DEFAULT_OPTIONS).join(', ')}`);
        if (AK_OPTION_VALUES[k] && !AK_OPTION_VALUES[k].includes(v)) throw new Error(`option ${k}: one of ${AK_OPTION_VALUES[k].join(', ')}`);
        if (k === 'orgs' && !(Array.isArray(v) && v.every((x) => x && typeof x.id === 'string' && x.id && !x.id.includes('/')))) {
          throw new Error('option orgs: [{id, name}] with non-empty ids without "/"');
        }
      }
      options = { ...options, ...structuredClone(patch) };
    },
    /** Number of seeded service accounts per org (applies to orgs first used after this call). */
    setSeedServiceAccounts(n) { seedCount = n; orgs = {}; },
    setPersonalTokens(list) { personalTokens = list; },
    delayPost(kind, ms) { checkKind(kind); faults.delay[kind] = ms; },
    failPostOnce(kind, status = 500) { checkKind(kind); faults.failOnce[kind] = status; },
    get creations() { return { ...creations }; },
    get state() { return structuredClone({ orgs, personalTokens }); },
    reset() {
      variant = 'en'; options = structuredClone(AK_DEFAULT_OPTIONS); orgs = {}; personalTokens = null; seedCount = 3;
      faults = { delay: {}, failOnce: {} }; creations = { serviceAccount: 0, credential: 0, apiToken: 0 };
    },
  };
}

function checkKind(kind) {
  if (!POST_KINDS.includes(kind)) throw new Error(`unknown POST kind ${kind}; one of ${POST_KINDS.join(', ')}`);
}
