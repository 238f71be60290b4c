// Scope intelligence benchmarks (issue 4, "Evidence required"). Prints numbers; asserts none.
//
//   node tests/bench/scopes.bench.mjs        (or `./build.sh bench`, which builds first)
//
// 1. `token-warden scopes scan DIR --json` over a generated tree (SCOPES_BENCH_FILES files,
//    default 20,000: eleven languages, about one file in eight with Atlassian REST calls, binary
//    files, a .gitignore'd directory), against `rg` searching the same path patterns in the same
//    tree. Both walk in parallel, respect .gitignore and skip binaries and hidden files; the scan
//    also lexes, matches and solves, rg only finds lines. Median of SCOPES_BENCH_RUNS runs each
//    (default 5, after one warm-up run each), and the ratio.
// 2. The solver for 1, 10, 100 and all operations natively (`benches/scopes_bench.rs`,
//    `solver_timings`) and 3. in wasm in headless Chromium (`tests/wasm_bench.rs`).
//
// A section whose tool is missing says so and is skipped; a section that runs and fails makes the
// script exit 1 (run.mjs counts it as a failed benchmark).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const env = { ...process.env, PATH: `${os.homedir()}/.cargo/bin:${process.env.PATH}` };
const FILES = Number(process.env.SCOPES_BENCH_FILES || 20000);
const RUNS = Math.max(1, Number(process.env.SCOPES_BENCH_RUNS || 5));
const binary = path.join(root, 'target/release/token-warden');
let failures = 0;
const summary = [];

function run(cmd, args, options = {}) {
  return spawnSync(cmd, args, { cwd: root, env, maxBuffer: 1 << 30, encoding: 'utf8', ...options });
}

