// Token Warden test replica: HTTPS server that impersonates id.atlassian.com and admin.atlassian.com.
// Tests point Chromium at it with --host-resolver-rules; the Host header picks the app. Serves an HTML
// shell with a strict nonce CSP (SPA fallback for every unknown path), the esbuild-built React bundles,
// a tiny fake gateway API, and collects requests (requestLog) and page event-log entries (events).
//
//   const r = await startReplica();           // { port, close, setVariant, setState, reset, ... }
//
// Atlaskit edition (tests/replica/atlaskit/: the same two sites built from the real Atlaskit packages,
// React 18, compiled CSS served as a stylesheet, state kept by this server behind a JSON API):
//
//   const r = await startReplica({ ui: 'atlaskit' });
//   r.setVariant('ja');                        // one of AK_VARIANTS: en de ja fr es drifted
//   r.setOptions({ roles: 'checkbox', scopes: 'grouped', expiry: 'picker', secret: 'input',
//                  activity: 'alt', createSa: 'add', listDelayMs: 600, orgs: [{ id: 'any-opaque_id', name: 'Acme' }] });
//                                              // see AK_DEFAULT_OPTIONS in atlaskit/ak-data.mjs for every option
//   r.delayPost('service-account', 3000);      // every later POST of that kind answers after 3 s (until reset)
//   r.failPostOnce('credential', 500);         // the next POST of that kind fails once with that status
//   r.creations                                 // { serviceAccount, credential, apiToken }: POSTs that created something
//   r.akState                                   // { orgs: {orgId: {serviceAccounts: [...], tokenActivity: [...]}}, personalTokens }
//   r.reset()                                   // variant en, default options, fresh seed data, no faults, zero counts
// POST kinds: 'service-account', 'credential', 'api-token' (personal), 'revoke'. Secrets are returned
// once, in the POST's answer, and never stored: a reload lists the credential without its secret.
// JSON API (admin): GET/POST /gateway/api/admin/v1/orgs/{org}/service-accounts, GET …/service-accounts/{id},
// POST …/service-accounts/{id}/credentials, GET …/api-tokens, DELETE …/api-tokens/{id};
// (id) GET/POST /gateway/api/api-tokens, DELETE /gateway/api/api-tokens/{id}. GETs take listDelayMs.
import https from 'node:https';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes, randomUUID } from 'node:crypto';
import * as esbuild from 'esbuild';
import {
  ORG_ID, ORG_NAME, SERVICE_ACCOUNT_LIMIT, VARIANTS, variantLang, stringsFor, STRING_TABLES, format,
  adminPaths, ID_PATHS, SA_SCOPES, PERSONAL_SCOPES, SA_PRETICKED_SCOPES, SA_ROLES, TOKEN_APPS,
} from './src/data.mjs';
import {
  AK_VARIANTS, AK_DEFAULT_OPTIONS, AK_OPTION_VALUES, akLang, akStrings, akAdminPaths, SA_APPS, SA_SCOPE_GROUPS,
  SA_SCOPES_FLAT, AK_TOKEN_APPS, AK_PERSONAL_SCOPES, ACTIVITY_COLUMNS, isoInDays,
} from './atlaskit/ak-data.mjs';
import { createAkBackend, akShell, akCsp, POST_KINDS } from './atlaskit/ak-server.mjs';

export {
  AK_VARIANTS, AK_DEFAULT_OPTIONS, AK_OPTION_VALUES, akLang, akStrings, akAdminPaths, SA_APPS, SA_SCOPE_GROUPS,
  SA_SCOPES_FLAT, AK_TOKEN_APPS, AK_PERSONAL_SCOPES, ACTIVITY_COLUMNS, isoInDays,
};
export {
  ORG_ID, ORG_NAME, SERVICE_ACCOUNT_LIMIT, VARIANTS, variantLang, format, stringsFor, STRING_TABLES, adminPaths, ID_PATHS,
  SA_SCOPES, PERSONAL_SCOPES, SA_PRETICKED_SCOPES, SA_ROLES, TOKEN_APPS,
};

const HERE = dirname(fileURLToPath(import.meta.url));
const BUILD_DIR = join(HERE, '.build');

