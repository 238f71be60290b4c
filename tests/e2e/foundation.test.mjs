// The foundation, end to end in a real headless Chromium with the built extension: the core answers,
// the content script gets its plan on the real hostname under a strict CSP, the panel, popup and
// options render from Rust, the page never sees an error of ours, nothing outlives navigation, and a
// core that cannot start still leaves a plain warning.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import {
  ROOT, DIST_EXTENSION, TOKENS_URL, startReplica, launchBrowser, extensionWithBrokenWasm, watchPageErrors,
  panelFrame, readJson, eventsArrive,
} from './harness.mjs';

let replica;
let browser;

before(async () => {
  replica = await startReplica();
  browser = await launchBrowser({ replicaPort: replica.port });
});
after(async () => {
  await browser?.close();
  await replica?.close();
});

const events = (type) => replica.events.filter((e) => e.type === type);

test('the built manifest keeps its permissions and CSP exactly', async () => {
  const m = await readJson(path.join(DIST_EXTENSION, 'manifest.json'));
  assert.equal(m.manifest_version, 3);
  assert.deepEqual(m.permissions, ['storage']);
  assert.deepEqual(m.host_permissions, ['https://id.atlassian.com/*', 'https://admin.atlassian.com/*']);
  assert.equal(m.content_security_policy.extension_pages, "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'");
  assert.deepEqual(Object.keys(m.content_security_policy), ['extension_pages']);
  // One entry per host, each with only the features that run there (less to compile per page load),
  // both starting with the generated tables and the runtime; nothing outside the two hosts.
  assert.deepEqual(m.content_scripts.flatMap((cs) => cs.matches).sort(), ['https://admin.atlassian.com/*', 'https://id.atlassian.com/*']);
  for (const cs of m.content_scripts) {
    assert.deepEqual(cs.js.slice(0, 3), ['generated/protocol.js', 'generated/default-plan.js', 'content/runtime.js']);
    assert.equal(cs.run_at, 'document_start');
  }
  const scriptsFor = (host) => m.content_scripts.find((cs) => cs.matches.includes(`https://${host}/*`)).js;
  assert.ok(scriptsFor('id.atlassian.com').includes('content/guard.js'));
  assert.ok(scriptsFor('admin.atlassian.com').includes('content/handoff-driver.js'));
  for (const war of m.web_accessible_resources) {
    assert.deepEqual(war.matches, ['https://id.atlassian.com/*', 'https://admin.atlassian.com/*']);
  }
  assert.equal(m.background.type, 'module');
  assert.equal(m.background.service_worker, 'background.js');
  assert.deepEqual(m.background.scripts, ['background.js']);
  assert.ok(m.key, 'a key pins the Chrome extension id');
  assert.ok(m.browser_specific_settings.gecko.id);
  assert.equal(m.default_locale, 'en');
});

test('the background answers through the Rust core, and survives malformed messages', async () => {
  const page = await browser.context.newPage();
  await page.goto(browser.extensionUrl('popup.html'));
  const replies = await page.evaluate(async () => {
    const send = (m) => chrome.runtime.sendMessage(m);
    return [await send({ type: 'ping' }), await send({ type: 'nope' }), await send('garbage'), await send({ type: 'ping' })];
  });
  assert.equal(replies[0].ok, true);
  assert.equal(replies[0].type, 'pong');
  assert.match(replies[0].version, /^\d+\.\d+\.\d+/);
  assert.equal(replies[1].ok, false);
  assert.match(replies[1].error, /malformed message/);
  assert.equal(replies[2].ok, false);
  assert.equal(replies[3].ok, true, 'the worker still answers after bad input');
  await page.close();
});

test('on the tokens page the create click is held, and the panel renders from Rust under the page CSP', async () => {
  replica.reset();
  const page = await browser.context.newPage();
  const errors = watchPageErrors(page);
  await page.goto(TOKENS_URL);
  // The content script has run on the real hostname (its guard attribute is on <html>).
  await page.waitForSelector('html[data-token-warden]');
  await page.getByRole('button', { name: 'Create API token', exact: true }).click();
  const frame = await panelFrame(page);
  const title = await frame.locator('#tw-title').textContent();
  assert.equal(title, 'This API token would belong to you'); // from _locales/en, rendered by Rust
  assert.equal(events('dialog-open').length, 0, "Atlassian's dialog must not open while the person decides");

  await mkdir(path.join(ROOT, 'dist', 'screenshots'), { recursive: true });
  await page.screenshot({ path: path.join(ROOT, 'dist', 'screenshots', 'panel.png') });

  // "Not now" lets Atlassian's own dialog open, as if the extension were absent.
  await frame.getByRole('button', { name: 'Not now' }).click();
  await page.waitForSelector('iframe[data-token-warden]', { state: 'detached' });
  await page.getByRole('dialog').waitFor();
  assert.equal((await eventsArrive(replica, 'dialog-open', 1)).length, 1);
  assert.deepEqual(errors, []);
  await page.close();
});

test('nothing the extension added survives in-app navigation away', async () => {
  replica.reset();
  const page = await browser.context.newPage();
  const errors = watchPageErrors(page);
  await page.goto(TOKENS_URL);
  await page.waitForSelector('html[data-token-warden]');
  await page.getByRole('button', { name: 'Create API token with scopes' }).click();
  await panelFrame(page);
  // The sidebar link is an in-app (pushState) navigation; the panel covers it, so go through history.
  await page.evaluate(() => {
    history.pushState({}, '', '/manage-profile/security');
    dispatchEvent(new PopStateEvent('popstate'));
  });
  await page.waitForSelector('iframe[data-token-warden]', { state: 'detached' });
  assert.equal(await page.locator('[data-token-warden="panel"], [data-token-warden="fallback"]').count(), 0);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the popup and the options page render from Rust', async () => {
  const page = await browser.context.newPage();
  await page.goto(browser.extensionUrl('popup.html'));
  await page.waitForSelector('html[data-rendered="rust"]');
  await page.getByRole('link', { name: 'Open my API tokens' }).waitFor();
  await page.goto(browser.extensionUrl('options.html'));
  await page.waitForSelector('html[data-rendered="rust"]');
  await page.getByLabel('When I create a personal API token:').selectOption('inform');
  await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
  const settings = await browser.worker.evaluate(() => chrome.storage.local.get('settings'));
  assert.deepEqual(settings, { settings: { guardMode: 'inform' } });
  await page.getByLabel('When I create a personal API token:').selectOption('warn');
  await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
  await page.close();
});

test('when the wasm core cannot start, a plain warning still appears and the page keeps working', async () => {
  const dir = await extensionWithBrokenWasm();
  const broken = await launchBrowser({ extensionDir: dir, replicaPort: replica.port });
  try {
    replica.reset();
    const page = await broken.context.newPage();
    const errors = watchPageErrors(page);
    await page.goto(TOKENS_URL);
    await page.waitForSelector('html[data-token-warden]');
    await page.getByRole('button', { name: 'Create API token', exact: true }).click();
    const warning = page.getByRole('alertdialog');
    await warning.waitFor();
    assert.match(await warning.textContent(), /this token would belong to you/);
    await warning.getByRole('button', { name: 'Continue anyway' }).click();
    await page.getByRole('dialog').waitFor(); // Atlassian's dialog proceeds
    assert.deepEqual(errors, []);
  } finally {
    await broken.close();
  }
});
