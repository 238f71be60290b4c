// The page is untrusted: a page script that `.click()`s every element Token Warden put on the page
// (the "Move to a service account" links on the token list, the markers on API token activity) five
// times must create no hand-off job and open no tab. The person's own click on them only opens the
// consent view (an extension page the page cannot script); a page that frames that view itself gets
// nothing to click.
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

test("the person's click on a link opens the consent view; only its button makes the job; a framed copy gets nothing", { timeout: 60_000 }, async () => {
  const page = await browser.context.newPage();
  await page.goto(TOKENS_URL);
  const link = page.locator('button[data-token-warden="mark"]').first();
  await link.waitFor();
  const tabsBefore = browser.context.pages().length;
  await link.click(); // a trusted click
  const consent = page.frameLocator('iframe[data-token-warden="offer"]');
  await consent.getByRole('button', { name: 'Create this service account' }).waitFor();
  await consent.getByText('What Token Warden will create').waitFor();
  const jobs = async () => (await browser.worker.evaluate(async () => (await chrome.storage.local.get('core_state')).core_state))?.jobs ?? [];
  assert.deepEqual(await jobs(), [], 'the link made no job');
  assert.equal(browser.context.pages().length, tabsBefore, 'the link opened no tab');
  // The page frames the consent view itself (it knows the URL; the offer id never was in the DOM) and
  // replays what our frame was sent: it gets no button.
  await page.evaluate((url) => {
    const f = document.createElement('iframe');
    f.src = url;
    f.id = 'evil';
    f.style.cssText = 'position:fixed;left:0;top:0;width:400px;height:400px';
    document.body.append(f);
    window.addEventListener('message', (e) => e.data === 'tw-ready' && e.source === f.contentWindow && f.contentWindow.postMessage({ twOffer: 'guessed' }, '*'));
  }, browser.extensionUrl('panel.html?view=offer'));
  const evil = page.frameLocator('#evil');
  await evil.getByText('This hand-off has ended.').waitFor({ timeout: 10000 });
  assert.equal(await evil.getByRole('button', { name: 'Create this service account' }).count(), 0);
  const opened = browser.context.waitForEvent('page');
  await consent.getByRole('button', { name: 'Create this service account' }).click();
  const admin = await opened;
  const [job] = await jobs();
  assert.ok(job?.consented, 'the consent view made one consented job');
  await admin.close();
  await page.close();
});
