// The message tags the extension's JS uses, checked statically against the Rust protocol: every
// `TW.<group>.<tag>` in extension/**/*.js exists in the generated/protocol.js that
// `token-warden dev protocol` prints from src/protocol.rs, no script writes a message tag as a bare
// string, and the built extension carries the same generated file. Needs the release CLI (build.sh
// builds it before the tests).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const generated = execFileSync(path.join(ROOT, 'target/release/token-warden'), ['dev', 'protocol'], { encoding: 'utf8' });
const sandbox = {};
sandbox.globalThis = sandbox;
vm.runInNewContext(generated, sandbox);
const P = sandbox.TokenWardenProtocol;

async function scripts(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== '_locales') out.push(...(await scripts(p)));
    else if (entry.name.endsWith('.js')) out.push(p);
  }
  return out;
}
const files = await scripts(path.join(ROOT, 'extension'));

test('the generated protocol names the requests by sender', () => {
  assert.equal(P.content.guard_triggered, 'guard_triggered');
  assert.equal(P.page.popup_job, 'popup_job');
  assert.equal(P.content.popup_job, undefined, 'popup_job is for extension pages only');
  assert.equal(P.tabMessage, 'tw_action');
});

test('every tag the scripts use exists in the Rust protocol', async () => {
  let uses = 0;
  for (const file of files) {
    const src = await readFile(file, 'utf8');
    for (const [, group, tag] of src.matchAll(/\bTW\.(content|page|reply|action)\.([a-z_]+)/g)) {
      uses += 1;
      assert.equal(P[group][tag], tag, `${path.relative(ROOT, file)}: TW.${group}.${tag}`);
    }
    const bare = [...src.matchAll(/\btype: '([a-z_]+)'/g)].map((m) => m[1]).filter((t) => t !== 'button');
    assert.deepEqual(bare, [], `${path.relative(ROOT, file)} writes message tags as bare strings`);
  }
  assert.ok(uses >= 20, `only ${uses} uses of TW.* found: did the scripts stop using the generated tags?`);
});

test('the built extension carries the generated protocol', async () => {
  const built = await readFile(path.join(ROOT, 'dist/extension/generated/protocol.js'), 'utf8');
  assert.equal(built, generated);
  const manifest = JSON.parse(await readFile(path.join(ROOT, 'manifest.json'), 'utf8'));
  for (const cs of manifest.content_scripts) assert.equal(cs.js[0], 'generated/protocol.js', 'loaded before the scripts that read it');
});
