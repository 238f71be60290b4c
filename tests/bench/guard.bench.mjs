// The personal-token guard's numbers (issue 3, "Numbers to report"), measured on the replica in a real
// headless Chromium with the built extension (dist/extension):
//
//   1. click → visible panel, with the service worker warm and cold (median, p95; split into "panel
//      iframe inserted", "panel rendered by Rust", "first frame after render", "focus inside the panel");
//   2. main-thread time the content script adds per page load (Chromium's Performance.getMetrics, with
//      and without the extension, paired load by load, plus a calibration run that proves
//      isolated-world script time counts);
//      2b. the content scripts' own main-thread JS time per load, read off a trace's CPU samples
//      (content-script-time.mjs), checked on a copy that burns a known time;
//   3. the size of what the content script injects, and of the panel's own resources.
//
// Each figure for this tree sits beside the same figure for a baseline build in the same run (see
// docs/performance.md). It measures and prints; it never asserts a timing. Run after ./build.sh: node tests/bench/guard.bench.mjs
// (./build.sh bench does both). BENCH_RUNS, BENCH_LOADS, BENCH_WALL_LOADS and BENCH_EMPTY_LOADS override
// the counts; BENCH_PARTS=1,3 runs only some parts (2b: the traced part alone); BENCH_TRACE_LOADS sets its count; BENCH_DEBUG=1 logs each click run to stderr.
// BENCH_BASELINE_DIST (set by ./build.sh bench) is a baseline build measured beside this tree's, in the
// same run and in turns; BENCH_NOW_DIST replaces dist/extension as "now" (e.g. a copy, so that
// rebuilding during a long run changes nothing under the browser).
import { mkdtemp, rm, cp, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir, loadavg, cpus } from 'node:os';
import path from 'node:path';
import { gzipSync, constants as zlibConstants } from 'node:zlib';
import { TOKENS_URL, DIST_EXTENSION, CHROMIUM, startReplica, launchBrowser } from '../e2e/harness.mjs';
import { contentScriptFiles, tracedLoad } from './content-script-time.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 50); // click → panel, per temperature
const LOADS = Number(process.env.BENCH_LOADS ?? 60); // page loads, per browser (paired: enough to resolve ±1 ms)
const WALL_LOADS = Number(process.env.BENCH_WALL_LOADS ?? 10); // page loads, per browser, wall-time domain
const EMPTY_LOADS = Number(process.env.BENCH_EMPTY_LOADS ?? 10); // loads with an empty-content-script copy
const TRACE_LOADS = Number(process.env.BENCH_TRACE_LOADS ?? 40); // traced loads per build (part 2b)
const CALIBRATION_LOADS = 5;
const CALIBRATION_BURN_MS = 200;
const CLICK_BUDGET_MS = 150_000; // per temperature and build, then the runs are cut short
const SETTLE_MS = 800; // after the load event, before reading the metrics: the app's first render, the content script's page_facts round trip, its debounced observer, the token-list report
const CREATE = 'Create API token';
const NOW_DIST = process.env.BENCH_NOW_DIST ?? DIST_EXTENSION;

const started = performance.now();
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
const log = (...a) => console.log(...a);
const debug = process.env.BENCH_DEBUG ? (...a) => console.error('[debug]', ...a) : () => {};

/** Rejects after `ms` with a message naming `what` (CDP calls and evaluations have no timeout of their own). */
function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

// ---------------------------------------------------------------------------------------------
// Statistics and tables
// ---------------------------------------------------------------------------------------------
function quantile(values, q) {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (!v.length) return NaN;
  const i = (v.length - 1) * q; // linear interpolation between closest ranks
  const lo = Math.floor(i);
  return v[lo] + (v[Math.ceil(i)] - v[lo]) * (i - lo);
}
const median = (v) => quantile(v, 0.5);
const p95 = (v) => quantile(v, 0.95);
/** 95% bootstrap interval of median(a) − median(b) (fixed seed, so a rerun on the same data prints the same). */
function diffInterval(a, b, rounds = 2000) {
  let seed = 42;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const pick = (v) => v.map(() => v[Math.floor(rand() * v.length)]);
  const diffs = [];
  for (let i = 0; i < rounds; i++) diffs.push(median(pick(a)) - median(pick(b)));
  return [quantile(diffs, 0.025), quantile(diffs, 0.975)];
}
/** 95% bootstrap interval of the median of paired differences (pairs resampled together; fixed seed). */
function pairedInterval(d, rounds = 4000) {
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const meds = [];
  for (let i = 0; i < rounds; i++) meds.push(median(d.map(() => d[Math.floor(rand() * d.length)])));
  return [quantile(meds, 0.025), quantile(meds, 0.975)];
}
const ms = (x, digits = 1) => (Number.isFinite(x) ? `${x.toFixed(digits)} ms` : 'n/a');

