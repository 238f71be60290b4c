// `token-warden audit` at scale (issue 12): runs benches/audit_bench.rs (ignored libtest tests,
// release build) and prints its numbers: wall, requests, req/s against the mock's rate limit, 429
// share and the child's peak RSS at 20k, 100k and 1M tokens, beside the baseline where one exists.
// Prints; asserts no timing. AUDIT_BENCH_SIZES=20000,100000 and AUDIT_BENCH_LIMIT=50 override.
import { spawnSync } from 'node:child_process';

const r = spawnSync(
  'cargo',
  ['test', '--quiet', '--release', '--bench', 'audit_bench', '--', '--ignored', '--nocapture', '--test-threads=1'],
  { stdio: 'inherit' },
);
process.exit(r.status ?? 1);
