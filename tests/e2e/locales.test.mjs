// The extension's translations (extension/_locales/*/messages.json), checked statically: every
// locale is valid JSON with exactly the English keys, keeps each `$n` substitution and `{name}`
// placeholder, has no empty message; every message key the code uses exists in English; and the
// use-case template keys (`tpl_<id>` / `tplp_<id>`) match src/scopes/templates.rs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const LOCALES_DIR = path.join(ROOT, 'extension', '_locales');
const EXPECTED_LOCALES = ['de', 'en', 'es', 'fr', 'ja'];

/** Prefixes of the camelCase message keys (a literal like `recordSeen` or `modeWarn`). */
const KEY_PREFIXES = [
  'panel', 'choice', 'advice', 'use', 'request', 'banner', 'migrate', 'fallback', 'popup', 'record',
  'options', 'policy', 'mode', 'plan', 'ext', 'checklist', 'quota', 'after', 'value', 'copy', 'advisor', 'mark',
];
const KEY_LIKE = new RegExp(`^(?:${KEY_PREFIXES.join('|')})[A-Z][A-Za-z0-9]*$`);
/** Literals in src/web/*.rs that look like message keys but are not (settings field names). */
const NOT_MESSAGE_KEYS = new Set(['requestUrlTemplate']);

const locales = {}; // lang -> { raw, messages }
for (const lang of (await readdir(LOCALES_DIR, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
  const raw = await readFile(path.join(LOCALES_DIR, lang, 'messages.json'), 'utf8');
  let messages = null;
  try {
    messages = JSON.parse(raw);
  } catch {
    // reported by the "valid JSON" test
  }
  locales[lang] = { raw, messages };
}
const en = locales.en.messages;
const translations = Object.keys(locales).filter((l) => l !== 'en');

const substitutions = (s) => [...new Set(s.match(/\$\d/g) ?? [])].sort();
const braces = (s) => [...new Set(s.match(/\{[a-z]+\}/g) ?? [])].sort();

/** Files ending in `ext` under `dir` (recursively: extension/ has content/ scripts), as {file, text}. */
async function sources(dir, ext) {
  const names = (await readdir(path.join(ROOT, dir), { recursive: true })).filter((n) => n.endsWith(ext)).sort();
  return Promise.all(names.map(async (n) => ({ file: `${dir}/${n}`, text: await readFile(path.join(ROOT, dir, n), 'utf8') })));
}

/** Rust source with comments removed (string literals are kept intact). */
function stripRustComments(text) {
  return text.replace(/("(?:[^"\\]|\\.)*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (m, str) => str ?? '');
}

/** The templates of src/scopes/templates.rs: [{id, name, purpose}], in display order. */
async function rustTemplates() {
  const src = await readFile(path.join(ROOT, 'src', 'scopes', 'templates.rs'), 'utf8');
  const start = src.indexOf('pub const TEMPLATES');
  assert.ok(start >= 0, 'TEMPLATES found in templates.rs');
  const body = src.slice(start, src.indexOf('\n];', start));
  const found = [...body.matchAll(/id:\s*"([^"]+)",\s*name:\s*"((?:[^"\\]|\\.)*)",\s*purpose:\s*"((?:[^"\\]|\\.)*)"/g)]
    .map(([, id, name, purpose]) => ({ id, name: JSON.parse(`"${name}"`), purpose: JSON.parse(`"${purpose}"`) }));
  assert.equal(found.length, (body.match(/\bTemplate\s*\{/g) ?? []).length, 'every template in TEMPLATES was parsed');
  assert.ok(found.length > 0);
  return found;
}
const tplKey = (id) => `tpl_${id.replace(/-/g, '_')}`;
const tplpKey = (id) => `tplp_${id.replace(/-/g, '_')}`;

test('the expected locales exist', () => {
  for (const lang of EXPECTED_LOCALES) assert.ok(locales[lang], `extension/_locales/${lang}/messages.json exists`);
});

test('every locale file is valid JSON in the Chrome i18n shape, without duplicate keys', () => {
  for (const [lang, { raw, messages }] of Object.entries(locales)) {
    assert.ok(messages && typeof messages === 'object' && !Array.isArray(messages), `${lang}: valid JSON object`);
    for (const [key, entry] of Object.entries(messages)) {
      assert.match(key, /^[A-Za-z0-9_@]+$/, `${lang}: key ${key} uses only characters Chrome accepts`);
      assert.equal(typeof entry?.message, 'string', `${lang}.${key}.message is a string`);
    }
    // JSON.parse keeps the last of duplicate keys silently; count the top-level keys in the text.
    const topLevel = [...raw.matchAll(/^ {2}"([^"]+)"\s*:/gm)].map((m) => m[1]);
    const dupes = topLevel.filter((k, i) => topLevel.indexOf(k) !== i);
    assert.deepEqual(dupes, [], `${lang}: no duplicate keys`);
  }
});

test('every locale has exactly the English keys', () => {
  const want = Object.keys(en).sort();
  for (const lang of translations) {
    const have = Object.keys(locales[lang].messages).sort();
    assert.deepEqual(
      { missing: want.filter((k) => !have.includes(k)), extra: have.filter((k) => !want.includes(k)) },
      { missing: [], extra: [] },
      `${lang} has the same keys as en`,
    );
  }
});

test('no message is empty', () => {
  for (const [lang, { messages }] of Object.entries(locales)) {
    for (const [key, { message }] of Object.entries(messages)) {
      assert.ok(message.trim().length > 0, `${lang}.${key} is not empty`);
    }
  }
});

test('translations keep every $n substitution and {placeholder} of the English message', () => {
  for (const lang of translations) {
    const messages = locales[lang].messages;
    for (const [key, { message }] of Object.entries(en)) {
      const t = messages[key]?.message ?? '';
      assert.deepEqual(substitutions(t), substitutions(message), `${lang}.${key}: same $n substitutions as en`);
      assert.deepEqual(braces(t), braces(message), `${lang}.${key}: same {placeholders} as en`);
    }
  }
});

test('the product name is not translated', () => {
  for (const [lang, { messages }] of Object.entries(locales)) {
    assert.equal(messages.extName.message, 'Token Warden', `${lang}.extName`);
  }
});

test('every message key used by the code exists in English', async () => {
  const used = new Map(); // key -> first file using it
  const use = (key, file) => used.has(key) || used.set(key, file);

  for (const { file, text } of await sources('src/web', '.rs')) {
    const code = stripRustComments(text);
    for (const [, key] of code.matchAll(/\bt(?:_with)?\(\s*"([^"]+)"/g)) use(key, file);
    for (const [, lit] of code.matchAll(/"([A-Za-z][A-Za-z0-9_]*)"/g)) {
      if (NOT_MESSAGE_KEYS.has(lit)) continue;
      if (KEY_LIKE.test(lit)) use(lit, file);
    }
  }
  for (const { file, text } of await sources('extension', '.js')) {
    for (const [, , key] of text.matchAll(/getMessage\(\s*(['"`])([^'"`]+)\1/g)) use(key, file);
  }
  for (const { file, text } of [
    ...(await sources('extension', '.html')),
    { file: 'manifest.json', text: await readFile(path.join(ROOT, 'manifest.json'), 'utf8') },
  ]) {
    for (const [, key] of text.matchAll(/__MSG_([A-Za-z0-9_@]+)__/g)) use(key, file);
  }

  // Sanity: the scan sees the keys we know are used, so an empty scan cannot pass.
  for (const known of ['panelTitle', 'recordSeen', 'modeWarn', 'fallbackTitle', 'extName', 'panelFrameTitle']) {
    assert.ok(used.has(known), `scan found ${known}`);
  }
  const missing = [...used].filter(([key]) => !(key in en)).map(([key, file]) => `${key} (${file})`);
  assert.deepEqual(missing, [], 'keys used in code but missing from _locales/en');
});

test('every use-case template has a localised name and purpose; English matches templates.rs', async () => {
  const templates = await rustTemplates();
  for (const { id, name, purpose } of templates) {
    assert.equal(en[tplKey(id)]?.message, name, `en.${tplKey(id)} is the name in templates.rs`);
    assert.equal(en[tplpKey(id)]?.message, purpose, `en.${tplpKey(id)} is the purpose in templates.rs`);
  }
  const ids = new Set(templates.map((t) => t.id.replace(/-/g, '_')));
  const stale = Object.keys(en).filter((k) => /^tplp?_/.test(k) && !ids.has(k.replace(/^tplp?_/, '')));
  assert.deepEqual(stale, [], 'no tpl_/tplp_ key for a template that no longer exists');
});