function table(headers, rows) {
  const cells = [headers, ...rows].map((r) => r.map(String));
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  const line = (r) => `| ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  log(line(cells[0]));
  log(`|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
  for (const r of cells.slice(1)) log(line(r));
}

// ---------------------------------------------------------------------------------------------
// 1. Click → visible panel
// ---------------------------------------------------------------------------------------------

// In every panel frame (the extension's iframe, main world): when the Rust core marks the page
// rendered, and the first frame after that. Times are absolute (timeOrigin + now) so they compare with
// the page's, which runs in another process; Date.now() is kept as a cross-check of that clock.
function panelFrameProbe() {
  if (location.protocol !== 'chrome-extension:' || !location.pathname.endsWith('/panel.html')) return;
  const abs = () => performance.timeOrigin + performance.now();
  const rec = (window.__twBench = {});
  // Focusable: the first moment focus lands on an element inside the panel's document.
  // focusin is exact; the per-frame check of activeElement is the fallback should a focus() in an
  // unfocused frame fire no event.
  const focusedNow = () => {
    if (rec.focused) return;
    rec.focused = abs();
    requestAnimationFrame(() => setTimeout(() => {
      rec.paintedAfterFocus = abs();
    }, 0));
  };
  document.addEventListener('focusin', focusedNow, true);
  const focusCheck = () => {
    const a = document.activeElement;
    if (!rec.focused && a && a !== document.body && a !== document.documentElement) focusedNow();
    if (!rec.focused) requestAnimationFrame(focusCheck);
  };
  requestAnimationFrame(focusCheck);
  const check = () => {
    if (rec.rendered || document.documentElement?.dataset.rendered !== 'rust') return;
    rec.rendered = abs();
    rec.renderedWall = Date.now();
    // rAF runs just before the frame is produced; the task after it runs once it has been.
    requestAnimationFrame(() => setTimeout(() => {
      rec.painted = abs();
    }, 0));
  };
  new MutationObserver(check).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-rendered'] });
}

// In the Atlassian page (main world): the click time, and the moment the panel iframe is shown after
// it: inserted visible (a panel mounted on the click), or made visible (a panel prepared hidden before
// the click, which the click only reveals), and the page's first frame after that moment.
// The click time comes from a capture `mouseup` listener: the content script holds the click itself
// with a capture listener on window registered at document_start that stops immediate propagation,
// so a test `click` listener never sees it; the browser dispatches `click` right after `mouseup`, in
// the same task.
function pageProbe(buttonName) {
  const abs = () => performance.timeOrigin + performance.now();
  const rec = (window.__twBench = { cur: null });
  window.addEventListener('mouseup', (e) => {
    const button = e.target?.closest?.('button, [role="button"]');
    if (!button || button.textContent.trim() !== buttonName) return;
    rec.cur = { click: abs(), clickWall: Date.now() };
  }, true);
  const isShown = (n) => {
    const r = n.getBoundingClientRect();
    const s = getComputedStyle(n);
    return r.width > 0 && r.height > 0 && s.visibility === 'visible' && s.display !== 'none' && Number(s.opacity) > 0;
  };
  new MutationObserver((mutations) => {
    const cur = rec.cur;
    if (!cur || cur.shown) return;
    for (const m of mutations) {
      const nodes = m.type === 'childList' ? [...m.addedNodes] : [m.target];
      for (const n of nodes) {
        if (n.nodeName !== 'IFRAME' || n.getAttribute('data-token-warden') !== 'panel' || !isShown(n)) continue;
        cur.shown = abs();
        cur.how = m.type === 'childList' ? 'inserted' : 'revealed';
        cur.visibleOnShow = true;
        requestAnimationFrame(() => setTimeout(() => {
          cur.pagePainted = abs();
        }, 0));
        return;
      }
    }
  }).observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ['style', 'data-token-warden'] });
}