/** 192-character canary in Atlassian's token shape (ATATT3 + 186). Tests search traffic for it. */
export const CANARY_TOKEN = ('ATATT3xFfGF0TWCANARY' + 'Q7x9Lm2Pz8Kd4Rt6Vb1Nc3Hs5Jw0Ye'.repeat(7)).slice(0, 192);
/** OAuth client secret canary for service-account credentials. */
export const CANARY_SECRET = ('TWCANARYSECRET-' + 'k3Jd9Qw2Xz7Lp4Vn8Rb1Ht6Ys0Mc5Gf'.repeat(3)).slice(0, 64);
/** OAuth client id (not secret). */
export const CLIENT_ID = 'sa-client-0f3c9a7e2b5d4c1e';

export const ME = {
  account_id: '712020:9f0e4c1a-1b2c-4d3e-8f70-1234567890ab', email: 'jane.doe@acme.example', name: 'Jane Doe',
  account_type: 'atlassian', account_status: 'active', nickname: 'jane', locale: 'en-US', zoneinfo: 'Europe/Berlin',
  picture: 'https://id.atlassian.com/avatar/jd.png', email_verified: true,
  extended_profile: { job_title: 'Engineer', organization: ORG_NAME, department: 'Platform', location: 'Berlin' },
  last_updated: '2026-11-01T10:00:00.000Z',
};

const HOSTS = { 'id.atlassian.com': 'id', 'admin.atlassian.com': 'admin' };
const DAY = 86400000;

// ---------------------------------------------------------------------------------------------
// One-time (per process) build and certificate
// ---------------------------------------------------------------------------------------------
let buildPromise;
function buildBundles() {
  buildPromise ??= esbuild.build({
    entryPoints: { id: join(HERE, 'src/id-app.jsx'), admin: join(HERE, 'src/admin-app.jsx') },
    bundle: true, format: 'iife', jsx: 'automatic', minify: false, outdir: BUILD_DIR, write: true,
    target: 'chrome120', logLevel: 'warning', define: { 'process.env.NODE_ENV': '"production"' },
  }).then(() => ({
    id: readFileSync(join(BUILD_DIR, 'id.js')),
    admin: readFileSync(join(BUILD_DIR, 'admin.js')),
  }));
  return buildPromise;
}

let akBuildPromise;
/** The Atlaskit bundles: JS plus the CSS that Atlaskit's compiled components import (served as stylesheets). */
function buildAtlaskitBundles() {
  akBuildPromise ??= esbuild.build({
    entryPoints: { 'ak-id': join(HERE, 'atlaskit/ak-id.jsx'), 'ak-admin': join(HERE, 'atlaskit/ak-admin.jsx') },
    bundle: true, format: 'iife', jsx: 'automatic', minify: true, outdir: BUILD_DIR, write: true,
    target: 'chrome120', logLevel: 'warning', define: { 'process.env.NODE_ENV': '"production"' },
    loader: { '.woff': 'file', '.woff2': 'file', '.svg': 'file', '.png': 'file' },
  }).then(() => Object.fromEntries(['ak-id.js', 'ak-id.css', 'ak-admin.js', 'ak-admin.css']
    .map((f) => [f, readFileSync(join(BUILD_DIR, f))])));
  return akBuildPromise;
}

let certCache;
function makeCert() {
  if (certCache) return certCache;
  const dir = mkdtempSync(join(tmpdir(), 'tw-replica-cert-'));
  const key = join(dir, 'key.pem'), cert = join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '30', '-keyout', key, '-out', cert,
    '-subj', '/CN=id.atlassian.com', '-addext', 'subjectAltName=DNS:id.atlassian.com,DNS:admin.atlassian.com'],
  { stdio: 'ignore' });
  certCache = { key: readFileSync(key), cert: readFileSync(cert) };
  return certCache;
}

// ---------------------------------------------------------------------------------------------
// Seed data (dates relative to now)
// ---------------------------------------------------------------------------------------------
const iso = (ms) => new Date(ms).toISOString();
const isoDay = (ms) => iso(ms).slice(0, 10);

