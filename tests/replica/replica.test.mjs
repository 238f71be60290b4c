// Token Warden test replica: self-test of the replica itself (no extension loaded).
// Drives Chromium through playwright-core against server.mjs via --host-resolver-rules and checks every
// flow in English, at least one other language and the `drifted` markup, asserting on the event log,
// the CSP and basic accessibility (roles, names, focus, Esc).   Run: node --test tests/replica/
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import {
  startReplica, stringsFor, adminPaths, ID_PATHS, ORG_ID, ORG_NAME, CLIENT_ID, format,
} from './server.mjs';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const ID = 'https://id.atlassian.com';
const ADMIN = 'https://admin.atlassian.com';

// Two independent "lanes" (replica server + Chromium + page each) let two tests run at once.
const LANES = 2;
const lanes = [];
const waiting = [];

async function makeLane() {
  const r = await startReplica();
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      `--host-resolver-rules=MAP id.atlassian.com 127.0.0.1:${r.port}, MAP admin.atlassian.com 127.0.0.1:${r.port}`,
      '--ignore-certificate-errors', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
  const page = await (await browser.newContext()).newPage();
  const lane = { r, browser, page, errors: [], busy: false };
  page.on('console', (m) => { if (m.type() === 'error') lane.errors.push(m.text()); });
  page.on('pageerror', (e) => lane.errors.push(e.message));
  return lane;
}

before(async () => { lanes.push(...await Promise.all(Array.from({ length: LANES }, makeLane))); });
after(async () => {
  for (const l of lanes) { await l.browser.close().catch(() => {}); await l.r.close(); }
});

function acquire() {
  const free = lanes.find((l) => !l.busy);
  if (free) { free.busy = true; return Promise.resolve(free); }
  return new Promise((res) => waiting.push(res));
}
function release(lane) {
  const next = waiting.shift();
  if (next) next(lane); else lane.busy = false;
}

/**
 * A test that owns a lane. The body gets `open(url, {variant, state})`, which resets the lane's replica,
 * applies variant/state and loads url; it resolves to {page, errors, response, S (strings), r (replica)}.
 */
function lt(name, fn) {
  test(name, async () => {
    const lane = await acquire();
    try {
      await fn({
        open: async (url, { variant = 'en', state } = {}) => {
          const { r, page } = lane;
          r.reset();
          r.setVariant(variant);
          if (state) r.setState(state);
          lane.errors = [];
          const response = await page.goto(url);
          return { page, errors: lane.errors, response, S: stringsFor(variant), r };
        },
      });
    } finally {
      release(lane);
    }
  });
}

const pageEvents = (page) => page.evaluate(() => window.__replica.events);
const ofType = (events, type) => events.filter((e) => e.type === type);

/** Wait until the server has received an event matching pred (events are POSTed asynchronously). */
async function serverEvent(r, pred, timeout = 3000) {
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    const hit = r.events.find(pred);
    if (hit) return hit;
    await new Promise((res) => setTimeout(res, 25));
  }
  assert.fail('server never received the expected event');
}

function assertNoSecretsInEvents(r, events) {
  const s = JSON.stringify(events);
  assert.ok(!s.includes(r.CANARY_TOKEN) && !s.includes(r.CANARY_SECRET), 'secret leaked into the event log');
}

/** Click a control; for drifted <div role=button> use the keyboard to prove Enter works. */
async function activate(locator) {
  const tag = await locator.evaluate((el) => el.tagName);
  if (tag === 'BUTTON') return locator.click();
  await locator.focus();
  return locator.press('Enter');
}

