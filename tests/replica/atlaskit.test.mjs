// Token Warden test replica, Atlaskit edition: self-test (no extension loaded).
// Drives one Chromium through playwright-core like a person would (clicks, typing, keys) against
// server.mjs started with { ui: 'atlaskit' }, and checks every variant end to end: create a service
// account → create a credential → the secret is shown once; the Select holds the picked option; the
// DatePicker's default is 365 days and changes only through interaction; one scope listed under two
// products; buttons disabled while loading; an opaque org id; ja labels; the CSP holds.
//   Run: node --test tests/replica/atlaskit.test.mjs
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { startReplica, akStrings, akAdminPaths, isoInDays, ID_PATHS } from './server.mjs';

const ID = 'https://id.atlassian.com';
const ADMIN = 'https://admin.atlassian.com';
let r, browser, context;

before(async () => {
  r = await startReplica({ ui: 'atlaskit' });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium', headless: true,
    args: [`--host-resolver-rules=MAP id.atlassian.com 127.0.0.1:${r.port}, MAP admin.atlassian.com 127.0.0.1:${r.port}`,
      '--ignore-certificate-errors', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
});
after(async () => { await browser?.close().catch(() => {}); await r?.close(); });

/** Reset the replica, apply variant/options/state, open url in a fresh page; collects page errors. */
async function open(url, { variant = 'en', options, state } = {}) {
  r.reset();
  r.setVariant(variant);
  if (options) r.setOptions(options);
  if (state) r.setState(state);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  const response = await page.goto(url);
  return { page, errors, response, S: akStrings(variant) };
}

/** Fail on page errors and CSP violations (the app logs each securitypolicyviolation event). */
async function finish(page, errors) {
  const violations = await page.evaluate(() => window.__replica.events.filter((e) => e.type === 'csp-violation'));
  assert.deepEqual(violations, [], 'CSP violations');
  assert.deepEqual(errors, [], 'page errors');
  const s = JSON.stringify(r.events);
  assert.ok(!s.includes(r.CANARY_TOKEN) && !s.includes(r.CANARY_SECRET), 'secret in the event log');
  await page.close();
}

/** Open an Atlaskit Select by its label and pick an option by clicking it. */
async function pick(page, label, option) {
  await page.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}
/** The value an Atlaskit Select (or DatePicker) shows: the single-value text of the control. */
const shownValue = (page, label) => page.getByRole('combobox', { name: label, exact: true })
  .evaluate((input) => input.closest('[class*="-control"], [data-testid$="--control"]')?.innerText.trim()
    ?? input.parentElement.parentElement.parentElement.innerText.trim());

const dialog = (page) => page.getByRole('dialog');

/** Directory → Service accounts, create one account with Jira: User; returns its name. */
async function createServiceAccount(page, S, { name = 'jira-sync-sa', roles = 'select', label } = {}) {
  await page.getByRole('link', { name: S.navServiceAccounts }).click();
  const create = page.getByRole('button', { name: label });
  await create.waitFor();
  assert.ok(await create.isDisabled(), 'create button disabled while the list loads');
  await page.getByRole('row', { name: /ci-bot/ }).waitFor();
  assert.ok(await create.isEnabled(), 'create button enabled after loading');
  await create.click();
  const d = dialog(page);
  await d.waitFor();
  assert.equal(await page.evaluate(() => document.getElementById('root').contains(document.querySelector('[role=dialog]'))), false, 'modal is portalled');
  await d.getByRole('textbox', { name: S.name }).fill(name);
  await d.getByRole('textbox', { name: S.description }).fill('Owner: jane.doe@acme.example · Purpose: Jira sync');
  await d.getByRole('button', { name: S.next }).click();
  if (roles === 'select') {
    await pick(page, 'Jira', S.roleUser);
    assert.equal(await shownValue(page, 'Jira'), S.roleUser, 'Select holds the picked option');
    assert.equal(await shownValue(page, 'Confluence'), S.roleNoAccess);
    await pick(page, 'Jira Service Management', S.roleAgent);
  } else {
    await d.getByRole('checkbox', { name: `Jira: ${S.roleUser}` }).check();
  }
  await d.getByRole('button', { name: S.create }).click();
  await page.getByText(S.saCreatedTitle).waitFor(); // the flag
  await dialog(page).waitFor({ state: 'detached' });
  await page.getByRole('link', { name, exact: true }).waitFor();
  return name;
}

describe('atlaskit replica', { concurrency: false }, () => {
  test('en, selects + grouped scopes + DatePicker + secret as text: SA → API token → secret once', async () => {
    const orgId = 'org_7Qz-opaque.segment';
    const { page, errors, response, S } = await open(`${ADMIN}/o/${orgId}/overview`, { options: { orgs: [{ id: orgId, name: 'Acme Corp' }] } });
    const csp = response.headers()['content-security-policy'];
    assert.match(csp, /script-src 'self' 'nonce-[^']+';/);
    assert.doesNotMatch(csp, /script-src[^;]*unsafe-inline/);
    await page.getByRole('heading', { name: S.overviewHeading, level: 1 }).waitFor();
    const name = await createServiceAccount(page, S, { label: 'Create a service account' });
    assert.equal(r.creations.serviceAccount, 1);
    const [acct] = Object.values(r.akState.orgs)[0].serviceAccounts.filter((a) => a.name === name);
    assert.deepEqual(acct.roles, ['jira:user', 'jsm:agent']);
    assert.ok(page.url().includes(`/o/${orgId}/directory/service-accounts`), 'opaque org id kept in the URL');

    await page.getByRole('link', { name, exact: true }).click();
    await page.getByRole('heading', { name, level: 1 }).waitFor();
    const cc = page.getByRole('button', { name: S.createCredentials });
    await cc.click();
    const d = dialog(page);
    assert.ok(await d.getByRole('radio', { name: S.credApiToken }).isChecked());
    await d.getByRole('button', { name: S.next }).click();
    await d.getByRole('textbox', { name: S.credName }).fill('jira-sync token');
    // DatePicker: default is 365 days; a DOM property write does not change what React holds.
    const date = page.getByRole('combobox', { name: S.expiresOn, exact: true });
    assert.ok((await shownValue(page, S.expiresOn)).includes(isoInDays(365)), 'default expiry 365 days');
    await date.evaluate((el) => { el.value = '2020-01-01'; });
    await d.getByRole('textbox', { name: S.credName }).click();
    assert.ok((await shownValue(page, S.expiresOn)).includes(isoInDays(365)), 'DOM write did not change React state');
    // typed: type the date and press Enter
    await date.click();
    await date.pressSequentially(isoInDays(90));
    await date.press('Enter');
    assert.ok((await shownValue(page, S.expiresOn)).includes(isoInDays(90)), 'typed date taken');
    await d.getByRole('button', { name: S.next }).click();
    // grouped scopes: read:jira-work under Jira and under Jira Service Management, one selection
    const dup = d.getByRole('checkbox', { name: 'read:jira-work', exact: true });
    assert.equal(await dup.count(), 3, 'read:jira-work is listed under Jira, Jira Service Management and Rovo MCP');
    assert.equal(await d.getByRole('group', { name: 'Jira Service Management scopes' }).getByRole('checkbox', { name: 'read:jira-work' }).count(), 1);
    await d.getByRole('group', { name: 'Jira scopes' }).getByRole('checkbox', { name: 'read:jira-work' }).check();
    assert.ok(await dup.nth(1).isChecked(), 'one selection shows under both products');
    await d.getByRole('group', { name: 'Jira Service Management scopes' }).getByRole('checkbox', { name: 'read:servicedesk-request' }).check();
    await d.getByRole('button', { name: S.next }).click();
    await d.getByText(isoInDays(90).slice(0, 4), { exact: false }).first().waitFor();
    await d.getByRole('button', { name: S.create }).click();
    await d.getByText(r.CANARY_TOKEN).waitFor();
    await d.getByRole('button', { name: 'Copy to clipboard' }).waitFor();
    assert.equal(r.creations.credential, 1);
    const cred = r.akState.orgs[orgId].serviceAccounts.find((a) => a.name === name).credentials[0];
    assert.deepEqual(cred.scopes, ['read:jira-work', 'read:servicedesk-request']);
    assert.equal(cred.expires, isoInDays(90));
    await d.getByRole('button', { name: S.done }).click();
    await page.reload();
    await page.getByRole('cell', { name: 'jira-sync token' }).waitFor();
    assert.ok(!(await page.content()).includes(r.CANARY_TOKEN), 'the secret is shown once');
    await finish(page, errors);
  });

  test('checkbox roles, "Add service account", textfield expiry, OAuth secret in an input, flat scopes', async () => {
    const orgId = '0000zz';
    const { page, errors, S } = await open(`${ADMIN}/o/${orgId}/overview`, {
      options: { roles: 'checkbox', createSa: 'add', expiry: 'textfield', secret: 'input', scopes: 'flat', orgs: [{ id: orgId, name: 'Beta' }] },
    });
    const name = await createServiceAccount(page, S, { name: 'oauth-bot', roles: 'checkbox', label: 'Add service account' });
    assert.deepEqual(r.akState.orgs[orgId].serviceAccounts.find((a) => a.name === name).roles, ['jira:user']);
    await page.getByRole('link', { name, exact: true }).click();
    await page.getByRole('button', { name: S.createCredentials }).click();
    const d = dialog(page);
    await d.getByRole('button', { name: S.next }).click();
    const expiry = d.getByLabel(S.expiresOn, { exact: true });
    assert.equal(await expiry.getAttribute('type'), 'date');
    assert.equal(await expiry.inputValue(), isoInDays(365), 'textfield expiry defaults to 365 days');
    await d.getByRole('button', { name: S.back }).click();
    await d.getByRole('radio', { name: S.credOauth }).check();
    await d.getByRole('button', { name: S.next }).click();
    await d.getByRole('textbox', { name: S.credName }).fill('oauth cred');
    await d.getByRole('button', { name: S.next }).click();
    assert.equal(await d.getByRole('checkbox', { name: 'read:jira-work', exact: true }).count(), 1, 'flat: listed once');
    await d.getByRole('checkbox', { name: 'read:me', exact: true }).check();
    await d.getByRole('button', { name: S.next }).click();
    await d.getByRole('button', { name: S.create }).click();
    const secret = d.getByRole('textbox', { name: S.clientSecret });
    await secret.waitFor();
    assert.equal(await secret.inputValue(), r.CANARY_SECRET);
    assert.ok(await secret.evaluate((el) => el.readOnly));
    assert.equal(r.creations.credential, 1);
    await finish(page, errors);
  });

  test('"Create service account": a failed POST creates nothing, a delayed retry creates exactly once', async () => {
    const orgId = 'acme';
    const { page, errors, S } = await open(`${ADMIN}/o/${orgId}/directory/service-accounts`, { options: { orgs: [{ id: orgId, name: 'Acme' }], createSa: 'create' } });
    r.failPostOnce('service-account', 503);
    r.delayPost('service-account', 300);
    await page.getByRole('button', { name: 'Create service account' }).click();
    const d = dialog(page);
    await d.getByRole('textbox', { name: S.name }).fill('retry-bot');
    await d.getByRole('button', { name: S.next }).click();
    await d.getByRole('button', { name: S.create }).click();
    await d.getByRole('alert').waitFor();
    assert.equal(r.creations.serviceAccount, 0);
    await d.getByRole('button', { name: S.create }).click();
    await page.getByRole('link', { name: 'retry-bot', exact: true }).waitFor();
    assert.equal(r.creations.serviceAccount, 1);
    assert.equal(r.akState.orgs[orgId].serviceAccounts.filter((a) => a.name === 'retry-bot').length, 1);
    const expected = errors.filter((e) => / 503 /.test(e));
    assert.equal(expected.length, 1, 'the injected failure is the only console error');
    await finish(page, errors.filter((e) => !expected.includes(e)));
  });

  test('a tab closed while the credential POST is in flight: the server still creates exactly one; a reload lists it without the secret', async () => {
    const orgId = 'close-org';
    const { page, errors, S } = await open(`${ADMIN}/o/${orgId}/directory/service-accounts`, { options: { orgs: [{ id: orgId, name: 'Acme' }], listDelayMs: 100 } });
    await page.getByRole('link', { name: 'ci-bot', exact: true }).click();
    await page.getByRole('button', { name: S.createCredentials }).click();
    const d = dialog(page);
    await d.getByRole('button', { name: S.next }).click();
    await d.getByRole('textbox', { name: S.credName }).fill('in-flight');
    await d.getByRole('button', { name: S.next }).click();
    await d.getByRole('checkbox', { name: 'read:me' }).check();
    await d.getByRole('button', { name: S.next }).click();
    r.delayPost('credential', 800);
    const posted = page.waitForRequest((q) => q.method() === 'POST' && q.url().endsWith('/credentials'));
    await d.getByRole('button', { name: S.create }).click();
    await posted;
    const url = page.url();
    await finish(page, errors);
    for (let i = 0; i < 100 && r.creations.credential === 0; i++) await new Promise((res) => setTimeout(res, 50));
    const again = await context.newPage();
    await again.goto(url);
    await again.getByRole('cell', { name: 'in-flight' }).waitFor();
    assert.ok(!(await again.content()).includes(r.CANARY_TOKEN));
    assert.equal(r.creations.credential, 1);
    await again.close();
  });

  test('API token activity: public and alt column sets, filters, empty state, export', async () => {
    const orgId = 'o1';
    for (const [activity, want] of [['public', ['Token name', 'Token type', 'Created by', 'Last used', 'Expires', 'Actions']],
      ['alt', ['User', 'Token name', 'Status', 'Last used', 'Created', 'Expires', 'Actions']]]) {
      const { page, errors, S } = await open(`${ADMIN}/o/${orgId}/overview`, { options: { activity, orgs: [{ id: orgId, name: 'Acme' }] } });
      await page.getByRole('link', { name: S.navTokenActivity }).click();
      await page.getByRole('row', { name: /jira-sync-bot/ }).waitFor();
      const heads = await page.getByRole('columnheader').allInnerTexts();
      assert.deepEqual(heads.map((h) => h.trim()), want);
      await pick(page, S.filterTokenType, S.withScopes);
      assert.equal(await page.getByRole('row').count(), 3, 'header + 2 scoped tokens');
      await pick(page, S.filterLastUsed, S.neverUsed);
      await page.getByText(S.activityEmpty).waitFor();
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: S.exportTokens }).click();
      assert.equal((await download).suggestedFilename(), 'api-tokens.csv');
      await finish(page, errors);
    }
  });

  test('id (ja): labels, prefill appId=bitbucket, scoped wizard → token once; appId=mcp', async () => {
    const { page, errors, S } = await open(`${ID}${ID_PATHS.apiTokens}?autofillToken&expiryDays=30&appId=bitbucket&selectedScopes=all`, { variant: 'ja' });
    const d = dialog(page);
    await d.getByRole('heading', { name: 'スコープ付き API トークンを作成' }).waitFor();
    assert.ok((await shownValue(page, S.expiresOn)).includes(isoInDays(30)), 'expiryDays=30 prefilled');
    await d.getByRole('textbox', { name: S.name }).fill('bb-ci');
    await d.getByRole('button', { name: '次へ' }).click();
    assert.ok(await d.getByRole('radio', { name: 'Bitbucket' }).isChecked());
    await d.getByRole('button', { name: '次へ' }).click();
    assert.ok(await d.getByRole('checkbox', { name: 'read:repository:bitbucket' }).isChecked());
    await d.getByRole('button', { name: '次へ' }).click();
    await d.getByRole('button', { name: 'トークンを作成' }).click();
    await d.getByText(r.CANARY_TOKEN).waitFor();
    assert.equal(r.creations.apiToken, 1);
    assert.equal(r.akState.personalTokens.at(-1).app, 'bitbucket');
    await d.getByRole('button', { name: S.done }).click();
    await page.getByRole('button', { name: 'スコープ付き API トークンを作成' }).waitFor();
    await page.getByRole('cell', { name: 'bb-ci' }).waitFor();
    await finish(page, errors);

    const second = await open(`${ID}${ID_PATHS.apiTokens}?autofillToken&expiryDays=max&appId=mcp&selectedScopes=all`);
    await dialog(second.page).getByRole('textbox', { name: 'Name' }).fill('mcp');
    await dialog(second.page).getByRole('button', { name: 'Next' }).click();
    assert.ok(await dialog(second.page).getByRole('radio', { name: 'Rovo MCP' }).isChecked());
    await finish(second.page, second.errors);
  });

  test('id (en): list loads async with buttons disabled; classic token with a picked date; CSP blocks inline script', async () => {
    const { page, errors, S } = await open(`${ID}${ID_PATHS.apiTokens}`);
    const classic = page.getByRole('button', { name: 'Create API token', exact: true });
    await classic.waitFor();
    assert.ok(await classic.isDisabled());
    await page.getByRole('cell', { name: 'jira-sync-bot' }).waitFor();
    await page.getByRole('button', { name: 'Create API token with scopes' }).waitFor();
    await classic.click();
    const d = dialog(page);
    await d.getByRole('textbox', { name: S.label }).fill('classic-one');
    // picked: open the calendar and choose a day of the default month
    await page.getByRole('combobox', { name: S.expiresOn, exact: true }).click();
    const before = await shownValue(page, S.expiresOn);
    assert.ok(before.includes(isoInDays(365)));
    await page.getByRole('button', { name: /previous month/i }).click();
    await page.locator('[role=grid] button:not([aria-disabled="true"])').filter({ hasText: /^15$/ }).first().click();
    const after = await shownValue(page, S.expiresOn);
    assert.match(after, /\d{4}-\d{2}-15/, 'picked date taken');
    await d.getByRole('button', { name: S.create }).click();
    await d.getByText(r.CANARY_TOKEN).waitFor();
    assert.equal(r.creations.apiToken, 1);
    const injected = await page.addScriptTag({ content: 'window.__inlineRan = true;' }).then(() => true, () => false);
    assert.equal(await page.evaluate(() => window.__inlineRan), undefined, `inline script must not run (${injected})`);
    await page.evaluate(() => { window.__replica.events = window.__replica.events.filter((e) => e.type !== 'csp-violation'); });
    errors.length = 0; // the violation above is expected
    await finish(page, errors);
  });

  test('drifted: other markup (reversed nav sections, random wrappers, changed test ids), same accessible names', async () => {
    const orgId = 'drift-org';
    const { page, errors, S } = await open(`${ADMIN}/o/${orgId}/overview`, { variant: 'drifted', options: { orgs: [{ id: orgId, name: 'Acme' }] } });
    await page.getByRole('heading', { name: S.overviewHeading }).waitFor();
    assert.equal(await page.locator('[data-testid="create-service-account"]').count(), 0);
    const name = await createServiceAccount(page, S, { name: 'drift-bot', label: 'Create a service account' });
    assert.ok(page.url().includes(`/o/${orgId}/members/service-accounts`));
    assert.equal(r.akState.orgs[orgId].serviceAccounts.filter((a) => a.name === name).length, 1);
    await finish(page, errors);
  });

  for (const [variant, sa, activity] of [['de', 'Dienstkonten', 'API-Token-Aktivität'], ['ja', 'サービス アカウント', 'API トークンのアクティビティ']]) {
    test(`${variant} labels on the admin side`, async () => {
      const orgId = `${variant}-org`;
      const { page, errors, S } = await open(`${ADMIN}/o/${orgId}/overview`, { variant, options: { orgs: [{ id: orgId, name: 'Acme' }] } });
      assert.equal(await page.evaluate(() => document.documentElement.lang), variant);
      await page.getByRole('link', { name: sa }).click();
      await page.getByRole('button', { name: S.createSa_create_a }).click();
      await dialog(page).getByRole('button', { name: S.next }).waitFor();
      await page.keyboard.press('Escape');
      await dialog(page).waitFor({ state: 'detached' });
      await page.getByRole('link', { name: activity }).waitFor();
      await finish(page, errors);
    });
  }
});

void akAdminPaths;
