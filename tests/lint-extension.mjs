// Runs Mozilla's web-ext lint on the built extension and fails on any error. The warnings we accept
// are listed here with their reason (and in the README); any other warning fails too, so nobody adds
// one silently.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const dir = process.argv[2];
if (!dir) throw new Error('usage: node tests/lint-extension.mjs DIST_EXTENSION_DIR');

// code → why it is acceptable
const ACCEPTED_WARNINGS = {
  // One manifest serves both browsers: Firefox ignores the Chromium service_worker key and uses "scripts".
  BACKGROUND_SERVICE_WORKER_IGNORED: 'background.service_worker is for Chromium; Firefox uses background.scripts',
};

const webExt = fileURLToPath(new URL('../node_modules/.bin/web-ext', import.meta.url));
let out;
try {
  out = execFileSync(webExt, ['lint', '--source-dir', dir, '--output', 'json', '--no-config-discovery'], {
    encoding: 'utf8',
  });
} catch (e) {
  out = e.stdout; // web-ext exits non-zero when it finds errors; the JSON still tells which
}
const report = JSON.parse(out);
const unexpected = report.warnings.filter((w) => !(w.code in ACCEPTED_WARNINGS));
for (const w of report.warnings) {
  const why = ACCEPTED_WARNINGS[w.code];
  console.log(`${why ? 'accepted' : 'UNEXPECTED'} warning ${w.code} (${w.file ?? ''}): ${w.message}${why ? ` — ${why}` : ''}`);
}
for (const e of report.errors) console.log(`ERROR ${e.code} (${e.file ?? ''}): ${e.message} ${e.description ?? ''}`);
console.log(`web-ext lint: ${report.errors.length} errors, ${report.warnings.length} warnings (${unexpected.length} unexpected), ${report.notices.length} notices`);
if (report.errors.length || unexpected.length) process.exit(1);