/** Tracks the extension's service worker through the page's CDP ServiceWorker domain. */
async function workerWatch(context, page, extensionId) {
  const cdp = await context.newCDPSession(page);
  const status = new Map(); // versionId → runningStatus, extension worker only
  const history = [];
  cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
    for (const v of versions) {
      if (!v.scriptURL.startsWith(`chrome-extension://${extensionId}/`)) continue;
      status.set(v.versionId, v.runningStatus);
      history.push(v.runningStatus);
    }
  });
  await cdp.send('ServiceWorker.enable');
  const browserCdp = await context.browser()?.newBrowserCDPSession().catch(() => null);
  const swTargets = async () => {
    if (!browserCdp) return null;
    const { targetInfos } = await withTimeout(browserCdp.send('Target.getTargets'), 5000, 'Target.getTargets');
    return targetInfos.filter((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${extensionId}/`));
  };
  const allStopped = () => status.size > 0 && [...status.values()].every((s) => s === 'stopped');
  async function waitStopped(timeout = 5000) {
    const end = performance.now() + timeout;
    while (performance.now() < end) {
      const targets = await swTargets();
      if (allStopped() && (targets === null || targets.length === 0)) return true;
      await new Promise((r) => setTimeout(r, 20));
    }
    return false;
  }
  const methods = {
    // The page's ServiceWorker domain sees the extension's worker (same storage partition).
    'CDP ServiceWorker.stopAllWorkers (page session)': () => cdp.send('ServiceWorker.stopAllWorkers'),
    'CDP Target.closeTarget on the service_worker target (browser session)': async () => {
      for (const t of (await swTargets()) ?? []) await browserCdp.send('Target.closeTarget', { targetId: t.targetId });
    },
  };
  const worked = new Map();
  return {
    history,
    /** Stops the worker and checks that it really stopped; returns the method that did it. */
    async stop() {
      for (const [name, run] of Object.entries(methods)) {
        try {
          await withTimeout(run(), 5000, name);
        } catch {
          continue;
        }
        if (await waitStopped()) {
          worked.set(name, (worked.get(name) ?? 0) + 1);
          return name;
        }
      }
      throw new Error(`could not stop the extension's service worker (status: ${[...status.values()]})`);
    },
    worked,
    async close() {
      await cdp.detach().catch(() => {});
      await browserCdp?.detach().catch(() => {});
    },
  };
}

/**
 * One browser with one extension build on the tokens page, ready for click → panel runs. `attempt()`
 * returns one run's timings (or null after a failed run, which reloads the page).
 */
async function clickSession(replica, extensionDir) {
  const browser = await launchBrowser({ replicaPort: replica.port, extensionDir });
  const { context, extensionId } = browser;
  await context.addInitScript(panelFrameProbe);
  const page = await context.newPage();
  const button = page.getByRole('button', { name: CREATE, exact: true });
  const PANEL = 'iframe[data-token-warden="panel"]';
  let step = '';
  let prepares = null; // whether this build prepares its panel before the click (found on the first page)
  async function openPage(tries = 3) {
    await page.goto(TOKENS_URL);
    await page.waitForSelector('html[data-token-warden]');
    await button.waitFor();
    await page.evaluate(pageProbe, CREATE);
    try {
      await waitPrepared();
    } catch (error) {
      // The probe is an init script: in a frame that loaded before it reached the frame's process
      // (seen on a fresh browser's first page), it never reports; a fresh document gets it.
      if (tries <= 1) throw error;
      debug('prepared panel not seen rendered; reloading', String(error?.message ?? error).split('\n')[0]);
      await openPage(tries - 1);
    }
  }
  await openPage();
  const watch = await workerWatch(context, page, extensionId);
  const closing = { escape: 0, fallback: 0, dialogRetries: 0 };

  // Escape inside the panel (its document-level keydown handler is "Not now"), then Escape on
  // Atlassian's dialog, which the released click opened. The panel's Escape is dispatched in the frame:
  // a real key press (Input.dispatchKeyEvent) to a frame that removes itself in answer sometimes never
  // gets its acknowledgement, and hangs. If the panel does not go, its "Not now" button.
  async function closeEverything(frame) {
    step = 'Escape in the panel';
    await withTimeout(frame.evaluate(() => {
      const init = { key: 'Escape', code: 'Escape', keyCode: 27, bubbles: true, cancelable: true, composed: true };
      (document.activeElement ?? document.body).dispatchEvent(new KeyboardEvent('keydown', init));
    }), 5000, 'Escape in the panel').catch(() => {});
    const gone = await page.waitForSelector(PANEL, { state: 'detached', timeout: 3000 }).then(() => true, () => false);
    if (gone) closing.escape++;
    else {
      closing.fallback++;
      await frame.getByRole('button', { name: 'Not now' }).click({ timeout: 5000 }).catch(() => {});
      await page.waitForSelector(PANEL, { state: 'detached', timeout: 15000 });
    }
    step = "wait for Atlassian's dialog";
    const dialog = page.getByRole('dialog');
    await dialog.waitFor({ timeout: 10000 });
    step = "close Atlassian's dialog";
    // The dialog may not listen for keys yet when it first appears: press again until it goes.
    for (let i = 0; ; i++) {
      await page.keyboard.press('Escape');
      if (await dialog.waitFor({ state: 'detached', timeout: 2000 }).then(() => true, () => false)) break;
      if (i === 4) throw new Error("Atlassian's dialog did not close on Escape");
      closing.dialogRetries++;
    }
  }

  async function once() {
    step = 'reset probe';
    await page.evaluate(() => {
      window.__twBench.cur = null;
    });
    step = 'click';
    await button.click();
    step = 'wait for the panel iframe to be shown';
    await page.waitForFunction(() => window.__twBench.cur?.pagePainted, null, { timeout: 15000 });
    const iframe = await page.$(PANEL);
    const frame = await iframe.contentFrame();
    step = 'wait for the panel to render and take focus';
    await frame.waitForFunction(() => window.__twBench?.painted && window.__twBench?.paintedAfterFocus, null, { timeout: 15000 });
    step = 'read timestamps';
    const visible = await iframe.isVisible();
    const f = await frame.evaluate(() => window.__twBench);
    const p = await page.evaluate(() => window.__twBench.cur);
    await closeEverything(frame);
    await waitPrepared();
    step = 'done';
    // A prepared panel rendered before the click: its render times are negative (before the click).
    return {
      how: p.how,
      shown: p.shown - p.click,
      rendered: f.rendered - p.click,
      focused: f.focused - p.click,
      // Visible: the page's first frame after the iframe is shown, and the panel's first frame after it
      // rendered and after focus landed in it (the frame the person sees, focus ring included).
      ready: Math.max(p.pagePainted, f.painted, f.paintedAfterFocus) - p.click,
      renderedWall: f.renderedWall - p.clickWall,
      visible: visible && p.visibleOnShow,
    };
  }

  // A build that prepares its panel (loaded hidden before any click) is given the time to, as a
  // person's pause between page load and click does: found out once per session.
  async function waitPrepared() {
    step = 'wait for a prepared panel';
    const HIDDEN = 'iframe[data-token-warden-prepared]';
    if (prepares === false) return;
    const found = await page.waitForSelector(HIDDEN, { state: 'attached', timeout: prepares ? 15000 : 5000 }).then(() => true, () => false);
    prepares ??= found;
    if (!found) return;
    const frame = await (await page.$(HIDDEN)).contentFrame();
    // Rendered, not painted: a hidden frame may not be given animation frames until it is shown.
    // Polled on a timer: Playwright's default polling is per animation frame, which a hidden frame
    // may never get.
    await frame.waitForFunction(() => window.__twBench?.rendered, null, { timeout: 15000, polling: 50 });
  }

  const failures = [];
  return {
    failures,
    closing,
    watch,
    async attempt(temperature) {
      try {
        if (temperature === 'cold') {
          debug('stopping the worker');
          await watch.stop();
          await new Promise((r) => setTimeout(r, 100)); // let the extension's renderer wind down like after an idle stop
          watch.history.length = 0;
        }
        const r = await withTimeout(once(), 45000, 'one click → panel run');
        if (temperature === 'cold') r.restarted = watch.history.includes('starting');
        debug('run ok', Math.round(r.ready), 'ms');
        return r;
      } catch (error) {
        failures.push(`${step}: ${String(error?.message ?? error).split('\n')[0]}`);
        debug('run failed', failures.at(-1));
        await withTimeout(openPage(), 30000, 'reload the tokens page'); // start clean: a fresh document, no panel, no dialog
        return null;
      }
    },
    async close() {
      await watch.close();
      await browser.close();
    },
  };
}

