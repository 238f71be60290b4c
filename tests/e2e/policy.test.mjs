// Enterprise policy for real: a Chromium managed-policy file for the fixed extension id sets the guard
// mode, locks it in the options page, fills the request channels, reports outcomes to a local receiver
// (which goes down and comes back), and a live policy change applies without reloading the extension.
// Writing /etc/chromium/policies needs root; without it the suite says so and skips (visibly).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { mkdir, writeFile, rm } from 'node:fs/promises';
import { TOKENS_URL, startReplica, launchBrowser, panelFrame, watchPageErrors } from './harness.mjs';

const EXTENSION_ID = 'kdajjllpmhcneohggfonlhaipidobogg'; // pinned by the manifest's "key"
const POLICY_DIR = '/etc/chromium/policies/managed';
const POLICY_FILE = `${POLICY_DIR}/token-warden-e2e.json`;
const isRoot = process.getuid?.() === 0;
const skip = isRoot ? false : 'writing Chromium managed policy needs root (/etc/chromium/policies/managed)';

let replica;
let browser;
let receiver;
let receiverPort;
const received = [];

function startReceiver(port = 0) {
  return new Promise((resolve) => {
    const server = http.createServer((req, res) => {
      const cors = { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'content-type', 'access-control-allow-methods': 'POST' };
      if (req.method === 'OPTIONS') {
        res.writeHead(204, cors);
        return res.end();
      }
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push(JSON.parse(body));
        res.writeHead(204, cors);
        res.end();
      });
    });
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

async function writePolicy(values) {
  await mkdir(POLICY_DIR, { recursive: true });
  await writeFile(POLICY_FILE, JSON.stringify({ '3rdparty': { extensions: { [EXTENSION_ID]: values } } }));
}

async function reloadPolicies() {
  const page = await browser.context.newPage();
  await page.goto('chrome://policy');
  await page.locator('#reload-policies').click();
  await page.waitForTimeout(500);
  await page.close();
}

before(async () => {
  if (skip) return;
  receiver = await startReceiver();
  receiverPort = receiver.address().port;
  await writePolicy({
    guardMode: 'require_reason',
    adminContact: 'it@acme.example',
    requestUrlTemplate: 'https://desk.acme.example/new?name={name}',
    reportUrl: `http://127.0.0.1:${receiverPort}/events`,
    maxExpiryDays: 400, // valid JSON, but out of range: rejected for this key alone, with a visible note
  });
  replica = await startReplica();
  browser = await launchBrowser({ replicaPort: replica.port });
});

after(async () => {
  if (skip) return;
  await browser?.close();
  await replica?.close();
  receiver?.close();
  await rm(POLICY_FILE, { force: true });
});

async function continueWithReason(reason) {
  const page = await browser.context.newPage();
  const errors = watchPageErrors(page);
  await page.goto(TOKENS_URL);
  await page.waitForSelector('html[data-token-warden]');
  await page.getByRole('button', { name: 'Create API token', exact: true }).click();
  const frame = await panelFrame(page);
  await frame.getByRole('button', { name: 'Continue with a personal token' }).click();
  await frame.getByLabel('Why do you need a personal token?').fill(reason);
  await frame.getByRole('button', { name: 'Continue', exact: true }).click();
  await page.waitForSelector('iframe[data-token-warden="panel"]', { state: 'detached' });
  assert.deepEqual(errors, []);
  await page.close();
}

test('policy sets and locks the mode, shows a rejected key, and reports outcomes', { skip }, async () => {
  const options = await browser.context.newPage();
  await options.goto(browser.extensionUrl('options.html'));
  await options.waitForSelector('html[data-rendered="rust"]');
  const mode = options.getByLabel('When I create a personal API token:');
  assert.equal(await mode.inputValue(), 'require_reason');
  assert.ok(await mode.isDisabled(), 'a policy value is locked');
  await options.getByText('Set by your organization').first().waitFor();
  await options.getByText('maxExpiryDays: must be between 1 and 365 days').waitFor();
  assert.equal(await options.getByLabel("Admin's email for service-account requests").inputValue(), 'it@acme.example');

  await continueWithReason('Debugging from my laptop today');
  // Only the outcomes this test causes (reports now go out as soon as they are due, so others seen
  // in the same browser may arrive in between).
  const reasoned = () => received.filter((e) => e.event === 'continued_with_reason');
  await waitFor(() => reasoned().length === 1);
  received.splice(0, received.length, ...reasoned());
  assert.equal(received[0].event, 'continued_with_reason');
  assert.equal(received[0].reason, 'Debugging from my laptop today');
  assert.match(received[0].version, /^\d+\.\d+\.\d+$/);
  assert.deepEqual(Object.keys(received[0]).sort(), ['event', 'reason', 'time', 'version']);

  // The receiver goes down: the outcome waits in the queue, and is sent once it is back.
  receiver.close();
  await continueWithReason('Second laptop session');
  // Reports are sent after the answer, off the message path: wait for the failed try to be settled.
  const readQueue = () => browser.worker.evaluate(async () => (await chrome.storage.local.get('core_state')).core_state.reportQueue);
  let queued = await readQueue();
  for (let i = 0; i < 100 && !queued.some((q) => q.attempts === 1); i++) {
    await new Promise((r) => setTimeout(r, 100));
    queued = await readQueue();
  }
  queued = queued.filter((q) => q.body.event === 'continued_with_reason');
  assert.equal(queued.length, 1);
  assert.equal(queued[0].attempts, 1);
  receiver = await startReceiver(receiverPort);
  // The first retry is due 2 s after the failure; any message to the core then flushes the queue.
  const popup = await browser.context.newPage();
  await popup.goto(browser.extensionUrl('popup.html'));
  for (let i = 0; i < 40 && reasoned().length < 2; i++) {
    await popup.evaluate(() => chrome.runtime.sendMessage({ type: 'ping' }));
    await new Promise((r) => setTimeout(r, 250));
  }
  await waitFor(() => reasoned().length === 2);
  assert.equal(reasoned()[1].reason, 'Second laptop session');
  await popup.close();
});

test('a live policy change applies without reloading the extension', { skip }, async () => {
  await writePolicy({ guardMode: 'block' });
  await reloadPolicies();
  const page = await browser.context.newPage();
  await page.goto(TOKENS_URL);
  await page.waitForSelector('html[data-token-warden]');
  await page.getByRole('button', { name: 'Create API token', exact: true }).click();
  const frame = await panelFrame(page);
  const choices = await frame.locator('.tw-actions button').allTextContents();
  assert.ok(!choices.includes('Continue with a personal token'), `block offers no way to continue: ${choices}`);
});

async function waitFor(predicate, timeoutMs = 10000) {
  const started = Date.now();
  while (!predicate()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting for the receiver');
    await new Promise((r) => setTimeout(r, 100));
  }
}