describe('replica', { concurrency: LANES }, () => {
  // ---------------------------------------------------------------------------------------------
  // Server, CSP, routing
  // ---------------------------------------------------------------------------------------------
  lt('server: CSP header with nonce, SPA fallback, /gateway/api/me, requestLog', async ({ open }) => {
    const { page, response, r } = await open(`${ID}/some/deep/unknown/path`);
    const csp = response.headers()['content-security-policy'];
    const nonce = csp.match(/'nonce-([^']+)'/)[1];
    assert.equal(csp, `default-src 'self'; script-src 'self' 'nonce-${nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-src 'self'; object-src 'none'; base-uri 'self'`);
    assert.equal(await page.locator('script[src]').evaluate((s) => s.nonce), nonce);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    const me = await page.evaluate(() => fetch('/gateway/api/me').then((x) => x.json()));
    assert.equal(me.account_type, 'atlassian');
    assert.ok(me.account_id && me.email && me.name);
    assert.ok(r.requestLog.some((q) => q.host === 'id.atlassian.com' && q.url === '/gateway/api/me' && q.method === 'GET'));
    // second load gets a different nonce
    const again = await page.reload();
    assert.notEqual(again.headers()['content-security-policy'], csp);
  });

  lt('CSP is enforced: injected inline script does not run', async ({ open }) => {
    const { page, errors, r } = await open(`${ID}${ID_PATHS.apiTokens}`);
    await page.getByRole('heading', { name: 'API tokens', level: 1 }).waitFor();
    const violations = page.evaluate(() => new Promise((res) => {
      document.addEventListener('securitypolicyviolation', (e) => res(e.violatedDirective), { once: true });
    }));
    await page.addScriptTag({ content: 'window.__inlineRan = true;' }).catch(() => {});
    assert.equal(await page.evaluate(() => window.__inlineRan), undefined);
    assert.match(await violations, /^script-src/);
    // page-world WASM is blocked too (no 'wasm-unsafe-eval')
    const wasm = await page.evaluate(() => WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])).then(() => 'ok', (e) => e.name));
    assert.equal(wasm, 'CompileError');
    errors.length = 0; // the CSP violations above are logged as console errors on purpose
  });

  lt('id: client-side navigation via sidebar, back button, deep-link reload, legacy path', async ({ open }) => {
    const { page, errors, r } = await open(`${ID}${ID_PATHS.profile}`);
    await page.getByRole('heading', { name: 'Profile and visibility', level: 1 }).waitFor();
    await page.evaluate(() => { window.__noReload = 1; });
    const nav = page.getByRole('navigation', { name: 'Account settings' });
    await nav.getByRole('link', { name: 'Security' }).click();
    await page.getByRole('heading', { name: 'Security', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Create and manage API tokens' }).click();
    await page.getByRole('heading', { name: 'API tokens', level: 1 }).waitFor();
    assert.equal(new URL(page.url()).pathname, ID_PATHS.apiTokens);
    assert.equal(await page.evaluate(() => window.__noReload), 1, 'in-app links must not reload');
    assert.equal(await nav.getByRole('link', { name: 'API tokens' }).getAttribute('aria-current'), 'page');
    await page.goBack();
    await page.getByRole('heading', { name: 'Security', level: 1 }).waitFor();
    const nav2 = ofType(await pageEvents(page), 'navigate').map((e) => [e.path, e.via]);
    assert.deepEqual(nav2, [[ID_PATHS.profile, 'load'], [ID_PATHS.security, 'push'], [ID_PATHS.apiTokens, 'push'], [ID_PATHS.security, 'popstate']]);
    const htmlLoads = r.requestLog.filter((q) => q.headers.accept?.includes('text/html'));
    assert.equal(htmlLoads.length, 1);
    await page.goto(`${ID}${ID_PATHS.apiTokensLegacy}`);
    await page.getByRole('heading', { name: 'API tokens', level: 1 }).waitFor();
    await page.reload();
    await page.getByRole('button', { name: 'Create API token', exact: true }).waitFor();
    assert.deepEqual(errors, []);
  });

  // ---------------------------------------------------------------------------------------------
  // id.atlassian.com: token list, classic, scoped, revoke
  // ---------------------------------------------------------------------------------------------
  lt('id: seeded token list (en)', async ({ open }) => {
    const { page, r } = await open(`${ID}${ID_PATHS.apiTokens}`);
    const table = page.getByRole('table');
    for (const col of ['Label', 'Created', 'Expires', 'Last used']) await table.getByRole('columnheader', { name: col, exact: true }).waitFor();
    assert.match(await page.getByRole('row', { name: /jira-sync-bot/ }).innerText(), /yesterday/);
    assert.match(await page.getByRole('row', { name: /old-report-script/ }).innerText(), /120 days ago/);
    assert.match(await page.getByRole('row', { name: /^test/ }).innerText(), /Never/);
    assert.equal(await page.getByRole('button', { name: 'Revoke', exact: true }).count(), 3);
  });

  for (const variant of ['en', 'de', 'fr', 'es', 'ja', 'unknown-text', 'drifted']) {
    lt(`id: both create buttons present with exact names [${variant}]`, async ({ open }) => {
      const { page, S, errors, r } = await open(`${ID}${ID_PATHS.apiTokens}`, { variant });
      assert.equal(await page.locator('html').getAttribute('lang'), variant.length === 2 ? variant : 'en');
      await page.getByRole('heading', { name: S.apiTokensHeading, level: 1 }).waitFor();
      assert.equal(await page.getByRole('button', { name: S.createToken, exact: true }).count(), 1);
      assert.equal(await page.getByRole('button', { name: S.createScopedToken, exact: true }).count(), 1);
      const tags = await page.getByRole('button', { name: S.createScopedToken, exact: true }).evaluate((el) => el.tagName);
      assert.equal(tags, variant === 'drifted' ? 'DIV' : 'BUTTON');
      assert.deepEqual(errors, []);
    });
  }

  test('id: button names match the extension contract', () => {
    const expect = {
      de: ['API-Token erstellen', 'API-Token mit Bereichen erstellen'],
      fr: ["Créer un jeton d'API", "Créer un jeton d'API avec des portées"],
      es: ['Crear token de API', 'Crear token de API con ámbitos'],
      ja: ['API トークンを作成', 'スコープ付き API トークンを作成'],
      'unknown-text': ['Generate token', 'Generate scoped token'],
    };
    for (const [v, [a, b]] of Object.entries(expect)) {
      assert.equal(stringsFor(v).createToken, a);
      assert.equal(stringsFor(v).createScopedToken, b);
    }
  });

  for (const variant of ['en', 'de', 'ja', 'drifted', 'unknown-text']) {
    lt(`id: classic token flow [${variant}]`, async ({ open }) => {
      const { page, S, errors, r } = await open(`${ID}${ID_PATHS.apiTokens}`, { variant });
      await activate(page.getByRole('button', { name: S.createToken, exact: true }));
      const dlg = page.getByRole('dialog', { name: S.classicTitle, exact: true });
      await dlg.waitFor();
      assert.equal(await dlg.getAttribute('aria-modal'), 'true');
      assert.ok(await dlg.evaluate((d) => !!d.closest('#portal-root') && d.contains(document.activeElement)), 'dialog in portal with focus');
      const label = dlg.getByRole('textbox', { name: S.label, exact: true });
      const create = dlg.getByRole('button', { name: S.create, exact: true });
      assert.ok(await create.isDisabled());
      // A DOM-only value change (no React onChange) is not noticed
      await label.evaluate((el) => { el.value = 'dom-only'; });
      assert.ok(await create.isDisabled());
      await label.fill('my-ci-token');
      const expiry = dlg.getByLabel(S.expiresOn, { exact: true });
      assert.equal(await expiry.getAttribute('type'), 'date');
      const d = new Date(); d.setFullYear(d.getFullYear() + 1);
      const yearAhead = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
      assert.equal(await expiry.inputValue(), yearAhead);
      await create.click();
      const secret = dlg.getByRole('textbox', { name: S.newTokenLabel, exact: true });
      assert.equal(await secret.inputValue(), r.CANARY_TOKEN);
      assert.equal(r.CANARY_TOKEN.length, 192);
      await dlg.getByRole('button', { name: S.copy, exact: true }).click();
      await dlg.getByRole('button', { name: S.done, exact: true }).click();
      await dlg.waitFor({ state: 'detached' });
      await page.getByRole('row', { name: /my-ci-token/ }).waitFor();

      const ev = await pageEvents(page);
      assert.ok(!ev.some((e) => e.type === 'field-change' && e.value === 'dom-only'));
      const seq = ev.filter((e) => e.type !== 'navigate').map((e) => `${e.type}:${e.name ?? e.dialog ?? e.field ?? e.kind}`);
      assert.deepEqual(seq, [
        'button:create-api-token', 'dialog-open:create-api-token', 'field-change:label', 'button:create',
        'token-created:classic', 'button:copy', 'button:done', 'dialog-close:create-api-token',
      ]);
      const created = ofType(ev, 'token-created')[0];
      assert.deepEqual({ ...created, t: 0, id: 0 }, { type: 'token-created', app: 'id', kind: 'classic', id: 0, label: 'my-ci-token', expiry: yearAhead, tokenApp: null, scopes: [], t: 0 });
      assert.equal(ofType(ev, 'field-change').at(-1).value, 'my-ci-token');
      assertNoSecretsInEvents(r, ev);
      await serverEvent(r, (e) => e.type === 'token-created' && e.label === 'my-ci-token' && e.app === 'id');
      assert.deepEqual(errors, []);
    });

    lt(`id: scoped token wizard [${variant}]`, async ({ open }) => {
      const { page, S, errors, r } = await open(`${ID}${ID_PATHS.apiTokens}`, { variant });
      await activate(page.getByRole('button', { name: S.createScopedToken, exact: true }));
      const dlg = page.getByRole('dialog', { name: S.scopedTitle, exact: true });
      await dlg.waitFor();
      const next = dlg.getByRole('button', { name: S.next, exact: true });
      // step 1
      await dlg.getByRole('textbox', { name: S.name, exact: true }).fill('jira-reader');
      await dlg.getByLabel(S.expiresOn, { exact: true }).fill('2027-01-15');
      await next.click();
      // step 2: app radio group; focus moved into the new step
      const jira = dlg.getByRole('radio', { name: 'Jira', exact: true });
      await jira.waitFor();
      assert.ok(await dlg.evaluate((d) => d.contains(document.activeElement)));
      for (const app of ['Confluence', 'Bitbucket', 'Rovo MCP']) await dlg.getByRole('radio', { name: app, exact: true }).waitFor();
      assert.ok(await next.isDisabled());
      await jira.check();
      await next.click();
      // step 3: searchable scopes
      const search = dlg.getByRole('searchbox', { name: S.searchScopes, exact: true });
      assert.ok((await dlg.getByRole('checkbox').count()) >= 15);
      await search.fill('issue');
      assert.equal(await dlg.getByRole('checkbox').count(), 3);
      await dlg.getByRole('checkbox', { name: 'read:issue:jira', exact: true }).check();
      await search.fill('');
      await dlg.getByRole('checkbox', { name: 'read:jira-work', exact: true }).check();
      await dlg.getByRole('checkbox', { name: 'write:jira-work', exact: true }).check();
      await dlg.getByRole('checkbox', { name: 'write:jira-work', exact: true }).uncheck();
      await next.click();
      // step 4: review
      await dlg.getByRole('heading', { name: S.review, exact: true }).waitFor();
      const review = await dlg.innerText();
      for (const s of ['jira-reader', 'Jira', 'read:issue:jira', 'read:jira-work']) assert.ok(review.includes(s), s);
      assert.ok(!review.includes('write:jira-work'));
      await dlg.getByRole('button', { name: S.createTokenBtn, exact: true }).click();
      // step 5: token once
      assert.equal(await dlg.getByRole('textbox', { name: S.newTokenLabel, exact: true }).inputValue(), r.CANARY_TOKEN);
      await dlg.getByRole('button', { name: S.copy, exact: true }).waitFor();
      await dlg.getByRole('button', { name: S.done, exact: true }).click();
      await dlg.waitFor({ state: 'detached' });
      await page.getByRole('row', { name: /jira-reader/ }).waitFor();

      const ev = await pageEvents(page);
      assert.deepEqual(ofType(ev, 'scope-toggle').map((e) => [e.scope, e.checked]),
        [['read:issue:jira', true], ['read:jira-work', true], ['write:jira-work', true], ['write:jira-work', false]]);
      assert.ok(ev.some((e) => e.type === 'field-change' && e.field === 'app' && e.value === 'jira'));
      assert.ok(ev.some((e) => e.type === 'field-change' && e.field === 'scope-search' && e.value === 'issue'));
      const created = ofType(ev, 'token-created')[0];
      assert.equal(created.kind, 'scoped');
      assert.equal(created.label, 'jira-reader');
      assert.equal(created.expiry, '2027-01-15');
      assert.equal(created.tokenApp, 'jira');
      assert.deepEqual(created.scopes, ['read:issue:jira', 'read:jira-work']);
      assert.deepEqual(ofType(ev, 'dialog-open').map((e) => e.dialog), ['create-scoped-api-token']);
      assert.deepEqual(ofType(ev, 'dialog-close').map((e) => e.dialog), ['create-scoped-api-token']);
      assertNoSecretsInEvents(r, ev);
      await serverEvent(r, (e) => e.type === 'token-created' && e.kind === 'scoped');
      assert.deepEqual(errors, []);
    });
  }

  for (const variant of ['en', 'fr', 'drifted']) {
    lt(`id: revoke with confirmation, Esc closes dialogs [${variant}]`, async ({ open }) => {
      const { page, S, errors, r } = await open(`${ID}${ID_PATHS.apiTokens}`, { variant });
      // Esc closes and returns focus to the opener
      const opener = page.getByRole('button', { name: S.createToken, exact: true });
      await activate(opener);
      await page.getByRole('dialog').waitFor();
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'detached' });
      assert.ok(await opener.evaluate((el) => el === document.activeElement), 'focus back on opener');
      // revoke
      const row = page.getByRole('row', { name: /old-report-script/ });
      await row.getByRole('button', { name: S.revoke, exact: true }).click();
      const dlg = page.getByRole('dialog', { name: S.revokeTitle, exact: true });
      await dlg.waitFor();
      assert.ok((await dlg.innerText()).includes('old-report-script'));
      await dlg.getByRole('button', { name: S.revoke, exact: true }).click();
      await dlg.waitFor({ state: 'detached' });
      await row.waitFor({ state: 'detached' });
      const ev = await pageEvents(page);
      assert.deepEqual(ofType(ev, 'token-revoked').map((e) => e.id), ['tok-old-report-script']);
      assert.deepEqual(ofType(ev, 'dialog-close').map((e) => e.dialog), ['create-api-token', 'revoke-api-token']);
      assert.ok(r.requestLog.some((q) => q.method === 'DELETE' && q.url.endsWith('/tok-old-report-script')));
      assert.deepEqual(errors, []);
    });
  }

  lt('id: setState personalTokens override', async ({ open }) => {
    const { page, r } = await open(`${ID}${ID_PATHS.apiTokens}`, {
      state: { personalTokens: [{ id: 'x1', label: 'only-one', created: new Date().toISOString(), expires: '2027-06-01', lastUsed: null }] },
    });
    await page.getByRole('row', { name: /only-one/ }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Revoke', exact: true }).count(), 1);
  });

  // ---------------------------------------------------------------------------------------------
  // admin.atlassian.com
  // ---------------------------------------------------------------------------------------------
  async function gotoServiceAccounts(page, S) {
    await page.getByRole('link', { name: ORG_NAME, exact: true }).click();
    await page.getByRole('heading', { name: S.overviewHeading, level: 1 }).waitFor();
    const nav = page.getByRole('navigation', { name: S.orgNav });
    await nav.getByRole('group', { name: S.navDirectory }).getByRole('link', { name: S.navServiceAccounts, exact: true }).click();
    await page.getByRole('heading', { name: S.saHeading, level: 1 }).waitFor();
  }

  async function createServiceAccount(page, S, name, description, roleKeys) {
    await page.getByRole('button', { name: S.createSa, exact: true }).click();
    const dlg = page.getByRole('dialog', { name: S.saDialogTitle, exact: true });
    await dlg.waitFor();
    await dlg.getByRole('textbox', { name: S.name, exact: true }).fill(name);
    await dlg.getByRole('textbox', { name: S.description, exact: true }).fill(description);
    await dlg.getByRole('button', { name: S.next, exact: true }).click();
    for (const k of roleKeys) await dlg.getByRole('checkbox', { name: S[k], exact: true }).check();
    await dlg.getByRole('button', { name: S.create, exact: true }).click();
    return dlg;
  }

  for (const variant of ['en', 'ja', 'drifted']) {
    lt(`admin: org picker → service accounts → create account → credentials (API token + OAuth) [${variant}]`, async ({ open }) => {
      const { page, S, errors, r } = await open(`${ADMIN}/`, { variant });
      const P = adminPaths(variant);
      await page.getByRole('heading', { name: S.orgPickerHeading, level: 1 }).waitFor();
      await page.evaluate(() => { window.__noReload = 1; });
      await gotoServiceAccounts(page, S);
      assert.equal(new URL(page.url()).pathname, P.serviceAccounts);
      assert.equal(P.serviceAccounts, variant === 'drifted' ? `/o/${ORG_ID}/members/service-accounts` : `/o/${ORG_ID}/directory/service-accounts`);
      await page.getByText(format(S.saUsage, { used: 3, limit: 5 }), { exact: true }).waitFor();
      await page.getByRole('row', { name: /ci-bot@serviceaccount\.atlassian\.com/ }).waitFor();
      assert.ok((await page.getByRole('row', { name: /ci-bot/ }).innerText()).includes('Owner: alice@acme.example · Purpose: CI builds · Created: 2026-10-01'));

      // create a service account
      const dlg = await createServiceAccount(page, S, 'etl-bot', 'Owner: jane@acme.example · Purpose: ETL', ['roleJiraUser', 'roleConfUser']);
      await dlg.waitFor({ state: 'detached' });
      await page.getByRole('heading', { name: 'etl-bot', level: 1 }).waitFor();
      const id = new URL(page.url()).pathname.slice(P.serviceAccounts.length + 1);
      assert.match(id, /^[0-9a-f-]{36}$/);
      await page.getByText('etl-bot@serviceaccount.atlassian.com', { exact: true }).waitFor();
      let ev = await pageEvents(page);
      const sa = ofType(ev, 'service-account-created')[0];
      assert.deepEqual({ id: sa.id, name: sa.name, description: sa.description, roles: sa.roles, app: sa.app },
        { id, name: 'etl-bot', description: 'Owner: jane@acme.example · Purpose: ETL', roles: ['jira:user', 'confluence:user'], app: 'admin' });
      assert.deepEqual(ofType(ev, 'role-toggle').map((e) => e.role), ['jira:user', 'confluence:user']);

      // credentials: API token
      await page.getByRole('button', { name: S.createCredentials, exact: true }).click();
      let cd = page.getByRole('dialog', { name: S.credTitle, exact: true });
      await cd.waitFor();
      const next = cd.getByRole('button', { name: S.next, exact: true });
      assert.ok(await cd.getByRole('radio', { name: S.credApiToken, exact: true }).isChecked());
      await next.click();
      await cd.getByRole('textbox', { name: S.name, exact: true }).fill('etl token');
      await cd.getByLabel(S.expiresOn, { exact: true }).fill('2027-03-01');
      await next.click();
      const readMe = cd.getByRole('checkbox', { name: 'read:me', exact: true });
      assert.ok(await readMe.isChecked(), 'read:me is pre-ticked');
      assert.ok((await cd.getByRole('checkbox').count()) >= 30);
      await readMe.uncheck();
      await cd.getByRole('searchbox', { name: S.searchScopes, exact: true }).fill('issue');
      await cd.getByRole('checkbox', { name: 'read:issue:jira', exact: true }).check();
      await cd.getByRole('searchbox', { name: S.searchScopes, exact: true }).fill('');
      await cd.getByRole('combobox', { name: S.filterApp, exact: true }).selectOption('confluence');
      assert.equal(await cd.getByRole('checkbox', { name: 'read:jira-work', exact: true }).count(), 0);
      await cd.getByRole('checkbox', { name: 'read:page:confluence', exact: true }).check();
      await next.click();
      await cd.getByRole('heading', { name: S.review, exact: true }).waitFor();
      const review = await cd.innerText();
      assert.ok(review.includes('etl token') && review.includes('read:issue:jira') && review.includes('read:page:confluence') && !review.includes('read:me'));
      await cd.getByRole('button', { name: S.create, exact: true }).click();
      assert.equal(await cd.getByRole('textbox', { name: S.newApiTokenSa, exact: true }).inputValue(), r.CANARY_TOKEN);
      await cd.getByRole('button', { name: S.copy, exact: true }).click();
      await cd.getByRole('button', { name: S.done, exact: true }).click();
      await cd.waitFor({ state: 'detached' });
      await page.getByRole('row', { name: /etl token/ }).waitFor();

      // credentials: OAuth 2.0 (no expiry field)
      await page.getByRole('button', { name: S.createCredentials, exact: true }).click();
      cd = page.getByRole('dialog', { name: S.credTitle, exact: true });
      await cd.getByRole('radio', { name: S.credOauth, exact: true }).check();
      await cd.getByRole('button', { name: S.next, exact: true }).click();
      await cd.getByRole('textbox', { name: S.name, exact: true }).fill('etl oauth');
      assert.equal(await cd.getByLabel(S.expiresOn, { exact: true }).count(), 0);
      await cd.getByRole('button', { name: S.next, exact: true }).click();
      await cd.getByRole('checkbox', { name: 'read:jira-work', exact: true }).check();
      await cd.getByRole('button', { name: S.next, exact: true }).click();
      await cd.getByRole('button', { name: S.create, exact: true }).click();
      assert.equal(await cd.getByRole('textbox', { name: S.clientId, exact: true }).inputValue(), CLIENT_ID);
      assert.equal(await cd.getByRole('textbox', { name: S.clientSecret, exact: true }).inputValue(), r.CANARY_SECRET);
      await cd.getByRole('button', { name: S.copy, exact: true }).waitFor();
      await page.keyboard.press('Escape');
      await cd.waitFor({ state: 'detached' });

      ev = await pageEvents(page);
      const creds = ofType(ev, 'credential-created').map(({ t, id: cid, ...rest }) => rest);
      assert.deepEqual(creds, [
        { type: 'credential-created', app: 'admin', accountId: id, kind: 'api_token', name: 'etl token', expiry: '2027-03-01', scopes: ['read:issue:jira', 'read:page:confluence'] },
        { type: 'credential-created', app: 'admin', accountId: id, kind: 'oauth', name: 'etl oauth', expiry: null, scopes: ['read:me', 'read:jira-work'] },
      ]);
      assert.ok(ev.some((e) => e.type === 'scope-toggle' && e.scope === 'read:me' && e.checked === false));
      assert.ok(ev.some((e) => e.type === 'field-change' && e.field === 'scope-app-filter' && e.value === 'confluence'));
      assertNoSecretsInEvents(r, ev);
      assert.equal(await page.evaluate(() => window.__noReload), 1, 'no full reloads');
      await serverEvent(r, (e) => e.type === 'credential-created' && e.kind === 'oauth');
      assertNoSecretsInEvents(r, r.events);
      assert.deepEqual(errors, []);
    });

    lt(`admin: API token activity and revoke [${variant}]`, async ({ open }) => {
      const { page, S, errors, r } = await open(`${ADMIN}/o/${ORG_ID}/overview`, { variant });
      const nav = page.getByRole('navigation', { name: S.orgNav });
      await nav.getByRole('group', { name: S.navInsights }).getByRole('link', { name: S.navTokenActivity, exact: true }).click();
      await page.getByRole('heading', { name: S.activityHeading, level: 1 }).waitFor();
      assert.equal(new URL(page.url()).pathname, `/o/${ORG_ID}/insights/api-token-activity`);
      for (const col of ['colTokenLabel', 'colOwner', 'colOwnerStatus', 'colCreated', 'colLastUsed', 'colExpires', 'colScopes']) {
        await page.getByRole('columnheader', { name: S[col], exact: true }).waitFor();
      }
      assert.equal(await page.getByRole('row').count(), 7);
      const row = page.getByRole('row', { name: /legacy-migration/ });
      assert.ok((await row.innerText()).includes(S.deactivated));
      await row.getByRole('button', { name: S.revoke, exact: true }).click();
      const dlg = page.getByRole('dialog', { name: S.revokeActivityTitle, exact: true });
      await dlg.getByRole('button', { name: S.revoke, exact: true }).click();
      await row.waitFor({ state: 'detached' });
      // The row leaves before the app logs the revocation: wait for the entry, then read the log.
      await page.waitForFunction(() => window.__replica.events.some((e) => e.type === 'token-revoked'));
      const ev = await pageEvents(page);
      assert.deepEqual(ofType(ev, 'token-revoked').map((e) => e.id), ['act-4']);
      // the other nav links work too
      for (const [group, link, heading] of [[S.navDirectory, S.navUsers, S.usersHeading], [S.navDirectory, S.navGroups, S.groupsHeading], [S.navSettings, S.navApiKeys, S.apiKeysHeading]]) {
        await nav.getByRole('group', { name: group }).getByRole('link', { name: link, exact: true }).click();
        await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      }
      await nav.getByRole('link', { name: S.navOverview, exact: true }).click();
      await page.getByRole('heading', { name: S.overviewHeading, level: 1 }).waitFor();
      assert.deepEqual(errors, []);
    });
  }

  for (const variant of ['en', 'de']) {
    lt(`admin: service-account quota 4/5 → 5/5 → limit error [${variant}]`, async ({ open }) => {
      const { page, S, errors, r } = await open(`${ADMIN}${adminPaths(variant).serviceAccounts}`, { variant, state: { serviceAccounts: 4 } });
      await page.getByText(format(S.saUsage, { used: 4, limit: 5 }), { exact: true }).waitFor();
      let dlg = await createServiceAccount(page, S, 'fifth-bot', '', ['roleJiraUser']);
      await dlg.waitFor({ state: 'detached' });
      await page.getByRole('heading', { name: 'fifth-bot', level: 1 }).waitFor();
      await page.getByRole('navigation', { name: S.orgNav }).getByRole('link', { name: S.navServiceAccounts, exact: true }).click();
      await page.getByText(format(S.saUsage, { used: 5, limit: 5 }), { exact: true }).waitFor();
      dlg = await createServiceAccount(page, S, 'sixth-bot', '', []);
      const alert = dlg.getByRole('alert');
      assert.equal(await alert.innerText(), S.saLimit);
      await page.keyboard.press('Escape');
      await dlg.waitFor({ state: 'detached' });
      assert.equal(await page.getByRole('row').count(), 6);
      const ev = await pageEvents(page);
      assert.deepEqual(ofType(ev, 'service-account-created').map((e) => e.name), ['fifth-bot']);
      assert.deepEqual(ofType(ev, 'error').map((e) => e.code), ['service-account-limit']);
      assert.deepEqual(errors, []);
    });
  }

  lt('admin: 5/5 from setState, drifted old path is not the service-accounts page', async ({ open }) => {
    let { page, S } = await open(`${ADMIN}${adminPaths('en').serviceAccounts}`, { state: { serviceAccounts: 5 } });
    await page.getByText('5 of 5 service accounts used', { exact: true }).waitFor();
    assert.ok((await page.getByRole('row', { name: /deploy-bot/ }).innerText()).includes('Purpose: deployments'));
    const dlg = await createServiceAccount(page, S, 'nope', '', []);
    await dlg.getByRole('alert').waitFor();
    ({ page, S } = await open(`${ADMIN}/o/${ORG_ID}/directory/service-accounts`, { variant: 'drifted' }));
    await page.getByRole('heading', { name: 'Page not found', level: 1 }).waitFor();
  });
  lt('accessibility: axe (wcag2a/aa) finds nothing on the main pages and dialogs', async ({ open }) => {
    // page.evaluate goes through DevTools, so the page CSP does not block axe
    const audit = async (page) => {
      await page.evaluate(AXE);
      const res = await page.evaluate(() => window.axe.run({ runOnly: ['wcag2a', 'wcag2aa'] }));
      return res.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`);
    };
    let { page, S } = await open(`${ID}${ID_PATHS.apiTokens}`, { variant: 'drifted' });
    await page.getByRole('table').waitFor();
    assert.deepEqual(await audit(page), []);
    await page.getByRole('button', { name: S.createScopedToken, exact: true }).click();
    await page.getByRole('dialog').waitFor();
    assert.deepEqual(await audit(page), []);
    ({ page, S } = await open(`${ADMIN}/o/${ORG_ID}/insights/api-token-activity`, { variant: 'ja' }));
    await page.getByRole('table').waitFor();
    assert.deepEqual(await audit(page), []);
    await page.goto(`${ADMIN}${adminPaths('ja').serviceAccount('5a000000-0000-4000-8000-000000000001')}`);
    await page.getByRole('button', { name: S.createCredentials, exact: true }).click();
    await page.getByRole('button', { name: S.next, exact: true }).click();
    await page.getByRole('textbox', { name: S.name, exact: true }).fill('x');
    await page.getByRole('button', { name: S.next, exact: true }).click();
    await page.getByRole('checkbox', { name: 'read:me', exact: true }).waitFor();
    assert.deepEqual(await audit(page), []);
  });
});