/**
 * Click → panel for each build (the baseline, when given, and this tree), in one run: one browser per
 * build, open side by side, taking turns click by click so that the machine's load hits all alike.
 */
async function clickToPanel(replica, builds) {
  log(`\n## 1. Click → visible panel (button "${CREATE}", mode warn); builds take turns click by click: ${builds.map((b) => b.name).join(', ')}`);
  const sessions = [];
  try {
    for (const b of builds) sessions.push({ ...b, session: await clickSession(replica, b.dir) });
    for (const { session } of sessions) {
      for (let i = 0; i < 3; i++) await session.attempt('warm'); // warm-up: compiled wasm, caches, the first panel
      session.failures.length = 0;
    }
    const results = new Map(sessions.map((s) => [s.name, { warm: [], cold: [] }]));
    const notes = [];
    for (const temperature of ['warm', 'cold']) {
      const t0 = performance.now();
      const budget = CLICK_BUDGET_MS * sessions.length;
      while (sessions.some((s) => results.get(s.name)[temperature].length < RUNS)) {
        if (performance.now() - t0 > budget) {
          notes.push(`${temperature}: ${RUNS} runs each would exceed the ${secs(budget)} budget for this half; cut short`);
          break;
        }
        for (const { name, session } of sessions) {
          const runs = results.get(name)[temperature];
          if (runs.length >= RUNS) continue;
          if (session.failures.length > 10) throw new Error(`${name}: too many failed runs: ${session.failures.join('; ')}`);
          const r = await session.attempt(temperature);
          if (r) runs.push(r);
        }
      }
      log(`${temperature}: ${secs(performance.now() - t0)} for ${sessions.map((s) => `${results.get(s.name)[temperature].length} ${s.name}`).join(' + ')} runs; ${load()}`);
    }

    const rows = [];
    for (const temperature of ['warm', 'cold']) {
      for (const [label, key] of [
        ['panel iframe shown (inserted visible, or a prepared one revealed)', 'shown'],
        ['panel rendered (html[data-rendered=rust]; < 0: before the click)', 'rendered'],
        ['focus inside the panel', 'focused'],
        ['visible and focusable: first frame after shown, rendered and focused', 'ready'],
      ]) {
        for (const { name } of sessions) {
          const col = results.get(name)[temperature].map((r) => r[key]);
          rows.push([`${temperature}: ${label} [${name}]`, col.length, ms(median(col)), ms(p95(col)), ms(Math.min(...col)), ms(Math.max(...col))]);
        }
      }
    }
    table(['click → …', 'n', 'median', 'p95', 'min', 'max'], rows);

    for (const { name, session } of sessions) {
      const { warm, cold } = results.get(name);
      const all = [...warm, ...cold];
      const skew = all.map((r) => Math.abs(r.rendered - r.renderedWall));
      log(`\n[${name}] panel visible (non-zero box, visibility visible, opacity > 0) in ${all.filter((r) => r.visible).length}/${all.length} runs; shown by ${[...new Set(all.map((r) => r.how))].map((h) => `${h} ${all.filter((r) => r.how === h).length}×`).join(', ')}`);
      log(`[${name}] cold start: the worker was stopped with ${[...session.watch.worked].map(([m, n]) => `${m} (${n}×)`).join(', ')}; each stop verified by the worker's CDP runningStatus reaching "stopped" and its service_worker target leaving Target.getTargets; the worker restarted ("starting" seen) for ${cold.filter((r) => r.restarted).length}/${cold.length} cold clicks`);
      log(`[${name}] clock cross-check (page and panel run in different processes): |hi-res − Date.now()| for click → rendered: median ${ms(median(skew), 2)}, max ${ms(Math.max(...skew), 2)}`);
      const c = session.closing;
      log(`[${name}] closing between runs: Escape inside the panel ${c.escape}×, "Not now" fallback ${c.fallback}×, Escape repeated on Atlassian's dialog ${c.dialogRetries}×; failed runs (left out, page reloaded): ${session.failures.length}${session.failures.length ? ` (${[...new Set(session.failures)].join('; ')})` : ''}`);
    }
    for (const n of notes) log(`NOTE: ${n}`);
  } finally {
    for (const { session } of sessions) await session.close();
  }
}

