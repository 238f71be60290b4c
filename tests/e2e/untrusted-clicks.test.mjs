// The page is untrusted: a page script that `.click()`s every element Token Warden put on the page
// (the "Move to a service account" links on the token list, the markers on API token activity) five
// times must create no hand-off job and open no tab. Only the person's own (trusted) click counts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DIST_EXTENSION, TOKENS_URL, startReplica, launchBrowser } from './harness.mjs';

let replica;
let browser;

before(async () => {
  replica = await startReplica();
  browser = await launchBrowser({ extensionDir: process.env.TW_EXTENSION_DIR ?? DIST_EXTENSION, replicaPort: replica.port });
});

after(async () => {
  await browser?.close();
  await replica?.close();
});

async function clickEverythingFromThePage(url, markSelector) {
  const page = await browser.context.newPage();
  await page.goto(url);
  await page.locator(markSelector).first().waitFor();
  const tabsBefore = browser.context.pages().length;
  // page.evaluate runs in the page's own world, as a page script does.
  const clicked = await page.evaluate(() => {
    const ours = [...document.querySelectorAll('[data-token-warden], [data-token-warden] *')];
    for (let round = 0; round < 5; round++) for (const el of ours) el.click();
    return ours.filter((el) => el.tagName === 'BUTTON').length;
  });
  assert.ok(clicked > 0, 'there were extension buttons to click');
  // Let any message the clicks sent be answered: one more request through the same serial queue.
  const popup = await browser.context.newPage();
  await popup.goto(browser.extensionUrl('popup.html'));
  await popup.evaluate(() => chrome.runtime.sendMessage({ type: 'ping' }));
  const state = await browser.worker.evaluate(async () => (await chrome.storage.local.get('core_state')).core_state);
  assert.deepEqual(state?.jobs ?? [], [], 'no hand-off job was created');
  assert.equal(browser.context.pages().length, tabsBefore + 1, 'no tab was opened (besides our popup)');
  await popup.close();
  await page.close();
}

test('scripted clicks on the token list links create nothing', { timeout: 60_000 }, async () => {
  await clickEverythingFromThePage(TOKENS_URL, 'button[data-token-warden="mark"]');
});

test('scripted clicks on the API token activity markers create nothing', { timeout: 60_000 }, async () => {
  await clickEverythingFromThePage(
    `https://admin.atlassian.com/o/${replica.ORG_ID}/insights/api-token-activity`,
    'button[data-token-warden="mark"]',
  );
});
