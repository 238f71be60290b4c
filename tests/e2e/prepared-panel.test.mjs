// The guard's prepared panel (issue 13): on the tokens page the content script loads the panel's
// frame before any click, hidden from sight, from assistive technology and from focus, so that the
// click only reveals it. What is checked here: it is prepared only where a click can need it, it stays
// hidden and unreachable until the click, the click reveals that same frame (no new frame) with focus
// inside, nothing is counted or decidable before the click, and it is torn down on navigation.
import { test, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { TOKENS_URL, startReplica, launchBrowser, watchPageErrors, panelFrame, clearExtensionState, closePages } from './harness.mjs';

const PREPARED = 'iframe[data-token-warden-prepared]';
let replica;
let browser;
let page;
let errors;

before(async () => {
  replica = await startReplica();
  browser = await launchBrowser({ replicaPort: replica.port });
});
after(async () => {
  await browser?.close();
  await replica?.close();
});
beforeEach(async () => {
  replica.reset();
  await browser.worker.evaluate(() => chrome.storage.local.set({ settings: {} }));
  await clearExtensionState(browser.worker, () => chrome.storage.local.remove('core_state'));
  page = await browser.context.newPage();
  errors = watchPageErrors(page);
});
afterEach(async () => {
  assert.deepEqual(errors, [], 'no uncaught error reaches the page');
  await closePages(browser);
});

const coreState = () => browser.worker.evaluate(async () => (await chrome.storage.local.get('core_state')).core_state ?? {});

async function openTokens() {
  await page.goto(TOKENS_URL);
  await page.waitForSelector('html[data-token-warden]');
  await page.getByRole('button', { name: 'Create API token', exact: true }).waitFor();
}

/** The prepared frame, once its panel has rendered (hidden). */
async function preparedFrame() {
  // Generous: the first page of a fresh browser also starts the worker and compiles the core.
  const handle = await page.waitForSelector(PREPARED, { state: 'attached', timeout: 20000 });
  const frame = await handle.contentFrame();
  await frame.waitForSelector('html[data-rendered="rust"]', { state: 'attached', timeout: 10000 });
  return { handle, frame };
}

test('prepared hidden: out of sight, out of the accessibility tree, out of the tab order', async () => {
  await openTokens();
  const { handle } = await preparedFrame();
  const facts = await handle.evaluate((f) => ({
    visibility: getComputedStyle(f).visibility,
    pointerEvents: getComputedStyle(f).pointerEvents,
    ariaHidden: f.getAttribute('aria-hidden'),
    inert: f.inert,
    tabIndex: f.tabIndex,
    kind: f.getAttribute('data-token-warden'),
    src: f.src,
  }));
  assert.deepEqual(
    { ...facts, src: undefined },
    { visibility: 'hidden', pointerEvents: 'none', ariaHidden: 'true', inert: true, tabIndex: -1, kind: null, src: undefined },
  );
  assert.match(facts.src, /panel\.html\?attempt=\d+&prepared=1$/);
  assert.equal(await page.locator(PREPARED).count(), 1, 'one prepared frame per page');
  assert.equal(await handle.isVisible(), false);
  // Tabbing through the whole page never lands in (or on) the prepared frame.
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press('Tab');
    const inFrame = await page.evaluate(() => {
      const a = document.activeElement;
      return a?.tagName === 'IFRAME' ? a.outerHTML.slice(0, 300) : '';
    });
    assert.equal(inFrame, '', `Tab ${i + 1} reached a frame`);
  }
  // The accessibility tree does not contain it.
  const snapshot = await page.locator('body').ariaSnapshot();
  assert.ok(!/Token Warden/.test(snapshot), 'the prepared panel is not in the accessibility tree');
  // Preparing counted nothing and holds nothing a choice could decide.
  const state = await coreState();
  assert.equal(state.record?.seen ?? 0, 0);
  const held = state.attempts ?? []; // flattened into the state (src/state.rs)
  assert.ok(held.length >= 1 && held.every((a) => a.armed === false), JSON.stringify(held));
});

test('the click reveals the prepared frame itself, with focus inside, and a new one is prepared after', async () => {
  await openTokens();
  const { frame: hiddenFrame } = await preparedFrame();
  const preparedSrc = await page.locator(PREPARED).getAttribute('src');
  await page.evaluate(() => {
    window.__twInserted = 0;
    new MutationObserver((ms) => {
      for (const m of ms) for (const n of m.addedNodes) if (n.nodeName === 'IFRAME') window.__twInserted++;
    }).observe(document.documentElement, { childList: true, subtree: true });
  });
  await page.getByRole('button', { name: 'Create API token', exact: true }).click();
  const frame = await panelFrame(page);
  assert.equal(frame, hiddenFrame, 'the same frame, revealed');
  assert.equal(await page.locator('iframe[data-token-warden="panel"]').getAttribute('src'), preparedSrc);
  assert.equal(await page.evaluate(() => window.__twInserted), 0, 'no frame was inserted on the click');
  const shown = page.locator('iframe[data-token-warden="panel"]');
  assert.equal(await shown.isVisible(), true);
  assert.equal(await shown.getAttribute('aria-hidden'), null);
  await frame.waitForFunction(() => document.activeElement?.matches('input[type=radio]'), null, { timeout: 5000 });
  const state = await coreState();
  assert.equal(state.record.seen, 1);
  await frame.getByRole('button', { name: 'Not now' }).click();
  await page.waitForSelector('iframe[data-token-warden="panel"]', { state: 'detached' });
  await page.getByRole('dialog').waitFor(); // released: Atlassian's own dialog opens
  assert.equal((await coreState()).record.dismissed, 1);
  await page.keyboard.press('Escape');
  // Ready for the next click: a fresh prepared frame (another attempt id).
  await preparedFrame();
  assert.notEqual(await page.locator(PREPARED).getAttribute('src'), preparedSrc);
});

test('not prepared where no click can need it, and torn down on navigation away', async () => {
  await page.goto('https://id.atlassian.com/manage-profile/security');
  await page.waitForSelector('html[data-token-warden]');
  await page.waitForTimeout(2500); // longer than the idle callback's 2 s timeout
  assert.equal(await page.locator(PREPARED).count(), 0);
  await page.close();

  page = await browser.context.newPage();
  errors = watchPageErrors(page);
  await openTokens();
  await preparedFrame();
  await page.evaluate(() => {
    history.pushState({}, '', '/manage-profile/security');
    dispatchEvent(new PopStateEvent('popstate'));
  });
  await page.waitForSelector(PREPARED, { state: 'detached', timeout: 5000 });
});

test('under an inform-only or off mode nothing is prepared', async () => {
  for (const guardMode of ['inform', 'off']) {
    await browser.worker.evaluate((s) => chrome.storage.local.set({ settings: s }), { guardMode });
    await openTokens();
    await page.waitForTimeout(2500);
    assert.equal(await page.locator(PREPARED).count(), 0, guardMode);
  }
});