// ---------------------------------------------------------------------------------------------
// 2. Main-thread time per page load, with and without the extension
// ---------------------------------------------------------------------------------------------
const METRICS = ['ScriptDuration', 'TaskDuration', 'LayoutDuration', 'RecalcStyleDuration'];

/** The harness's browser, without the extension. */
function launchPlain(replicaPort, locale = 'en-US') {
  return launchBrowser({ extensionDir: null, replicaPort, locale });
}

/**
 * One fresh tab, one load of the tokens page; the renderer's main-thread metrics in ms. timeDomain
 * "threadTicks" counts the main thread's CPU time (steady on a busy machine), "timeTicks" wall time.
 * Nothing polls the page while it is measured (Playwright's selector polling runs in the renderer too
 * and would be counted): load, a fixed settle, then one check that the app (and the extension, where
 * loaded) ran, done identically with and without the extension.
 */
async function loadMetrics(context, { timeDomain, url = TOKENS_URL }) {
  const page = await context.newPage();
  try {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain }); // counts from here on, across the navigation's process swap
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForTimeout(SETTLE_MS);
    const out = await metricsNow(cdp);
    const seen = await page.evaluate((name) => ({
      app: [...document.querySelectorAll('button')].some((b) => b.textContent.trim() === name),
      extension: document.documentElement.hasAttribute('data-token-warden'),
    }), CREATE);
    await cdp.detach();
    return { ...out, ...seen };
  } finally {
    await page.close();
  }
}

async function metricsNow(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const out = {};
  for (const m of metrics) if (METRICS.includes(m.name)) out[m.name] = m.value * 1000;
  return out;
}

/** A copy of the extension whose content script burns CALIBRATION_BURN_MS on ?twburn loads, and in a timer task when the page asks. */
async function extensionWithBurn() {
  const dir = await mkdtemp(path.join(tmpdir(), 'tw-burn-ext-'));
  await cp(NOW_DIST, dir, { recursive: true });
  const burn = `{ const end = performance.now() + ${CALIBRATION_BURN_MS}; while (performance.now() < end); }`;
  // The burn is one more file at the end of the tokens page's content_scripts entry (whatever files the
  // build injects there: the runtime and its features), so it runs in the same isolated world, at the
  // same run_at, right after them.
  const manifestPath = path.join(dir, 'manifest.json');
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
  const entry = manifest.content_scripts.find((c) => c.matches.some((m) => new URL(m.replace('*', 'x')).hostname === new URL(TOKENS_URL).hostname));
  if (!entry) throw new Error('calibration: no content_scripts entry matches the tokens page');
  entry.js.push('bench-burn.js');
  await writeFile(manifestPath, JSON.stringify(manifest, null, 2));
  await writeFile(
    path.join(dir, 'bench-burn.js'),
    `if (location.search.includes('twburn')) ${burn}\n` +
      `document.addEventListener('tw-bench-burn', () => setTimeout(() => ${burn}, 0));\n`,
  );
  return dir;
}

