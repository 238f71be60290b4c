// The main-thread time of the content scripts themselves, per page load, read off a Chromium trace
// instead of a with/without difference (whose noise, a few ms per load, is larger than the effect):
// the V8 sampling profiler runs during the load ('disabled-by-default-v8.cpu_profiler', the
// samples DevTools' Performance panel shows), and every sample whose JS stack holds a frame of one
// of the extension's content-script files counts, for the time until the next sample. Compiling
// those files ('v8.compile' events with their URL) is added. What it leaves out, by construction:
// style and layout that our DOM changes cause later in the frame (the paired metrics see those).
//
// Used by guard.bench.mjs (part 2b), which also checks the method on a copy of the extension whose
// content script burns a known time.
import { readFile } from 'node:fs/promises';
import path from 'node:path';

const CATEGORIES = ['devtools.timeline', 'v8', 'disabled-by-default-v8.cpu_profiler'];

/** The content-script files the manifest injects, as paths inside the extension ('content/guard.js'). */
export async function contentScriptFiles(extensionDir) {
  const manifest = JSON.parse(await readFile(path.join(extensionDir, 'manifest.json'), 'utf8'));
  return new Set(manifest.content_scripts.flatMap((c) => c.js).map((f) => f.replace(/^\.?\//, '')));
}

/**
 * One fresh tab, one load of `url` traced until `settleMs` after the load event; the milliseconds of
 * main-thread JS (and compile) attributed to `files` of extension `extensionId`.
 */
export async function tracedLoad(context, { url, settleMs, extensionId, files }) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  try {
    await cdp.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { includedCategories: CATEGORIES, recordMode: 'recordContinuously' } });
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForTimeout(settleMs);
    await cdp.send('Tracing.end');
    await complete;
  } finally {
    await cdp.detach().catch(() => {});
    await page.close();
  }
  return attribute(events, extensionId, files);
}

/** Milliseconds of samples and compiles attributed to the content-script files, from trace events. */
export function attribute(events, extensionId, files) {
  const prefix = `chrome-extension://${extensionId}/`;
  const ours = (url) => typeof url === 'string' && url.startsWith(prefix) && files.has(url.slice(prefix.length).split(/[?#]/)[0]);
  // Profiles are keyed by (pid, id); their chunks carry new nodes (with parents) and samples.
  const profiles = new Map();
  let compileUs = 0;
  for (const e of events) {
    if (e.name === 'v8.compile' && e.ph === 'X' && ours(e.args?.data?.url)) compileUs += e.dur ?? 0;
    if (e.name !== 'ProfileChunk') continue;
    const key = `${e.pid}:${e.id}`;
    let p = profiles.get(key);
    if (!p) profiles.set(key, (p = { nodes: new Map(), samples: [], deltas: [] }));
    const cpu = e.args?.data?.cpuProfile ?? {};
    for (const n of cpu.nodes ?? []) p.nodes.set(n.id, { parent: n.parent, url: n.callFrame?.url });
    p.samples.push(...(cpu.samples ?? []));
    p.deltas.push(...(e.args?.data?.timeDeltas ?? []));
  }
  let sampledUs = 0;
  let samples = 0;
  for (const p of profiles.values()) {
    const memo = new Map();
    const inOurs = (id) => {
      if (memo.has(id)) return memo.get(id);
      const chain = [];
      let found = false;
      for (let cur = id; cur != null && !memo.has(cur); cur = p.nodes.get(cur)?.parent) {
        chain.push(cur);
        if (ours(p.nodes.get(cur)?.url)) {
          found = true;
          break;
        }
      }
      if (!found && chain.length) found = memo.get(p.nodes.get(chain.at(-1))?.parent) ?? false;
      for (const c of chain) memo.set(c, found);
      return found;
    };
    for (let i = 0; i < p.samples.length; i++) {
      if (!inOurs(p.samples[i])) continue;
      // A sample stands for the time until the next one (the last one: the typical interval).
      sampledUs += Math.max(0, p.deltas[i + 1] ?? p.deltas[i] ?? 0);
      samples++;
    }
  }
  return { ms: (sampledUs + compileUs) / 1000, sampledMs: sampledUs / 1000, compileMs: compileUs / 1000, samples, profiles: profiles.size };
}