function have(cmd) {
  return run('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function timed(cmd, args) {
  const start = process.hrtime.bigint();
  const r = run(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return { ms, r };
}

// ---------------------------------------------------------------------------------------------
// The generated tree.

/** A small deterministic PRNG (mulberry32), so every run generates the same tree. */
function prng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FILLER = {
  py: (i) => `def helper_${i}(items):\n    """Doubles what it is given."""\n    return [x * 2 for x in items if x is not None]\n\n\nclass Store${i}:\n    def __init__(self):\n        self.cache = {}\n\n    def get(self, key):\n        return self.cache.get(key, "/static/img/${i}.png")\n`,
  js: (i) => `export function helper${i}(items) {\n  return items.filter(Boolean).map((x) => x * 2);\n}\n\nconst routes = { home: '/app/home', about: '/app/about/${i}' };\nexport default routes;\n`,
  ts: (i) => `interface Row${i} { id: number; name: string }\nexport const rows${i}: Row${i}[] = [];\nexport async function load${i}(url: string): Promise<Row${i}[]> {\n  const res = await fetch(url + '/api/internal/rows');\n  return res.json();\n}\n`,
  go: (i) => `package util\n\nimport "strings"\n\n// Join${i} joins words.\nfunc Join${i}(words []string) string {\n\treturn strings.Join(words, "/")\n}\n`,
  java: (i) => `package com.example.util;\n\npublic final class Helper${i} {\n    private Helper${i}() {}\n    public static int twice(int x) { return x * 2; }\n    public static String path() { return "/internal/health/${i}"; }\n}\n`,
  kt: (i) => `package com.example\n\nfun twice${i}(x: Int): Int = x * 2\nval healthPath${i} = "/internal/health"\n`,
  rb: (i) => `module Helpers${i}\n  def self.twice(x)\n    x * 2\n  end\n\n  HEALTH = "/internal/health/${i}"\nend\n`,
  php: (i) => `<?php\nfunction helper_${i}(array $items): array {\n    return array_map(fn($x) => $x * 2, $items);\n}\n$health = '/internal/health/${i}';\n`,
  cs: (i) => `namespace Example;\n\npublic static class Helper${i}\n{\n    public static int Twice(int x) => x * 2;\n    public const string Health = "/internal/health";\n}\n`,
  sh: (i) => `#!/bin/sh\nset -eu\n# helper ${i}\nfor f in "$@"; do\n  echo "processing $f"\n  wc -l "$f"\ndone\n`,
  ps1: (i) => `function Get-Twice${i} {\n    param([int]$X)\n    return $X * 2\n}\n$Health = "/internal/health/${i}"\n`,
};
const LANGS = Object.keys(FILLER);

function generateTree(dir) {
  const rand = prng(4);
  // Real scripts with Atlassian calls: the hand-labelled corpus (tests/corpus), in many copies.
  const corpusDir = path.join(root, 'tests/corpus');
  const corpus = readdirSync(corpusDir)
    .filter((f) => f !== 'expected.json')
    .map((f) => ({ ext: path.extname(f), text: readFileSync(path.join(corpusDir, f), 'utf8') }));
  const counts = { calls: 0, filler: 0, binary: 0, ignored: 0 };
  writeFileSync(path.join(dir, '.gitignore'), 'build/\n*.min.js\n');
  for (let i = 0; i < FILES; i++) {
    const sub = path.join(dir, `pkg${Math.floor(i / 200)}`, `mod${Math.floor(i / 20) % 10}`);
    if (i % 20 === 0) mkdirSync(sub, { recursive: true });
    const r = rand();
    if (r < 0.125) {
      const c = corpus[i % corpus.length];
      writeFileSync(path.join(sub, `client_${i}${c.ext}`), c.text);
      counts.calls++;
    } else if (r < 0.145) {
      // Binary: a NUL early on, and an API path inside that neither tool may report.
      const bytes = Buffer.alloc(4096);
      for (let b = 0; b < bytes.length; b++) bytes[b] = Math.floor(rand() * 256);
      bytes[10] = 0;
      bytes.write('https://x.atlassian.net/rest/api/3/issue', 100);
      writeFileSync(path.join(sub, `blob_${i}.bin`), bytes);
      counts.binary++;
    } else if (r < 0.16) {
      // Ignored by .gitignore: calls that must not be reported.
      const ignored = path.join(sub, 'build');
      mkdirSync(ignored, { recursive: true });
      writeFileSync(path.join(ignored, `gen_${i}.min.js`), corpus[0].text);
      counts.ignored++;
    } else {
      const lang = LANGS[i % LANGS.length];
      // Repeated to a realistic 1–6 KB.
      writeFileSync(path.join(sub, `util_${i}.${lang}`), FILLER[lang](i).repeat(3 + (i % 15)));
      counts.filler++;
    }
  }
  return counts;
}

function scanVersusRg() {
  console.log(`\n## scopes scan vs rg (${FILES} generated files, median of ${RUNS} runs)`);
  if (!existsSync(binary)) {
    console.log(`${binary} is missing: build it with ./build.sh or cargo build --release; skipping.`);
    failures++;
    return;
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'token-warden-scan-bench-'));
  try {
    const started = Date.now();
    const counts = generateTree(dir);
    console.log(
      `tree ${dir}: ${counts.calls} files with Atlassian calls, ${counts.filler} without, ` +
        `${counts.binary} binary, ${counts.ignored} .gitignore'd (generated in ${Date.now() - started} ms)`,
    );
    const scanArgs = ['scopes', 'scan', dir, '--json'];
    const patterns = ['/rest/api/[23]/', '/wiki/', '/rest/agile/', '/rest/servicedeskapi/', 'api.bitbucket.org/2.0'];
    // --no-require-git: honour .gitignore outside a git repository, as the scanner does.
    const rgArgs = ['-c', '--no-require-git', ...patterns.flatMap((p) => ['-e', p]), dir];
    const rgAvailable = ensureRg();

    const scanTimes = [];
    const rgTimes = [];
    let scanResult;
    let rgResult;
    for (let i = 0; i <= RUNS; i++) {
      // Run 0 warms the page cache for both; alternate so neither always goes first.
      const order = i % 2 ? ['rg', 'scan'] : ['scan', 'rg'];
      for (const which of order) {
        if (which === 'scan') {
          const { ms, r } = timed(binary, scanArgs);
          if (r.status !== 0 && r.status !== 1) {
            console.log(`token-warden scopes scan failed (exit ${r.status}): ${r.stderr}`);
            failures++;
            return;
          }
          scanResult = r;
          if (i > 0) scanTimes.push(ms);
        } else if (rgAvailable) {
          const { ms, r } = timed('rg', rgArgs);
          if (r.status !== 0 && r.status !== 1) {
            console.log(`rg failed (exit ${r.status}): ${r.stderr}`);
            failures++;
            return;
          }
          rgResult = r;
          if (i > 0) rgTimes.push(ms);
        }
      }
    }
    const report = JSON.parse(scanResult.stdout);
    const analysis = { ...report.analysis, unknown_count: report.unresolved.length };
    const files = new Set(report.calls.map((c) => c.file));
    const scanMs = median(scanTimes);
    console.log(
      `token-warden scopes scan --json  ${scanMs.toFixed(1).padStart(9)} ms median ` +
        `(${analysis.requests.length} calls in ${files.size} files, ${analysis.unknown_count} unknown, ` +
        `${analysis.recommendations.length} recommendation(s); runs: ${scanTimes.map((t) => t.toFixed(0)).join(', ')} ms)`,
    );
    summary.push(['scopes scan (20k-file tree)', `${scanMs.toFixed(1)} ms`]);
    if (rgAvailable) {
      const rgMs = median(rgTimes);
      const rgLines = rgResult.stdout.split('\n').filter(Boolean);
      const rgHits = rgLines.reduce((n, l) => n + Number(l.slice(l.lastIndexOf(':') + 1)), 0);
      console.log(
        `rg -c (same path patterns)       ${rgMs.toFixed(1).padStart(9)} ms median ` +
          `(${rgHits} matching lines in ${rgLines.length} files; runs: ${rgTimes.map((t) => t.toFixed(0)).join(', ')} ms)`,
      );
      const ratio = scanMs / rgMs;
      console.log(`ratio scan / rg: ${ratio.toFixed(2)}x`);
      summary.push(['rg -c (same patterns, same tree)', `${rgMs.toFixed(1)} ms`]);
      summary.push(['ratio scan / rg', `${ratio.toFixed(2)}x`]);
    } else {
      console.log('rg (ripgrep) is not installed and could not be installed: the comparison is skipped.');
      summary.push(['ratio scan / rg', 'skipped (no rg)']);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// scopes scan vs rg on a real tree (issue 11): default ~/.cargo/registry/src (≥ 10,000 files,
// ≥ 100 MB after a build), rg searching the scanner's candidate pattern (src/scan/walk.rs
// MARKER_PATTERN). Median of SCOPES_BENCH_RUNS paired runs, the order alternating.

const REAL_TREE = env.SCOPES_BENCH_TREE || path.join(os.homedir(), '.cargo', 'registry', 'src');
const CANDIDATE_PATTERN = '(?i)/rest/|/wiki/|/2\\.0/|api/v2|atlassian|bitbucket|jira|confluence|servicedesk';

function realTreeScanVersusRg() {
  console.log(`\n## scopes scan vs rg on a real tree (${REAL_TREE}, median of ${RUNS} paired runs)`);
  if (!existsSync(REAL_TREE) || !existsSync(binary) || !ensureRg()) {
    console.log('tree, binary or rg missing: skipped');
    summary.push(['scopes scan / rg (real tree)', 'skipped']);
    return;
  }
  const count = run('rg', ['--files', '--no-require-git', REAL_TREE]).stdout.split('\n').filter(Boolean).length;
  const scanTimes = [];
  const rgTimes = [];
  let report;
  for (let i = 0; i <= RUNS; i++) {
    const order = i % 2 ? ['rg', 'scan'] : ['scan', 'rg'];
    for (const which of order) {
      if (which === 'scan') {
        const { ms, r } = timed(binary, ['scopes', 'scan', REAL_TREE, '--json']);
        if (r.status !== 0 && r.status !== 1) {
          console.log(`scan failed (exit ${r.status}): ${r.stderr.slice(0, 400)}`);
          failures++;
          return;
        }
        if (i > 0) scanTimes.push(ms);
        report = JSON.parse(r.stdout);
      } else {
        const { ms } = timed('rg', ['-l', '--no-require-git', '-e', CANDIDATE_PATTERN, REAL_TREE]);
        if (i > 0) rgTimes.push(ms);
      }
    }
  }
  const scanMs = median(scanTimes);
  const rgMs = median(rgTimes);
  console.log(`${count} files (rg --files); scan parsed ${report.files_parsed} of ${report.files_seen} source files, ${report.calls.length} calls, ${report.skipped.length} skip notes`);
  console.log(`token-warden scopes scan --json  ${scanMs.toFixed(1)} ms median (runs: ${scanTimes.map((t) => t.toFixed(0)).join(', ')})`);
  console.log(`rg -l candidate pattern          ${rgMs.toFixed(1)} ms median (runs: ${rgTimes.map((t) => t.toFixed(0)).join(', ')})`);
  console.log(`ratio scan / rg (real tree): ${(scanMs / rgMs).toFixed(2)}x (goal ≤ 1.5x)`);
  summary.push(['scopes scan (real tree)', `${scanMs.toFixed(1)} ms`]);
  summary.push(['rg candidate pattern (real tree)', `${rgMs.toFixed(1)} ms`]);
  summary.push(['ratio scan / rg (real tree)', `${(scanMs / rgMs).toFixed(2)}x`]);
}

function ensureRg() {
  if (have('rg')) return true;
  if (process.getuid && process.getuid() === 0 && have('apt-get')) {
    console.log('installing ripgrep (apt-get install -y ripgrep)');
    run('apt-get', ['update', '-qq'], { stdio: 'ignore' });
    run('apt-get', ['install', '-y', '-qq', 'ripgrep'], { stdio: 'ignore', env: { ...env, DEBIAN_FRONTEND: 'noninteractive' } });
  }
  return have('rg');
}

// ---------------------------------------------------------------------------------------------
// Solver timings.

/** Picks `solve …` lines (and their `->` details) out of a harness's output. */
function solverLines(text, prefix) {
  const lines = text.split('\n');
  const out = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/^\s*(?:\S+\.rs:\d+\s+)?/, '');
    const m = line.match(new RegExp(`^${prefix}(solve|match) (.+?)\\s*:?\\s+([\\d.]+\\s*(?:ns|µs|us|ms|s))\\s+median of (\\d+) runs`));
    if (m) out.push({ label: `${m[1]} ${m[2]}`.trim(), time: m[3].replace(/\s+/g, ' '), runs: m[4], detail: '' });
    else if (out.length && /^\s*->/.test(lines[i])) out[out.length - 1].detail = lines[i].trim();
  }
  return out;
}

function nativeSolver() {
  console.log('\n## solver, native (cargo test --release --bench scopes_bench -- --ignored solver_timings)');
  const r = run('cargo', ['test', '--quiet', '--release', '--bench', 'scopes_bench', '--', '--ignored', '--nocapture', '--exact', 'solver_timings']);
  const found = solverLines(r.stdout, '');
  if (r.status !== 0 || found.length === 0) {
    console.log(`native solver harness failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
    failures++;
    return;
  }
  for (const f of found) {
    console.log(`${f.label.padEnd(58)} ${f.time.padStart(12)}  (median of ${f.runs})  ${f.detail}`);
    summary.push([`native: ${f.label}`, f.time]);
  }
}

function wasmSolver() {
  console.log('\n## solver, wasm in headless Chromium (cargo test --release --target wasm32-unknown-unknown --test wasm_bench)');
  const chromedriver = process.env.CHROMEDRIVER || '/usr/bin/chromedriver';
  const missing = [];
  if (!existsSync(chromedriver)) missing.push(`chromedriver (${chromedriver})`);
  if (!have('wasm-bindgen-test-runner')) missing.push('wasm-bindgen-test-runner (cargo install wasm-bindgen-cli)');
  if (!run('rustup', ['target', 'list', '--installed']).stdout?.includes('wasm32-unknown-unknown')) {
    missing.push('the wasm32-unknown-unknown target (rustup target add wasm32-unknown-unknown)');
  }
  if (missing.length) {
    console.log(`skipped: missing ${missing.join(', ')}`);
    summary.push(['wasm solver', 'skipped']);
    return;
  }
  const r = run(
    'cargo',
    ['test', '--release', '--target', 'wasm32-unknown-unknown', '--test', 'wasm_bench', '--', '--nocapture'],
    {
      env: {
        ...env,
        CHROMEDRIVER: chromedriver,
        CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER: 'wasm-bindgen-test-runner',
        WASM_BINDGEN_TEST_TIMEOUT: '300',
      },
    },
  );
  const found = solverLines(`${r.stdout}\n${r.stderr}`, 'wasm-bench ');
  if (r.status !== 0 || found.length === 0) {
    console.log(`wasm bench failed or printed no timings (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
    failures++;
    return;
  }
  for (const f of found) {
    console.log(`${f.label.padEnd(58)} ${f.time.padStart(12)}  (median of ${f.runs})  ${f.detail}`);
    summary.push([`wasm: ${f.label}`, f.time]);
  }
}

scanVersusRg();
realTreeScanVersusRg();
nativeSolver();
wasmSolver();

console.log('\n## summary');
for (const [label, value] of summary) console.log(`${label.padEnd(64)} ${value}`);
process.exit(failures ? 1 : 0);
