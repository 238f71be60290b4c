// Managed policy that is wrong or slow, for real (a Chromium managed-policy file, as in policy.test.mjs):
// a malformed value for a safety setting falls back to the safest value, locked, with a note in the
// options page and the popup; and a report endpoint that does not answer holds up no message.
// Writing /etc/chromium/policies needs root; without it the suite says so and skips (visibly).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { mkdir, writeFile, rm } from 'node:fs/promises';
import { TOKENS_URL, startReplica, launchBrowser, panelFrame } from './harness.mjs';

const EXTENSION_ID = 'kdajjllpmhcneohggfonlhaipidobogg'; // pinned by the manifest's "key"
const POLICY_DIR = '/etc/chromium/policies/managed';
const POLICY_FILE = `${POLICY_DIR}/token-warden-e2e-safety.json`;
const isRoot = process.getuid?.() === 0;
const skip = isRoot ? false : 'writing Chromium managed policy needs root (/etc/chromium/policies/managed)';

let replica;
let browser;
let silent; // a report endpoint that accepts the connection and never answers until released
const held = [];

before(async () => {
  if (skip) return;
  silent = http.createServer((req, res) => {
    const cors = { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'content-type' };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors);
      return res.end();
    }
    held.push({ req, res, cors });
  });
  await new Promise((r) => silent.listen(0, '127.0.0.1', r));
  await mkdir(POLICY_DIR, { recursive: true });
  await writeFile(
    POLICY_FILE,
    JSON.stringify({
      '3rdparty': {
        extensions: {
          [EXTENSION_ID]: {
            guardMode: 'require_reason',
            // Chromium itself drops values that fail managed_schema.json (`allowFinalClick: "false"`,
            // a typo in `disabledFeatures`: the extension never sees them; policy::tests covers those
            // as Firefox delivers them). A value the schema lets through but the core rejects:
            maxExpiryDays: 400,
            reportUrl: `http://127.0.0.1:${silent.address().port}/events`,
          },
        },
      },
    }),
  );
  replica = await startReplica();
  browser = await launchBrowser({ replicaPort: replica.port });
  // The person's own setting says the opposite of the safe value.
  await browser.worker.evaluate(() => chrome.storage.local.set({ settings: { maxExpiryDays: 365 } }));
});

after(async () => {
  if (skip) return;
  for (const { res, cors } of held) {
    res.writeHead(204, cors);
    res.end();
  }
  await browser?.close();
  await replica?.close();
  silent?.close();
  await rm(POLICY_FILE, { force: true });
});

test('a malformed safety value falls back to the safest value, locked, and says so', { skip, timeout: 60_000 }, async () => {
  const options = await browser.context.newPage();
  await options.goto(browser.extensionUrl('options.html'));
  await options.waitForSelector('html[data-rendered="rust"]');
  await options.getByText('maxExpiryDays: must be between 1 and 365 days; using the safest value (90 days)').waitFor();
  const expiry = options.getByLabel('Longest credential expiry to recommend (days)');
  assert.equal(await expiry.inputValue(), '90', "the person's 365 does not win");
  assert.ok(await expiry.isDisabled(), 'the safe value is locked');
  const settings = await options.evaluate(() => chrome.runtime.sendMessage({ type: 'settings_model' }));
  assert.equal(settings.effective.settings.maxExpiryDays, 90);
  assert.ok(settings.effective.locked.includes('maxExpiryDays'));
  await options.close();
  const popup = await browser.context.newPage();
  await popup.goto(browser.extensionUrl('popup.html'));
  await popup.waitForSelector('html[data-rendered="rust"]');
  await popup.getByText("Your organization's policy has 1 invalid value(s); see Settings.").waitFor();
  await popup.close();
});

test('a report endpoint that never answers holds up no message', { skip, timeout: 60_000 }, async () => {
  const page = await browser.context.newPage();
  await page.goto(TOKENS_URL);
  await page.waitForSelector('html[data-token-warden]');
  await page.getByRole('button', { name: 'Create API token', exact: true }).click();
  const frame = await panelFrame(page);
  await frame.getByRole('button', { name: 'Continue with a personal token' }).click();
  await frame.getByLabel('Why do you need a personal token?').fill('Debugging from my laptop today');
  await frame.getByRole('button', { name: 'Continue', exact: true }).click();
  await page.waitForSelector('iframe[data-token-warden="panel"]', { state: 'detached' });
  // The report is on its way and unanswered...
  for (let i = 0; i < 100 && held.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(held.length >= 1, 'the report was sent');
  assert.ok(!held[0].res.writableEnded, 'and is still waiting for its answer');
  // ...while every message is answered.
  const popup = await browser.context.newPage();
  await popup.goto(browser.extensionUrl('popup.html'));
  const replies = await popup.evaluate(() =>
    Promise.all([1, 2, 3].map(() => chrome.runtime.sendMessage({ type: 'popup_model' }))),
  );
  assert.deepEqual(replies.map((r) => r.ok), [true, true, true]);
  assert.ok(!held[0].res.writableEnded, 'the answers did not wait for the report');
  await popup.close();
  await page.close();
});
