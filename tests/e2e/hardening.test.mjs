// Hostile and failing inputs to the background, in a real Chromium with the built extension: a message
// nested thousands deep, and later messages after it; a report endpoint that never answers must not
// hold any message; a failed storage write is an error reply, not silence.
// TW_EXTENSION_DIR points the suite at another build (e.g. an older one, to see it fail).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DIST_EXTENSION, TOKENS_URL, startReplica, launchBrowser } from './harness.mjs';

const extensionDir = process.env.TW_EXTENSION_DIR ?? DIST_EXTENSION;
let replica;
let browser;

before(async () => {
  replica = await startReplica();
  browser = await launchBrowser({ extensionDir, replicaPort: replica.port });
});

after(async () => {
  await browser?.close();
  await replica?.close();
});

async function extensionPage() {
  const page = await browser.context.newPage();
  await page.goto(browser.extensionUrl('popup.html'));
  await page.waitForSelector('html[data-rendered="rust"]');
  return page;
}

test('a message nested deeper than the limit is refused, and every later message is answered', { timeout: 60_000 }, async () => {
  const page = await extensionPage();
  const replies = await page.evaluate(async () => {
    const send = async (m) => {
      try {
        return await chrome.runtime.sendMessage(m);
      } catch (e) {
        return { thrown: String(e?.message ?? e) };
      }
    };
    // Chromium's messaging refuses to serialise much deeper than this itself ("Could not serialize
    // message"); Firefox's structured clone passes thousands of levels, which the same check refuses.
    const DEPTH = 90;
    let object = 'leaf';
    for (let i = 0; i < DEPTH; i++) object = { a: object };
    let array = 'leaf';
    for (let i = 0; i < DEPTH; i++) array = [array];
    const out = [];
    out.push(await send({ type: 'token_rows', rows: object }));
    out.push(await send({ type: 'token_rows', rows: array }));
    // Several deep ones at once, then ordinary messages behind them in the queue.
    const burst = await Promise.all([
      send({ type: 'page_facts', url: object }),
      send({ type: 'ping' }),
      send({ type: 'migrate', label: array }),
      send({ type: 'ping' }),
    ]);
    out.push(...burst);
    out.push(await send({ type: 'ping' }));
    return out;
  });
  for (const i of [0, 1, 2, 4]) {
    assert.equal(replies[i]?.ok, false, `deep message ${i} is refused: ${JSON.stringify(replies[i])}`);
    assert.match(replies[i].error, /^malformed message: nested deeper than 16$/);
  }
  for (const i of [3, 5, 6]) {
    assert.equal(replies[i]?.ok, true, `message ${i} after a deep one is answered: ${JSON.stringify(replies[i])}`);
    assert.equal(replies[i].type, 'pong');
  }
  await page.close();
});

test('a failed storage write is an error reply, and the next message still works', { timeout: 60_000 }, async () => {
  const page = await extensionPage();
  // Fill storage.local up to its quota (10 MB without unlimitedStorage) with something else.
  const filled = await browser.worker.evaluate(async () => {
    const quota = chrome.storage.local.QUOTA_BYTES;
    let size = quota - 64;
    for (let i = 0; i < 40; i++) {
      try {
        await chrome.storage.local.set({ filler: 'x'.repeat(size) });
        return size;
      } catch {
        size -= 4096;
      }
    }
    return 0;
  });
  assert.ok(filled > 0, 'the filler was written');
  const reply = await page.evaluate(() =>
    chrome.runtime.sendMessage({ type: 'popup_job', template: 'jira-read-only-reporting' }),
  );
  assert.equal(reply.ok, false, `a job that cannot be saved is not reported as created: ${JSON.stringify(reply)}`);
  assert.match(reply.error, /^storage_failed: the extension could not save its state/);
  await browser.worker.evaluate(() => chrome.storage.local.remove('filler'));
  const again = await page.evaluate(() =>
    chrome.runtime.sendMessage({ type: 'popup_job', template: 'jira-read-only-reporting' }),
  );
  assert.equal(again.ok, true, JSON.stringify(again));
  const stored = await browser.worker.evaluate(async () => (await chrome.storage.local.get('core_state')).core_state);
  assert.equal(stored.jobs.length, 1, 'only the job that was saved exists');
  await page.close();
});

test('a content script sending any page request is refused, and no job or tab results', { timeout: 60_000 }, async () => {
  const page = await browser.context.newPage();
  // The content script's own isolated world, reached through the DevTools protocol (what a
  // compromised content script could send is what runs there).
  const cdp = await browser.context.newCDPSession(page);
  const worlds = [];
  cdp.on('Runtime.executionContextCreated', ({ context }) => {
    if (context.auxData?.type === 'isolated' && context.origin.startsWith('chrome-extension://')) worlds.push(context.id);
  });
  await cdp.send('Runtime.enable');
  await page.goto(TOKENS_URL);
  await page.waitForSelector('html[data-token-warden]');
  assert.ok(worlds.length > 0, 'the content script world was found');
  const P = await browser.worker.evaluate(() => globalThis.TokenWardenProtocol.page);
  const requests = Object.keys(P).filter((t) => t !== 'ping');
  const tabsBefore = browser.context.pages().length;
  for (const type of requests) {
    const { result } = await cdp.send('Runtime.evaluate', {
      contextId: worlds.at(-1),
      expression: `chrome.runtime.sendMessage(${JSON.stringify({ type, template: 'jira-read-only-reporting', job: 'x', attempt: 1, tab: 1, choice: 'service_account' })})`,
      awaitPromise: true,
      returnByValue: true,
    });
    assert.deepEqual(result.value, { ok: false, error: `refused: ${type} is for extension pages only` }, type);
  }
  const stored = await browser.worker.evaluate(async () => (await chrome.storage.local.get('core_state')).core_state);
  assert.equal((stored?.jobs ?? []).filter((j) => j.template === 'jira-read-only-reporting').length, 1,
    'only the job the popup made in the storage test exists');
  assert.equal(browser.context.pages().length, tabsBefore, 'no tab was opened');
  await page.close();
});