export function seedPersonalTokens(now = Date.now()) {
  return [
    { id: 'tok-jira-sync-bot', label: 'jira-sync-bot', created: iso(now - 200 * DAY), expires: isoDay(now + 165 * DAY), lastUsed: iso(now - DAY) },
    { id: 'tok-old-report-script', label: 'old-report-script', created: iso(now - 300 * DAY), expires: isoDay(now + 65 * DAY), lastUsed: iso(now - 120 * DAY) },
    { id: 'tok-test', label: 'test', created: iso(now - 40 * DAY), expires: isoDay(now + 325 * DAY), lastUsed: null },
  ];
}

const SA_SEED = [
  ['ci-bot', 'Owner: alice@acme.example · Purpose: CI builds · Created: 2026-10-01'],
  ['backup-runner', ''],
  ['jira-sync', 'Owner: bob@acme.example · Purpose: Jira to ERP sync · Created: 2026-08-14'],
  ['reporting-bot', ''],
  ['deploy-bot', 'Owner: carol@acme.example · Purpose: deployments · Created: 2026-09-20'],
];
/** n seeded service accounts with deterministic ids 5a000000-0000-4000-8000-00000000000N. */
export function seedServiceAccounts(n, now = Date.now()) {
  return Array.from({ length: n }, (_, i) => {
    const [name, description] = SA_SEED[i] || [`svc-${i + 1}`, ''];
    return {
      id: `5a000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`, name, description,
      email: `${name}@serviceaccount.atlassian.com`, created: iso(now - (90 - i * 10) * DAY),
      roles: i === 0 ? ['jira:user'] : [],
      credentials: i === 0 ? [{ id: 'cred-ci-bot-1', kind: 'api_token', name: 'ci token', created: iso(now - 30 * DAY), expires: isoDay(now + 335 * DAY), scopes: ['read:jira-work'] }] : [],
    };
  });
}

export function seedTokenActivity(now = Date.now()) {
  const row = (id, label, owner, ownerEmail, status, createdAgo, usedAgo, expiresIn, scopes) => ({
    id, label, owner, ownerEmail, ownerStatus: status, created: iso(now - createdAgo * DAY),
    lastUsed: usedAgo == null ? null : iso(now - usedAgo * DAY), expires: isoDay(now + expiresIn * DAY), scopes,
  });
  return [
    row('act-1', 'jira-sync-bot', 'Alice Nguyen', 'alice@acme.example', 'active', 200, 1, 165, []),
    row('act-2', 'confluence-export', 'Bob Martin', 'bob@acme.example', 'active', 60, 3, 305, ['read:page:confluence', 'read:space:confluence']),
    row('act-3', 'old-report-script', 'Alice Nguyen', 'alice@acme.example', 'active', 300, 120, 65, []),
    row('act-4', 'legacy-migration', 'Carol Diaz', 'carol@acme.example', 'deactivated', 250, 30, 115, []),
    row('act-5', 'ci deploy', 'ci-bot', 'ci-bot@serviceaccount.atlassian.com', 'active', 30, 0, 335, ['read:jira-work', 'write:jira-work']),
    row('act-6', 'test', 'Dan Lee', 'dan@acme.example', 'active', 10, null, 355, []),
  ];
}

const DEFAULT_STATE = { serviceAccounts: 3, personalTokens: null, plan: 'free' };

// ---------------------------------------------------------------------------------------------
// Server
// ---------------------------------------------------------------------------------------------
function cspFor(nonce) {
  return `default-src 'self'; script-src 'self' 'nonce-${nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-src 'self'; object-src 'none'; base-uri 'self'`;
}