/**
 * Does ScriptDuration count script run in the content script's isolated world? A copy of the extension
 * whose content script burns CALIBRATION_BURN_MS of wall time (a) when injected, on loads whose URL has
 * ?twburn, and (b) in a timer task of its own when the page asks; (c) the same burn in the page's main
 * world as a control. Wall-clock domain, so the burn is exact.
 */
async function calibrate(replica) {
  const dir = await extensionWithBurn();
  const browser = await launchBrowser({ replicaPort: replica.port, extensionDir: dir });
  try {
    const opts = { timeDomain: 'timeTicks' };
    await loadMetrics(browser.context, opts);
    const plain = [];
    const burned = [];
    for (let i = 0; i < CALIBRATION_LOADS; i++) {
      plain.push((await loadMetrics(browser.context, opts)).ScriptDuration);
      burned.push((await loadMetrics(browser.context, { ...opts, url: `${TOKENS_URL}?twburn` })).ScriptDuration);
    }
    const page = await browser.context.newPage();
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'timeTicks' });
    await page.goto(TOKENS_URL);
    await page.waitForSelector('html[data-token-warden]');
    await page.waitForTimeout(500);
    const delta = async (trigger) => {
      const before = (await metricsNow(cdp)).ScriptDuration;
      await page.evaluate(trigger, CALIBRATION_BURN_MS);
      return (await metricsNow(cdp)).ScriptDuration - before;
    };
    const isolated = [];
    const main = [];
    for (let i = 0; i < 3; i++) {
      isolated.push(await delta(() => new Promise((resolve) => {
        document.dispatchEvent(new Event('tw-bench-burn'));
        setTimeout(resolve, 50); // after the content script's timer task
      })));
      main.push(await delta((burnMs) => new Promise((resolve) => setTimeout(() => {
        const end = performance.now() + burnMs;
        while (performance.now() < end);
        resolve();
      }, 0))));
    }
    await page.close();
    return {
      injection: median(burned) - median(plain),
      isolatedTask: median(isolated),
      mainTask: median(main),
    };
  } finally {
    await browser.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * 2b. The content scripts' own main-thread time per load, for each build, from traced loads
 * (content-script-time.mjs), the builds taking turns. The burn copy checks the method: on ?twburn
 * loads its content script spins CALIBRATION_BURN_MS more, which the method must see.
 */
async function contentScriptTrace(replica, builds) {
  log(`\n## 2b. Content scripts' own main-thread time per load of the tokens page (trace: V8 CPU samples whose stack holds a content-script frame, plus compiling those files; fresh tab per load, ${SETTLE_MS} ms after the load event; ${TRACE_LOADS} loads per build, in turns)`);
  const sessions = [];
  const burnDir = await extensionWithBurn();
  try {
    for (const b of [...builds, { name: 'burn copy (now)', dir: burnDir }]) {
      const browser = await launchBrowser({ replicaPort: replica.port, extensionDir: b.dir });
      sessions.push({ ...b, browser, files: await contentScriptFiles(b.dir), runs: [] });
    }
    const once = (s, url = TOKENS_URL) => tracedLoad(s.browser.context, { url, settleMs: SETTLE_MS, extensionId: s.browser.extensionId, files: s.files });
    for (const s of sessions) await once(s); // warm-up: HTTP and code caches
    const measured = sessions.filter((s) => s.dir !== burnDir);
    for (let i = 0; i < TRACE_LOADS; i++) for (const s of measured) s.runs.push(await once(s));
    const rows = measured.map((s) => {
      const v = s.runs.map((r) => r.ms);
      const [lo, hi] = pairedInterval(v);
      return [s.name, v.length, ms(median(v), 2), `[${lo.toFixed(2)}, ${hi.toFixed(2)}]`, ms(p95(v), 2), ms(Math.max(...v), 2),
        ms(median(s.runs.map((r) => r.compileMs)), 2), median(s.runs.map((r) => r.samples))];
    });
    table(['build', 'loads', 'median', 'median 95% CI', 'p95', 'max', 'of it compiling (median)', 'samples (median)'], rows);
    const burn = sessions.find((s) => s.dir === burnDir);
    const plain = [];
    const burned = [];
    for (let i = 0; i < CALIBRATION_LOADS; i++) {
      plain.push((await once(burn)).ms);
      burned.push((await once(burn, `${TOKENS_URL}?twburn`)).ms);
    }
    log(`check of the method: the burn copy's content script spins ${CALIBRATION_BURN_MS} ms on ?twburn loads: attributed ${ms(median(burned))} with it vs ${ms(median(plain))} without (median of ${CALIBRATION_LOADS}): the method sees +${ms(median(burned) - median(plain))}`);
    log('Not in these figures: style and layout our DOM changes cause later in the frame (the paired TaskDuration, LayoutDuration and RecalcStyleDuration rows of part 2 include them).');
  } finally {
    for (const s of sessions) await s.browser.close();
    await rm(burnDir, { recursive: true, force: true });
  }
}

/** A copy of the extension whose only content script is an empty file: Chromium's fixed cost of injecting any. */
async function extensionWithEmptyContentScript() {
  const dir = await mkdtemp(path.join(tmpdir(), 'tw-empty-cs-ext-'));
  await cp(NOW_DIST, dir, { recursive: true });
  const manifestPath = path.join(dir, 'manifest.json');
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
  for (const c of manifest.content_scripts) c.js = ['bench-empty.js'];
  await writeFile(manifestPath, JSON.stringify(manifest, null, 2));
  await writeFile(path.join(dir, 'bench-empty.js'), '');
  return dir;
}

async function mainThreadCost(replica, builds) {
  log(`\n## 2. Main-thread time per load of the tokens page (CDP Performance.getMetrics; fresh tab per load, read ${SETTLE_MS} ms after the load event; the browsers take turns, so load i of each build is paired with load i without the extension)`);
  const emptyDir = await extensionWithEmptyContentScript();
  const browsers = { without: await launchPlain(replica.port), empty: await launchBrowser({ replicaPort: replica.port, extensionDir: emptyDir }) };
  for (const b of builds) browsers[b.name] = await launchBrowser({ replicaPort: replica.port, extensionDir: b.dir });
  const sides = [...builds.map((b) => b.name), 'without', 'empty'];
  const rows = [];
  const split = [];
  const notes = [];
  try {
    for (const [timeDomain, n, what] of [['threadTicks', LOADS, 'main-thread CPU time'], ['timeTicks', WALL_LOADS, 'wall time']]) {
      const runs = Object.fromEntries(sides.map((side) => [side, []]));
      const nEmpty = timeDomain === 'threadTicks' ? EMPTY_LOADS : 0;
      // A warm-up load each (HTTP cache, code caches), then take turns so drift hits all alike.
      for (const side of sides) if (side !== 'empty' || nEmpty) await loadMetrics(browsers[side].context, { timeDomain });
      for (let i = 0; i < n; i++) {
        for (const side of sides) {
          if (side === 'empty' && i >= nEmpty) continue;
          runs[side].push(await loadMetrics(browsers[side].context, { timeDomain }));
        }
      }
      for (const side of sides) {
        const expectExtension = builds.some((b) => b.name === side);
        const bad = runs[side].filter((r) => !r.app || r.extension !== expectExtension).length;
        if (bad) notes.push(`${timeDomain}, ${side}: in ${bad}/${runs[side].length} loads the app had not rendered or the content script's marker was ${expectExtension ? 'missing' : 'present'} at reading time`);
      }
      const col = (side, m) => runs[side].map((r) => r[m]);
      const med = (side, m) => median(col(side, m));
      const unpaired = (a, b, m) => {
        const [lo, hi] = diffInterval(col(a, m), col(b, m));
        return `${ms(med(a, m) - med(b, m), 2)} [${lo.toFixed(1)}, ${hi.toFixed(1)}]`;
      };
      const paired = (a, b, m) => {
        const d = col(a, m).map((x, i) => x - col(b, m)[i]).filter(Number.isFinite);
        const [lo, hi] = pairedInterval(d);
        return `${ms(median(d), 2)} [${lo.toFixed(2)}, ${hi.toFixed(2)}]`;
      };
      for (const m of METRICS) {
        for (const b of builds) {
          rows.push([`${m} (${timeDomain}: ${what}) [${b.name}]`, n, ms(med(b.name, m), 2), ms(med('without', m), 2), paired(b.name, 'without', m), unpaired(b.name, 'without', m)]);
        }
        if (nEmpty) {
          const now = builds.at(-1).name;
          split.push([m, nEmpty, ms(med('empty', m), 2), paired('empty', 'without', m), paired(now, 'empty', m)]);
        }
      }
    }
  } finally {
    for (const b of Object.values(browsers)) await b.close();
    await rm(emptyDir, { recursive: true, force: true });
  }
  table(['metric, median per load', 'n each', 'with extension', 'without', 'paired: median of (with − without) [95% CI]', 'unpaired: median difference [95% CI]'], rows);
  log('\nsplit (threadTicks, this tree): the same extension with an empty content script, i.e. what Chromium spends injecting any content script (isolated world, extension bindings) vs what Token Warden\'s scripts and their work cost on top (paired load by load):');
  table(['metric, median per load', 'n', 'empty content script', 'empty − without [95% CI]', 'with − empty [95% CI]'], split);
  for (const n of notes) log(`NOTE: ${n}`);

  const c = await calibrate(replica);
  log(`\ncalibration (does ScriptDuration see the content script's isolated world?), a ${CALIBRATION_BURN_MS} ms busy loop, wall-time domain:`);
  log(`  in the content script at injection (document_start): +${ms(c.injection)} (median of ${CALIBRATION_LOADS} loads with it vs ${CALIBRATION_LOADS} without)`);
  log(`  in a timer task of the content script's isolated world: +${ms(c.isolatedTask)}; the same loop in the page's main world (control): +${ms(c.mainTask)}`);
  const counted = c.isolatedTask > CALIBRATION_BURN_MS * 0.8 && c.injection > CALIBRATION_BURN_MS * 0.5;
  log(counted
    ? '  => isolated-world content-script time IS counted in ScriptDuration (and TaskDuration), so the differences above are what the content script adds.'
    : '  => isolated-world content-script time is NOT (fully) counted in ScriptDuration: read the ScriptDuration difference as a lower bound; TaskDuration covers all main-thread work.');
}

// ---------------------------------------------------------------------------------------------
// 3. Sizes
// ---------------------------------------------------------------------------------------------
async function sizes(builds) {
  log('\n## 3. Size of what is injected and shipped (gzip -9)');
  const kb = (n) => `${n} B (${(n / 1024).toFixed(1)} KiB)`;
  for (const { name, dir } of builds) {
    const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8'));
    const injected = manifest.content_scripts.flatMap((c) => c.js);
    // What panel.html loads: its scripts and styles, and the wasm its glue module fetches.
    const panelHtml = await readFile(path.join(dir, 'panel.html'), 'utf8');
    const panel = [...panelHtml.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)].map((m) => m[1].replace(/^\.?\//, ''));
    const wasm = (await readdir(path.join(dir, 'pkg'))).filter((f) => f.endsWith('.wasm')).sort().map((f) => `pkg/${f}`);
    const rows = [];
    for (const [group, files] of [['into the Atlassian page (content_scripts)', injected], ['panel.html\'s scripts and styles', panel], ['all wasm shipped', wasm]]) {
      let raw = 0;
      let gz = 0;
      for (const f of files) {
        const bytes = await readFile(path.join(dir, f));
        const z = gzipSync(bytes, { level: zlibConstants.Z_BEST_COMPRESSION }).length;
        raw += bytes.length;
        gz += z;
        rows.push([`  ${f}`, kb(bytes.length), kb(z)]);
      }
      rows.push([`${group}: total`, kb(raw), kb(gz)]);
    }
    log(`\n[${name}] ${dir}`);
    table(['file', 'raw', 'gzip'], rows);
    for (const c of manifest.content_scripts) log(`[${name}] content_scripts entry (${c.run_at ?? 'document_idle'}, ${c.matches.join(', ')}): ${c.js.join(', ')}`);
  }
  log('The content scripts are read from the installed extension (never over the network); the panel\'s files load only when the panel opens, in the extension\'s own iframe and process, not in Atlassian\'s page.');
}

// ---------------------------------------------------------------------------------------------
if (!existsSync(path.join(NOW_DIST, 'manifest.json'))) {
  console.error('dist/extension is missing: run ./build.sh first');
  process.exit(1);
}
log(`Token Warden guard benchmark — Chromium at ${CHROMIUM}, replica over HTTPS; timings are measurements, never assertions.`);
const load = () => `load average ${loadavg().map((l) => l.toFixed(1)).join(' / ')} on ${cpus().length} CPUs`;
log(`machine: ${load()} (other work on the machine inflates wall-clock numbers)`);
// The baseline build (./build.sh bench builds it from tests/bench/baseline-ref) runs beside this one.
const BASELINE_DIST = process.env.BENCH_BASELINE_DIST;
const builds = [{ name: 'now', dir: NOW_DIST }];
if (BASELINE_DIST && existsSync(path.join(BASELINE_DIST, 'manifest.json'))) builds.unshift({ name: 'baseline', dir: BASELINE_DIST });
else log('NOTE: no baseline build (BENCH_BASELINE_DIST unset or missing; ./build.sh bench provides it): this tree\'s numbers only');
log(`builds: ${builds.map((b) => `${b.name} = ${b.dir}`).join('; ')}`);
const replica = await startReplica();
const parts = (process.env.BENCH_PARTS ?? '1,2,3').split(',').map((p) => p.trim());
try {
  if (parts.includes('1')) await clickToPanel(replica, builds);
  if (parts.includes('2')) await mainThreadCost(replica, builds);
  if (parts.includes('2') || parts.includes('2b')) await contentScriptTrace(replica, builds);
  if (parts.includes('3')) await sizes(builds);
} finally {
  await replica.close();
}
log(`\nguard bench finished in ${secs(performance.now() - started)}; ${load()}`);
