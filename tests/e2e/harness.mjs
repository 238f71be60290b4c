// Shared set-up for the end-to-end suites: the Atlassian replica site and a real headless Chromium
// with the built extension loaded, where id.atlassian.com and admin.atlassian.com resolve to the
// replica (docs/reference/platform.md §6). Nothing here skips: if Chromium cannot start, the test fails.
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { mkdtemp, rm, cp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startReplica } from '../replica/server.mjs';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const DIST_EXTENSION = path.join(ROOT, 'dist', 'extension');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const TOKENS_URL = 'https://id.atlassian.com/manage-profile/security/api-tokens';

export { startReplica };

/**
 * Launches Chromium with an unpacked extension; returns the context, its worker and the extension id.
 * `env` adds to (or overrides) the browser's environment: on Linux, Chromium takes its UI language,
 * which chrome.i18n follows, from LANGUAGE/LC_ALL/LANG, not from --lang.
 * `extensionDir: null` launches the same browser without any extension (for comparisons).
 */
export async function launchBrowser({ extensionDir = DIST_EXTENSION, replicaPort, locale = 'en-US', env } = {}) {
  const profile = await mkdtemp(path.join(tmpdir(), 'tw-chromium-'));
  const args = [
    ...(extensionDir ? [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`] : []),
    '--ignore-certificate-errors',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    `--lang=${locale}`,
  ];
  if (replicaPort) {
    // No quotes inside this argument: they are for shells, and would break the rule.
    args.push(`--host-resolver-rules=MAP id.atlassian.com 127.0.0.1:${replicaPort}, MAP admin.atlassian.com 127.0.0.1:${replicaPort}`);
  }
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    ignoreHTTPSErrors: true,
    ignoreDefaultArgs: ['--disable-extensions'],
    locale,
    args,
    ...(env ? { env: { ...process.env, ...env } } : {}),
  });
  const worker = !extensionDir
    ? null
    : (context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15000 })));
  const extensionId = worker ? new URL(worker.url()).host : null;
  return {
    context,
    worker,
    extensionId,
    extensionUrl: (p) => `chrome-extension://${extensionId}/${p}`,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** A copy of the built extension whose wasm cannot start (as under a JIT-off enterprise policy). */
export async function extensionWithBrokenWasm() {
  const dir = await mkdtemp(path.join(tmpdir(), 'tw-broken-ext-'));
  await cp(DIST_EXTENSION, dir, { recursive: true });
  for (const file of await readdir(path.join(dir, 'pkg'))) {
    if (file.endsWith('.wasm')) await writeFile(path.join(dir, 'pkg', file), Buffer.from('not wasm at all'));
  }
  return dir;
}

/** Collects uncaught page errors (Atlassian's page must never see one of ours). */
export function watchPageErrors(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/** Everything the extension keeps in storage.local, read inside the service worker. */
export async function extensionStorage(worker) {
  return worker.evaluate(() => chrome.storage.local.get(null));
}

export async function readJson(p) {
  return JSON.parse(await readFile(p, 'utf8'));
}

/** The panel iframe's frame, once it has rendered from Rust. */
export async function panelFrame(page) {
  const handle = await page.waitForSelector('iframe[data-token-warden="panel"]', { timeout: 10000 });
  const frame = await handle.contentFrame();
  await frame.waitForSelector('html[data-rendered="rust"]', { timeout: 10000 });
  return frame;
}

/** The replica posts its event log asynchronously: wait until `count` events of `type` arrived. */
export async function eventsArrive(replica, type, count = 1) {
  const of = () => replica.events.filter((e) => e.type === type);
  for (let i = 0; i < 100 && of().length < count; i++) await new Promise((r) => setTimeout(r, 50));
  return of();
}

/**
 * Clears extension state between tests and waits until it stays clear: messages that pages closed
 * by the previous test had already queued may still be answered, and saved, after a first clear.
 */
export async function clearExtensionState(worker, clear) {
  let cleanChecks = 0;
  for (let i = 0; i < 40 && cleanChecks < 2; i++) {
    await worker.evaluate(clear);
    await new Promise((resolve) => setTimeout(resolve, 150));
    const left = await worker.evaluate(() => chrome.storage.local.get('core_state'));
    cleanChecks = left.core_state ? 0 : cleanChecks + 1;
  }
  if (cleanChecks < 2) throw new Error('extension state keeps coming back after clearing it');
}

/**
 * The secrets the replica displays (its canary token and client secret, and the marker every canary
 * carries) are nowhere in the extension: not in its storage (local and session), not in the
 * worker's globals, and in no request the pages sent. `exceptGets`: a GET's log entry holds the
 * replica's response, where the secret is displayed by design, so suites that open those pages
 * look at the other requests only.
 */
export async function assertNoSecretLeft(worker, replica, { exceptGets = false } = {}) {
  const dump = await worker.evaluate(async () => {
    const local = await chrome.storage.local.get(null);
    const session = chrome.storage.session ? await chrome.storage.session.get(null) : {};
    const globals = Object.keys(self).map((k) => {
      try {
        return `${k}=${String(self[k])}`;
      } catch {
        return k;
      }
    });
    return JSON.stringify({ local, session, globals });
  });
  for (const secret of [replica.CANARY_TOKEN, replica.CANARY_SECRET, 'TWCANARY']) {
    assert.ok(!dump.includes(secret), 'a secret reached extension storage or the worker state');
    const leaked = replica.requestLog.find((r) => (!exceptGets || r.method !== 'GET') && JSON.stringify(r).includes(secret));
    assert.equal(leaked, undefined, `a secret was sent in a request: ${leaked?.method} ${leaked?.url}`);
  }
}

/** Closes every page the test opened (the next test starts with none). */
export async function closePages(browser) {
  for (const p of browser.context.pages()) await p.close();
}

/**
 * A suite's shared set-up in one call: one replica (`replicaOptions`, e.g. `{ ui: 'atlaskit' }`) and
 * one browser with the built extension for the whole file, closed after it; before each test the
 * replica is reset, the extension's storage cleared, and the page errors list emptied; after each,
 * no page error, and every page closed. The returned object's `replica`, `browser` and `errors` are
 * set by then; `newPage(url)` opens a page whose errors it collects.
 */
export function suite(hooks, replicaOptions) {
  const world = { replica: null, browser: null, errors: [] };
  hooks.before(async () => {
    world.replica = await startReplica(replicaOptions);
    world.browser = await launchBrowser({ replicaPort: world.replica.port });
  });
  hooks.after(async () => {
    await world.browser?.close();
    await world.replica?.close();
  });
  hooks.beforeEach(async () => {
    world.replica.reset();
    world.errors = [];
    await clearExtensionState(world.browser.worker, () => chrome.storage.local.clear());
  });
  hooks.afterEach(async () => {
    assert.deepEqual(world.errors, [], 'no uncaught error reaches the page');
    await closePages(world.browser);
  });
  world.newPage = async (url) => {
    const page = await world.browser.context.newPage();
    page.on('pageerror', (e) => world.errors.push(e.message));
    if (url) await page.goto(url);
    return page;
  };
  return world;
}