function htmlShell({ app, variant, state, nonce }) {
  const lang = variantLang(variant);
  const now = Date.now();
  const S = stringsFor(variant);
  const cfg = {
    app, variant, lang, orgId: ORG_ID, orgName: ORG_NAME, serviceAccountLimit: SERVICE_ACCOUNT_LIMIT,
    me: { name: ME.name, email: ME.email, account_id: ME.account_id },
    state: app === 'id'
      ? { personalTokens: state.personalTokens || seedPersonalTokens(now) }
      : { plan: state.plan, serviceAccounts: [...seedServiceAccounts(state.serviceAccounts, now), ...(state.created ?? [])], tokenActivity: seedTokenActivity(now) },
  };
  const json = JSON.stringify(cfg).replace(/</g, '\\u003c');
  const title = app === 'id' ? `${S.apiTokensHeading} | ${S.idProduct}` : S.adminProduct;
  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<script type="application/json" id="replica-config">${json}</script>
</head>
<body>
<div id="root"></div>
<div id="portal-root"></div>
<script nonce="${nonce}" src="/__replica/assets/${app}.js"></script>
</body>
</html>`;
}

/**
 * Start the replica. Resolves to the control object described at the top of this file.
 * @param {{port?: number}} [opts]
 */
export async function startReplica({ port = 0, ui = 'handwritten' } = {}) {
  if (!['handwritten', 'atlaskit'].includes(ui)) throw new Error(`unknown ui ${ui}; 'handwritten' or 'atlaskit'`);
  const [bundles, tls, akBundles] = await Promise.all([buildBundles(), Promise.resolve(makeCert()),
    ui === 'atlaskit' ? buildAtlaskitBundles() : null]);
  const ak = ui === 'atlaskit'
    ? createAkBackend({ seedServiceAccounts, seedTokenActivity, seedPersonalTokens, CANARY_TOKEN, CANARY_SECRET, CLIENT_ID })
    : null;
  let variant = 'en';
  let state = { ...DEFAULT_STATE };
  let resetAt = 0; // events logged before the last reset() belong to an earlier test
  const requestLog = [];
  const events = [];

  const server = https.createServer(tls, (req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const host = String(req.headers.host || '').replace(/:\d+$/, '').toLowerCase();
      requestLog.push({ method: req.method, host, url: req.url, headers: { ...req.headers }, body });
      const fail = (err) => {
        if (res.headersSent) return res.end();
        res.writeHead(500, { 'content-type': 'text/plain' }); res.end(String(err?.stack || err));
      };
      try {
        const app = HOSTS[host];
        const path = new URL(req.url, 'https://x').pathname;
        if (ak && app && path.startsWith('/gateway/api/')) {
          ak.handle(req, res, app, path, body).then((handled) => { if (handled === false) handle(req, res, host, body); }).catch(fail);
          return;
        }
        handle(req, res, host, body);
      } catch (err) { fail(err); }
    });
  });

  function send(res, status, type, payload, extra = {}) {
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...extra });
    res.end(payload);
  }
  const json = (res, status, obj) => send(res, status, 'application/json; charset=utf-8', JSON.stringify(obj));

  function handle(req, res, host, body) {
    const app = HOSTS[host];
    if (!app) return send(res, 421, 'text/plain', `unknown host ${host}`);
    const url = new URL(req.url, `https://${host}`);
    const path = url.pathname;

    if (path === '/__replica/events') {
      if (req.method !== 'POST') return send(res, 405, 'text/plain', 'POST only');
      try {
        const parsed = JSON.parse(body || 'null');
        // Pages of an earlier test can post late (keepalive): keep only events logged since the last reset.
        for (const e of Array.isArray(parsed) ? parsed : [parsed]) {
          if (e && typeof e === 'object' && !(typeof e.t === 'number' && e.t < resetAt)) events.push(e);
        }
      } catch { return send(res, 400, 'text/plain', 'bad json'); }
      res.writeHead(204); return res.end();
    }
    if (path.startsWith('/__replica/assets/')) {
      const name = path.slice('/__replica/assets/'.length);
      if (akBundles && Object.hasOwn(akBundles, name)) {
        return send(res, 200, name.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8', akBundles[name]);
      }
      if (name === 'id.js' || name === 'admin.js') {
        return send(res, 200, 'text/javascript; charset=utf-8', bundles[name.slice(0, -3)]);
      }
      return send(res, 404, 'text/plain', 'not found');
    }
    if (path === '/favicon.ico') { res.writeHead(204); return res.end(); }

    // --- fake gateway API ---
    if (path.startsWith('/gateway/api/')) {
      if (app === 'id' && path === '/gateway/api/me' && req.method === 'GET') return json(res, 200, ME);
      if (app === 'id' && path === '/gateway/api/api-tokens' && req.method === 'POST') {
        return json(res, 201, { id: `tok-${randomUUID()}`, token: CANARY_TOKEN });
      }
      if (app === 'id' && path.startsWith('/gateway/api/api-tokens/') && req.method === 'DELETE') {
        res.writeHead(204); return res.end();
      }
      const orgBase = `/gateway/api/admin/v1/orgs/${ORG_ID}`;
      if (app === 'admin' && path === `${orgBase}/service-accounts` && req.method === 'POST') {
        const { name = '', description = '', roles = [] } = JSON.parse(body || '{}');
        const slug = String(name).trim().toLowerCase().replace(/[^a-z0-9._-]+/g, '-');
        const account = { id: randomUUID(), email: `${slug}@serviceaccount.atlassian.com` };
        // Like Atlassian, the account exists after a reload (credentials stay page-only: never persisted).
        state.created = [...(state.created ?? []), { ...account, name: String(name).trim(), description, roles, created: new Date().toISOString(), credentials: [] }];
        return json(res, 201, account);
      }
      const cred = path.match(new RegExp(`^${orgBase}/service-accounts/([^/]+)/credentials$`));
      if (app === 'admin' && cred && req.method === 'POST') {
        const { kind } = JSON.parse(body || '{}');
        if (kind === 'oauth') return json(res, 201, { id: `cred-${randomUUID()}`, clientId: CLIENT_ID, clientSecret: CANARY_SECRET });
        return json(res, 201, { id: `cred-${randomUUID()}`, token: CANARY_TOKEN });
      }
      if (app === 'admin' && path.startsWith(`${orgBase}/api-tokens/`) && req.method === 'DELETE') {
        res.writeHead(204); return res.end();
      }
      return json(res, 404, { message: 'not found' });
    }

    // --- SPA fallback: every other GET gets the app shell ---
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'method not allowed');
    const nonce = randomBytes(16).toString('base64');
    if (ak) {
      return send(res, 200, 'text/html; charset=utf-8', akShell({ app, variant: ak.variant, options: ak.options, nonce, me: ME }), {
        'content-security-policy': akCsp(nonce), 'x-content-type-options': 'nosniff',
      });
    }
    return send(res, 200, 'text/html; charset=utf-8', htmlShell({ app, variant, state, nonce }), {
      'content-security-policy': cspFor(nonce), 'x-content-type-options': 'nosniff',
    });
  }

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const sockets = new Set();
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });

  return {
    port: server.address().port,
    requestLog,
    events,
    CANARY_TOKEN,
    CANARY_SECRET,
    CLIENT_ID,
    ORG_ID,
    ui,
    /** Variant for subsequent page loads. */
    setVariant(name) {
      if (ak) return ak.setVariant(name);
      if (!VARIANTS.includes(name)) throw new Error(`unknown variant ${name}; one of ${VARIANTS.join(', ')}`);
      variant = name;
    },
    get variant() { return ak ? ak.variant : variant; },
    /** (atlaskit) Patch the Atlaskit options for later loads (see AK_DEFAULT_OPTIONS). */
    setOptions(patch) { if (!ak) throw new Error('setOptions needs startReplica({ ui: \'atlaskit\' })'); ak.setOptions(patch); },
    get options() { return ak?.options; },
    /** (atlaskit) Every later POST of `kind` (one of POST_KINDS) answers after `ms` (until reset). */
    delayPost(kind, ms) { if (!ak) throw new Error('delayPost needs ui atlaskit'); ak.delayPost(kind, ms); },
    /** (atlaskit) The next POST of `kind` fails once with `status`, creating nothing. */
    failPostOnce(kind, status = 500) { if (!ak) throw new Error('failPostOnce needs ui atlaskit'); ak.failPostOnce(kind, status); },
    /** (atlaskit) POSTs that created something since the last reset: {serviceAccount, credential, apiToken}. */
    get creations() { return ak?.creations; },
    /** (atlaskit) A copy of the server-side state. */
    get akState() { return ak?.state; },
    POST_KINDS,
    /** Patch the initial data for subsequent loads: {serviceAccounts: n, personalTokens: [...], plan}. */
    setState(patch) {
      state = { ...state, ...patch };
      if (ak && 'serviceAccounts' in patch) ak.setSeedServiceAccounts(patch.serviceAccounts);
      if (ak && 'personalTokens' in patch) ak.setPersonalTokens(patch.personalTokens);
    },
    get state() { return { ...state }; },
    /** Defaults, variant en, empty logs. */
    reset() {
      variant = 'en';
      state = { ...DEFAULT_STATE };
      requestLog.length = 0;
      events.length = 0;
      resetAt = Date.now();
      ak?.reset();
    },
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
    },
  };
}
