// The hand-off on the Atlaskit replica of admin.atlassian.com (real @atlaskit packages, React 18:
// portalled modals, Select, DatePicker, Checkbox, dynamic tables that load asynchronously, buttons
// disabled while loading, an opaque org id). From the guard's panel to a created service account and
// credential, per language and per variant of the page: by default one click in the extension (the
// panel's consent) and none on Atlassian's pages; with `allowFinalClick: false` (what a policy can
// require) the admin's own click on each final button. What React received is proved by the
// replica's server-side state (`akState`) and its creation counter (`creations`), never by the DOM.
import { test, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { TOKENS_URL, startReplica, launchBrowser, panelFrame, clearExtensionState, assertNoSecretLeft, closePages } from './harness.mjs';
import { stringsFor, akStrings, isoInDays } from '../replica/server.mjs';
import { AK_DEFAULT_ORGS } from '../replica/atlaskit/ak-data.mjs';

const ORG = AK_DEFAULT_ORGS[0].id; // 'acme-9Qx_2f': not a UUID on purpose
let replica;
let browser;
let errors = [];

before(async () => {
  replica = await startReplica({ ui: 'atlaskit' });
  browser = await launchBrowser({ replicaPort: replica.port });
});
after(async () => {
  await browser?.close();
  await replica?.close();
});
beforeEach(async () => {
  replica.reset();
  errors = [];
  await clearExtensionState(browser.worker, () => chrome.storage.local.clear());
});
afterEach(async () => {
  assert.deepEqual(errors, [], 'no uncaught error reaches the page');
  await assertNoSecretLeft(browser.worker, replica, { exceptGets: true });
  await closePages(browser);
});

async function newPage(url) {
  const page = await browser.context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  if (url) await page.goto(url);
  return page;
}

const account = (name) => Object.values(replica.akState.orgs).flatMap((o) => o.serviceAccounts).filter((a) => a.name === name);

/** Teaches the extension the org, then from the guard's panel: a template and "Create a service account instead". */
async function startFromGuard(template = 'Confluence publishing') {
  const admin = await newPage(`https://admin.atlassian.com/o/${ORG}/overview`);
  await admin.waitForSelector('html[data-token-warden]');
  await browser.worker.evaluate(async (org) => {
    for (let i = 0; i < 100; i++) {
      const { core_state: s } = await chrome.storage.local.get('core_state');
      if (s?.knownOrgs?.includes(org)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the org was not learnt');
  }, ORG);
  await admin.close();
  const page = await newPage(TOKENS_URL);
  await page.waitForSelector('html[data-token-warden]');
  await page.getByRole('button', { name: stringsFor(replica.variant === 'drifted' ? 'en' : replica.variant).createToken, exact: true }).click();
  const frame = await panelFrame(page);
  await frame.getByLabel(template).check();
  await frame.getByLabel('Name of the integration (optional)').fill('Docs publisher');
  const opened = browser.context.waitForEvent('page');
  await frame.getByRole('button', { name: 'Create a service account instead' }).click();
  const adminTab = await opened;
  adminTab.on('pageerror', (e) => errors.push(e.message));
  const job = (await browser.worker.evaluate(() => chrome.storage.local.get('core_state'))).core_state.jobs[0];
  return { adminTab, job };
}

/** The drive stopped at a final button, focused and highlighted, for the admin's own click. */
async function finalButtonReady(page, name) {
  await page.waitForFunction((name) => {
    const el = document.activeElement;
    return el?.textContent?.trim() === name && el.style.outline.includes('solid') && !el.disabled;
  }, name, { timeout: 30000 });
  return page.getByRole('dialog').getByRole('button', { name, exact: true });
}

async function checklist(page) {
  const handle = await page.waitForSelector('iframe[data-token-warden="checklist"]', { timeout: 15000 });
  return { handle, frame: await handle.contentFrame() };
}

/** The checklist does not cover any button of the open dialog. */
async function checklistClearOfDialog(page) {
  const { handle } = await checklist(page);
  const frame = await handle.boundingBox();
  const buttons = await page.getByRole('dialog').getByRole('button').evaluateAll((els) => els.map((el) => {
    const r = el.getBoundingClientRect();
    return { name: el.textContent.trim(), x: r.x, y: r.y, width: r.width, height: r.height };
  }));
  assert.ok(buttons.length > 0);
  for (const b of buttons) {
    const overlaps = frame && frame.width > 0 && b.x < frame.x + frame.width && frame.x < b.x + b.width && b.y < frame.y + frame.height && frame.y < b.y + b.height;
    assert.ok(!overlaps, `the checklist covers the dialog's "${b.name}" button`);
  }
}

/** The admin's own click on Atlassian's final buttons required (as `allowFinalClick: false` in policy). */
const requireOwnClick = () => browser.worker.evaluate(() => chrome.storage.local.set({ settings: { allowFinalClick: false } }));

/** Default: the panel's one click (its consent shows what will be created), then the drive to the end. */
async function handoffCompletes(variant, options = {}) {
  replica.setVariant(variant);
  replica.setOptions(options);
  const { adminTab, job } = await startFromGuard();
  const clicks = 1; // the panel's "Create a service account instead"; none on Atlassian's pages
  assert.equal(job.name, 'docs-publisher');
  assert.ok(job.consented, 'the panel click is the consent');
  const { frame } = await checklist(adminTab);
  await frame.getByRole('heading', { name: 'Before you close this' }).waitFor({ timeout: 40000 });
  const [sa] = account('docs-publisher');
  assert.equal(sa.description, job.description, 'React received the description');
  assert.deepEqual(sa.roles, ['confluence:user'], 'the role React holds');
  const [credential] = sa.credentials;
  assert.equal(credential.kind, 'api_token');
  assert.equal(credential.name, 'docs-publisher-token');
  assert.equal(credential.expires, isoInDays(job.expiryDays), 'the expiry React holds is the job\'s, not the default');
  assert.deepEqual([...credential.scopes].sort(), [...job.scopes].sort(), 'exactly the recommended scopes');
  assert.deepEqual(replica.creations, { serviceAccount: 1, credential: 1, apiToken: 0 });
  console.log(`# atlaskit handoff (${variant} ${JSON.stringify(options)}): ${clicks} click by the person from the panel to a created credential, 0 on Atlassian's pages`);
  return clicks;
}

/** The whole hand-off with the admin's two clicks on Atlassian's final Create buttons (own click required). */
async function handoffCompletesWithOwnClicks(variant, options = {}) {
  await requireOwnClick();
  replica.setVariant(variant);
  replica.setOptions(options);
  const S = akStrings(variant);
  const { adminTab, job } = await startFromGuard();
  let clicks = 1; // the panel's "Create a service account instead"
  assert.equal(job.name, 'docs-publisher');
  const createAccount = await finalButtonReady(adminTab, S.create);
  await checklistClearOfDialog(adminTab);
  assert.equal(replica.creations.serviceAccount, 0, 'nothing is created before the admin clicks');
  await createAccount.click();
  clicks++;
  await adminTab.getByRole('dialog').waitFor({ state: 'detached' });
  const createCredential = await finalButtonReady(adminTab, S.create);
  await checklistClearOfDialog(adminTab);
  const [sa] = account('docs-publisher');
  assert.ok(sa, 'the account exists');
  assert.equal(sa.description, job.description, 'React received the description');
  assert.deepEqual(sa.roles, ['confluence:user'], 'the role React holds');
  await createCredential.click();
  clicks++;
  const { frame } = await checklist(adminTab);
  await frame.getByRole('heading', { name: 'Before you close this' }).waitFor({ timeout: 20000 });
  const [credential] = account('docs-publisher')[0].credentials;
  assert.equal(credential.kind, 'api_token');
  assert.equal(credential.name, 'docs-publisher-token');
  assert.equal(credential.expires, isoInDays(job.expiryDays), 'the expiry React holds is the job\'s, not the default');
  assert.deepEqual([...credential.scopes].sort(), [...job.scopes].sort(), 'exactly the recommended scopes');
  assert.deepEqual(replica.creations, { serviceAccount: 1, credential: 1, apiToken: 0 });
  console.log(`# atlaskit handoff, own click required (${variant} ${JSON.stringify(options)}): ${clicks} clicks by the person from the panel to a created credential`);
  return clicks;
}

for (const variant of ['en', 'de', 'ja']) {
  test(`Atlaskit hand-off completes (${variant}, roles as Selects, grouped scopes, DatePicker): one click in the extension`, async () => {
    assert.equal(await handoffCompletes(variant), 1);
  });
  test(`Atlaskit hand-off with the admin's own click required (${variant}): the drive waits at each final button`, async () => {
    assert.equal(await handoffCompletesWithOwnClicks(variant), 3);
  });
}

for (const options of [
  { roles: 'checkbox' },
  { scopes: 'flat' },
  { expiry: 'textfield' },
  { secret: 'input', createSa: 'add' },
  { roles: 'checkbox', scopes: 'flat', expiry: 'textfield', createSa: 'create' },
]) {
  test(`Atlaskit hand-off completes (en, ${JSON.stringify(options)})`, async () => {
    assert.equal(await handoffCompletes('en', options), 1);
  });
}

test('drifted Atlaskit page (other nesting, order, test ids and list path): the hand-off completes', async () => {
  assert.equal(await handoffCompletes('drifted'), 1);
});

test('drifted Atlaskit page with the admin\'s own click required', async () => {
  assert.equal(await handoffCompletesWithOwnClicks('drifted', { roles: 'checkbox' }), 3);
});

test('what the drive does not recognise stops it, named, with every value to copy and nothing created', async () => {
  replica.setVariant('drifted');
  const { adminTab } = await startFromGuard();
  await browser.worker.evaluate(async () => {
    const { core_state: s } = await chrome.storage.local.get('core_state');
    s.jobs[0].scopes.push('read:not-offered:confluence');
    await chrome.storage.local.set({ core_state: s });
  });
  const { frame } = await checklist(adminTab);
  await frame.getByText('The page did not look as expected').waitFor({ timeout: 40000 });
  await frame.getByText('read:not-offered:confluence').first().waitFor();
  await frame.getByRole('button', { name: 'Copy read:not-offered:confluence' }).waitFor();
  assert.equal(replica.creations.credential, 0, 'nothing uncertain was clicked');
});

test('at 1280 px the checklist keeps clear of a wide dialog (docked or collapsed)', async () => {
  await requireOwnClick(); // the dialog stays open at its final button
  const { adminTab } = await startFromGuard();
  await finalButtonReady(adminTab, 'Create');
  for (const width of [1280, 1024, 800]) {
    await adminTab.setViewportSize({ width, height: 800 });
    await adminTab.waitForFunction(() => {
      const f = document.querySelector('iframe[data-token-warden="checklist"]')?.getBoundingClientRect();
      const d = [...document.querySelectorAll('[role="dialog"]')].at(-1)?.getBoundingClientRect();
      return f && d && (f.right <= d.left || f.left >= d.right || f.bottom <= d.top);
    });
    await checklistClearOfDialog(adminTab);
  }
});

test('an org picker page (no org in the URL): the checklist says so and offers the next step', async () => {
  await requireOwnClick(); // nothing is created before the org is taken away
  const { adminTab, job } = await startFromGuard();
  await adminTab.waitForSelector('iframe[data-token-warden="checklist"]');
  await browser.worker.evaluate(async (id) => {
    const { core_state: s } = await chrome.storage.local.get('core_state');
    s.jobs.find((j) => j.id === id).orgId = null;
    await chrome.storage.local.set({ core_state: s });
  }, job.id);
  await adminTab.goto('https://admin.atlassian.com/');
  const { frame } = await checklist(adminTab);
  await frame.getByText('The organization is not known from this page').waitFor();
  assert.equal(replica.creations.serviceAccount, 0);
});

// ---- exactly once ----------------------------------------------------------------------------

const jobs = async () => (await browser.worker.evaluate(() => chrome.storage.local.get('core_state'))).core_state?.jobs ?? [];

test('exactly once: a double click in the panel makes one job and one admin tab', async () => {
  const admin = await newPage(`https://admin.atlassian.com/o/${ORG}/overview`);
  await admin.waitForSelector('html[data-token-warden]');
  await admin.close();
  const page = await newPage(TOKENS_URL);
  await page.getByRole('button', { name: stringsFor('en').createToken, exact: true }).click();
  const frame = await panelFrame(page);
  await frame.getByLabel('Confluence publishing').check();
  const before = browser.context.pages().length;
  await frame.getByRole('button', { name: 'Create a service account instead' }).dblclick();
  const adminTab = await browser.context.waitForEvent('page');
  adminTab.on('pageerror', (e) => errors.push(e.message));
  const { frame: list } = await checklist(adminTab);
  await list.getByRole('heading', { name: 'Before you close this' }).waitFor({ timeout: 40000 });
  assert.equal((await jobs()).length, 1, 'one job');
  assert.equal(browser.context.pages().length, before + 1, 'one admin tab');
  assert.deepEqual(replica.creations, { serviceAccount: 1, credential: 1, apiToken: 0 });
});

test('exactly once: a second tab on the same org only shows the job; one account, one credential', async () => {
  await requireOwnClick(); // the test chooses when each final POST starts
  const { adminTab } = await startFromGuard();
  await finalButtonReady(adminTab, 'Create');
  const second = await newPage(`https://admin.atlassian.com/o/${ORG}/directory/service-accounts`);
  await checklist(second);
  await second.getByRole('button', { name: 'Create a service account' }).waitFor();
  // The owner tab still waits at its Create; the second never opens the dialog.
  assert.equal(await second.getByRole('dialog').count(), 0, 'the second tab does not drive');
  await (await finalButtonReady(adminTab, 'Create')).click();
  await adminTab.getByRole('dialog').waitFor({ state: 'detached' });
  await (await finalButtonReady(adminTab, 'Create')).click();
  const { frame } = await checklist(adminTab);
  await frame.getByRole('heading', { name: 'Before you close this' }).waitFor({ timeout: 20000 });
  await second.reload(); // the job is done: nothing is driven again
  await second.getByRole('button', { name: 'Create a service account' }).waitFor();
  await second.getByRole('link', { name: 'docs-publisher', exact: true }).waitFor();
  assert.equal(await second.getByRole('dialog').count(), 0);
  assert.deepEqual(replica.creations, { serviceAccount: 1, credential: 1, apiToken: 0 });
});

test('exactly once: reloads mid-stage resume from what the page shows', async () => {
  await requireOwnClick(); // the test chooses when each final POST starts
  const { adminTab } = await startFromGuard();
  await finalButtonReady(adminTab, 'Create');
  await adminTab.reload();
  await (await finalButtonReady(adminTab, 'Create')).click();
  await adminTab.getByRole('dialog').waitFor({ state: 'detached' });
  await finalButtonReady(adminTab, 'Create'); // the credential's review step
  await adminTab.reload();
  await (await finalButtonReady(adminTab, 'Create')).click();
  const { frame } = await checklist(adminTab);
  await frame.getByRole('heading', { name: 'Before you close this' }).waitFor({ timeout: 20000 });
  await adminTab.reload(); // after the secret: nothing more happens
  await adminTab.getByRole('button', { name: 'Create credentials' }).waitFor();
  await adminTab.getByRole('cell', { name: 'docs-publisher-token', exact: true }).waitFor();
  assert.equal(await adminTab.getByRole('dialog').count(), 0);
  assert.deepEqual(replica.creations, { serviceAccount: 1, credential: 1, apiToken: 0 });
});

test('exactly once: the tab closed during each final POST; a new tab resumes without a second POST', async () => {
  await requireOwnClick(); // the test chooses when each final POST starts
  const { adminTab } = await startFromGuard();
  replica.delayPost('service-account', 1500);
  await (await finalButtonReady(adminTab, 'Create')).click();
  await adminTab.close();
  for (let i = 0; i < 100 && replica.creations.serviceAccount < 1; i++) await new Promise((r) => setTimeout(r, 50));
  assert.equal(replica.creations.serviceAccount, 1, 'the POST completed on the server');
  const next = await newPage(`https://admin.atlassian.com/o/${ORG}/overview`);
  replica.delayPost('credential', 1500);
  await (await finalButtonReady(next, 'Create')).click(); // the credential's Create: the account was found by name
  await next.close();
  for (let i = 0; i < 100 && replica.creations.credential < 1; i++) await new Promise((r) => setTimeout(r, 50));
  assert.equal(replica.creations.credential, 1);
  const last = await newPage(`https://admin.atlassian.com/o/${ORG}/overview`);
  const { frame } = await checklist(last);
  await frame.getByRole('heading', { name: 'Before you close this' }).waitFor({ timeout: 20000 });
  const [job] = await jobs();
  assert.ok(job.progress.done && job.progress.log.some((n) => n.code === 'credential_exists'), 'found by name in the loaded list');
  assert.equal(await last.getByRole('dialog').count(), 0, 'no credential dialog opened again');
  assert.deepEqual(replica.creations, { serviceAccount: 1, credential: 1, apiToken: 0 });
  assert.equal(account('docs-publisher').length, 1);
});

test('exactly once (default drive): the tab closed during each automatic final POST; new tabs resume, never a second POST', async () => {
  replica.delayPost('service-account', 2500);
  const { adminTab } = await startFromGuard();
  for (let i = 0; i < 400 && !replica.requestLog.some((r) => r.method === 'POST' && /\/service-accounts$/.test(r.url)); i++) await new Promise((r) => setTimeout(r, 50));
  await adminTab.close(); // the account's POST is in flight
  for (let i = 0; i < 100 && replica.creations.serviceAccount < 1; i++) await new Promise((r) => setTimeout(r, 50));
  assert.equal(replica.creations.serviceAccount, 1, 'the POST completed on the server');
  replica.delayPost('credential', 2500);
  const next = await newPage(`https://admin.atlassian.com/o/${ORG}/overview`);
  for (let i = 0; i < 600 && replica.creations.credential < 1 && !replica.requestLog.some((r) => r.method === 'POST' && /\/credentials$/.test(r.url)); i++) await new Promise((r) => setTimeout(r, 50));
  await next.close(); // the credential's POST is in flight
  for (let i = 0; i < 100 && replica.creations.credential < 1; i++) await new Promise((r) => setTimeout(r, 50));
  const last = await newPage(`https://admin.atlassian.com/o/${ORG}/overview`);
  const { frame } = await checklist(last);
  await frame.getByRole('heading', { name: 'Before you close this' }).waitFor({ timeout: 40000 });
  assert.deepEqual(replica.creations, { serviceAccount: 1, credential: 1, apiToken: 0 });
  assert.equal(account('docs-publisher').length, 1);
  assert.equal(account('docs-publisher')[0].credentials.length, 1);
});


// Last in this file: it replaces the service worker the other tests talk to.
test('exactly once: the service worker stopped during each automatic final POST; the drive resumes, one account, one credential', async () => {
  const posted = async (re) => {
    for (let i = 0; i < 600 && !replica.requestLog.some((r) => r.method === 'POST' && re.test(r.url)); i++) await new Promise((r) => setTimeout(r, 50));
  };
  // Chrome stops the extension's service worker for real (CDP ServiceWorker.stopWorker, from one of
  // the extension's own pages), as it does to an idle or crashed one; its memory is gone.
  const control = await newPage(browser.extensionUrl('popup.html'));
  const cdp = await browser.context.newCDPSession(control);
  const versions = [];
  cdp.on('ServiceWorker.workerVersionUpdated', (e) => versions.push(...e.versions));
  await cdp.send('ServiceWorker.enable');
  const stopWorker = async () => {
    await browser.worker.evaluate(() => { globalThis.__twBeforeStop = true; });
    const running = versions.filter((v) => v.runningStatus === 'running').at(-1);
    assert.ok(running, 'the worker is running');
    // Any 'stopped' report after the request counts: a message already on its way (the checklist's
    // heartbeat, the content script) may start the worker again before the next poll.
    const from = versions.length;
    const stopped = () => versions.slice(from).some((v) => v.versionId === running.versionId && v.runningStatus === 'stopped');
    await cdp.send('ServiceWorker.stopWorker', { versionId: running.versionId });
    for (let i = 0; i < 200 && !stopped(); i++) await new Promise((r) => setTimeout(r, 50));
    assert.ok(stopped(), `the worker stopped (reports since the request: ${versions.slice(from).map((v) => v.runningStatus).join(', ') || 'none'})`);
  };
  replica.delayPost('service-account', 2500);
  replica.delayPost('credential', 2500);
  const { adminTab } = await startFromGuard();
  await posted(/\/service-accounts$/);
  await stopWorker(); // the account's POST is in flight
  await posted(/\/credentials$/);
  for (let i = 0; i < 100 && versions.at(-1)?.runningStatus !== 'running'; i++) await new Promise((r) => setTimeout(r, 50));
  await stopWorker(); // the credential's POST is in flight
  const { frame } = await checklist(adminTab);
  await frame.getByRole('heading', { name: 'Before you close this' }).waitFor({ timeout: 60000 });
  browser.worker = browser.context.serviceWorkers().at(-1);
  assert.equal(await browser.worker.evaluate(() => globalThis.__twBeforeStop ?? false), false, 'a fresh worker answered');
  assert.deepEqual(replica.creations, { serviceAccount: 1, credential: 1, apiToken: 0 });
  assert.equal(account('docs-publisher').length, 1);
  assert.equal(account('docs-publisher')[0].credentials.length, 1);
  await cdp.detach();
  console.log('# exactly once: service worker stopped during both automatic final POSTs: 1 account, 1 credential');
});
