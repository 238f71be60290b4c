// The scope advisor page (advisor.html), end to end in headless Chromium with the built extension:
// reachable from the popup; a template, pasted source code, curl commands / METHOD URL lines and a
// HAR file each give scopes with the operations that need them; unknown endpoints are listed with
// their nearest operations; malformed input is a message on the page, never a page error; nothing
// is requested from the network; the page passes axe and follows the browser's language.
import { test, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ROOT, launchBrowser, watchPageErrors, readJson } from './harness.mjs';

const require = createRequire(import.meta.url);
const AXE_SOURCE = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
const EN = await readJson(path.join(ROOT, 'extension', '_locales', 'en', 'messages.json'));
const msg = (key) => EN[key].message;

const CURL = 'curl -u me:tok https://acme.atlassian.net/rest/api/3/issue/ABC-1';
const ISSUE_OP = 'GET /rest/api/3/issue/{issueIdOrKey}';

let browser;
let page;
let errors;
let offPage; // requests to anything but the extension itself

before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

beforeEach(async () => {
  page = await browser.context.newPage();
  errors = watchPageErrors(page);
  offPage = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(browser.extensionUrl(''))) offPage.push(r.url());
  });
  await page.goto(browser.extensionUrl('advisor.html'));
  await page.waitForSelector('html[data-rendered="rust"]');
});
afterEach(async () => {
  assert.deepEqual(errors, [], 'no page errors');
  assert.deepEqual(offPage, [], 'nothing leaves the browser');
  await page.close();
});

/** The scopes currently listed, in order. */
const scopes = () => page.locator('.tw-advisor-scopes code.tw-advisor-scope').allTextContents();

async function analyseRequests(text) {
  await page.getByRole('radio', { name: msg('advisorModeRequests') }).check();
  await page.getByRole('textbox', { name: msg('advisorRequestsLabel') }).fill(text);
  await page.getByRole('button', { name: msg('advisorAnalyse') }).click();
}

async function analyseHar(content) {
  await page.getByRole('radio', { name: msg('advisorModeHar') }).check();
  await page.getByLabel(msg('advisorHarLabel'), { exact: true }).setInputFiles({
    name: 'traffic.har',
    mimeType: 'application/json',
    buffer: Buffer.from(content),
  });
  await page.getByRole('button', { name: msg('advisorAnalyse') }).click();
}

test('the popup links to the scope advisor, before the settings', async () => {
  const popup = await browser.context.newPage();
  await popup.goto(browser.extensionUrl('popup.html'));
  await popup.waitForSelector('html[data-rendered="rust"]');
  const hrefs = await popup.locator('nav a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  const at = hrefs.indexOf('advisor.html');
  assert.ok(at >= 0, `the popup links to advisor.html (${hrefs.join(', ')})`);
  assert.equal(hrefs[at + 1], 'options.html');
  assert.equal(await popup.getByRole('link', { name: msg('popupScopeAdvisor') }).count(), 1);
  await popup.close();
});

test('the page renders its heading, the four inputs and the credential kinds', async () => {
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), msg('advisorTitle'));
  for (const key of ['advisorModeTemplate', 'advisorModeSource', 'advisorModeRequests', 'advisorModeHar']) {
    assert.equal(await page.getByRole('radio', { name: msg(key) }).count(), 1, key);
  }
  assert.ok(await page.getByRole('radio', { name: msg('advisorModeTemplate') }).isChecked());
  const kinds = await page.getByLabel(msg('advisorCredentialLabel')).locator('option').allTextContents();
  assert.deepEqual(kinds, [
    msg('advisorKindServiceAccountToken'),
    msg('advisorKindServiceAccountOauth'),
    msg('advisorKindScopedPersonalToken'),
    msg('advisorKindBitbucketToken'),
  ]);
  // Every template is offered under its localised name.
  const options = await page.getByLabel(msg('advisorTemplateLabel'), { exact: true }).locator('option').allTextContents();
  assert.ok(options.includes(msg('tpl_jira_read_only_reporting')));
  assert.ok(options.includes(msg('tpl_bitbucket_pull_request_bot')));
  assert.ok(options.length >= 13, `placeholder and at least 12 templates (${options.length})`);
});

test('picking a template shows its scopes, why each is there, the exposure headline and a copy button', async () => {
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write']).catch(() => {});
  await page.getByLabel(msg('advisorTemplateLabel'), { exact: true }).selectOption({ label: msg('tpl_jira_read_only_reporting') });
  await page.waitForSelector('.tw-advisor-scopes li');
  const found = await scopes();
  assert.ok(found.length > 0, 'scopes listed');
  assert.ok(found.every((s) => /^[a-z]+:[a-z.:-]+$/.test(s)), `scope names (${found.join(' ')})`);
  assert.equal(
    await page.locator('#tw-advisor-template-purpose').textContent(),
    msg('tplp_jira_read_only_reporting'),
  );
  const why = await page.locator('.tw-advisor-why').allTextContents();
  assert.ok(why.every((w) => w.startsWith('Needed by: ') && w.includes(' /rest/api/3/')), why.join('\n'));
  const headline = await page.locator('.tw-advisor-headline').textContent();
  assert.match(headline, /^These scopes expose [\d.]+% of what the classic scopes would \(exposure \d+ instead of \d+\)\.$/);
  assert.equal(await page.getByRole('heading', { level: 2, name: `Scopes for: ${msg('advisorKindServiceAccountToken')}` }).count(), 1);

  const copy = page.getByRole('button', { name: msg('advisorCopy') });
  assert.equal(await copy.getAttribute('data-copy'), found.join(' '));
  await copy.click();
  const status = page.locator('[data-copy-status]');
  await page.waitForFunction(() => document.querySelector('[data-copy-status]')?.textContent);
  const said = await status.textContent();
  assert.ok([msg('advisorCopied'), msg('advisorCopyFailed')].includes(said), said);
  if (said === msg('advisorCopied')) {
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), found.join(' '));
  }
});

test('a Bitbucket template is solved for a Bitbucket API token', async () => {
  await page.getByLabel(msg('advisorTemplateLabel'), { exact: true }).selectOption({ label: msg('tpl_bitbucket_pull_request_bot') });
  await page.waitForSelector('.tw-advisor-scopes li');
  assert.equal(await page.getByRole('heading', { level: 2, name: `Scopes for: ${msg('advisorKindBitbucketToken')}` }).count(), 1);
  assert.ok((await scopes()).some((s) => s.includes('pullrequest')), (await scopes()).join(' '));
});

test('a pasted curl command gives a scope for reading issues, and shows the operation', async () => {
  await analyseRequests(CURL);
  await page.waitForSelector('.tw-advisor-scopes li');
  const found = await scopes();
  assert.ok(found.some((s) => /^read:(issue:jira|jira-work)$/.test(s)), `a scope for reading issues (${found.join(' ')})`);
  const operations = await page.locator('.tw-advisor-operation').allTextContents();
  assert.deepEqual(operations, [`Operation: ${ISSUE_OP}`]);
  const row = page.locator('.tw-advisor-scopes li', { has: page.locator('code', { hasText: /^read:(issue:jira|jira-work)$/ }) }).first();
  assert.match(await row.locator('.tw-advisor-why').textContent(), new RegExp(`Needed by: .*${ISSUE_OP.replace(/[{}/]/g, '\\$&')}`));
  assert.equal(
    await page.getByRole('status').first().textContent(),
    '1 requests analysed: 1 matched, 0 unknown.',
  );
  // The scoped-token gateway warning for a site URL.
  const warnings = await page.locator('.tw-advisor-rec li').allTextContents();
  assert.ok(warnings.some((w) => w.includes('api.atlassian.com/ex/')), 'the gateway URL warning is shown');
});

test('unknown endpoints and unreadable lines are listed, never dropped', async () => {
  await analyseRequests([
    CURL,
    'GET https://acme.atlassian.net/rest/api/3/no-such-thing/42',
    'FROB not a request',
  ].join('\n'));
  await page.waitForSelector('#tw-advisor-unknown');
  const unknown = await page.locator('#tw-advisor-unknown li').allTextContents();
  assert.equal(unknown.length, 1);
  assert.ok(unknown[0].includes('GET https://acme.atlassian.net/rest/api/3/no-such-thing/42'), unknown[0]);
  assert.match(unknown[0], /Nearest known operations: .*\/rest\/api\/3\/|No similar operation is known\./);
  const unreadable = await page.locator('#tw-advisor-unreadable li').allTextContents();
  assert.equal(unreadable.length, 1);
  assert.ok(unreadable[0].startsWith('Line 3 (') && unreadable[0].endsWith('FROB not a request'), unreadable[0]);
  assert.ok((await scopes()).length > 0, 'the known request still gets its scopes');
});

test('pasted source code is scanned for REST calls', async () => {
  await page.getByRole('radio', { name: msg('advisorModeSource') }).check();
  await page.getByRole('textbox', { name: msg('advisorSourceLabel') }).fill([
    'import requests',
    'BASE = "https://acme.atlassian.net/rest/api/3"',
    'def close(key):',
    '    requests.post(f"{BASE}/issue/{key}/transitions", json={"transition": {"id": "31"}})',
    '    requests.get(f"{BASE}/issue/{key}")',
  ].join('\n'));
  await page.getByRole('button', { name: msg('advisorAnalyse') }).click();
  await page.waitForSelector('.tw-advisor-scopes li');
  const operations = await page.locator('.tw-advisor-operation').allTextContents();
  assert.ok(operations.includes('Operation: POST /rest/api/3/issue/{issueIdOrKey}/transitions'), operations.join('\n'));
  assert.ok(operations.includes(`Operation: ${ISSUE_OP}`), operations.join('\n'));
  const evidence = await page.locator('#tw-advisor-operations li').allTextContents();
  assert.ok(evidence.some((e) => e.startsWith('line 4: POST ')), evidence.join('\n'));
});

test('a HAR file is analysed; other hosts are skipped and counted', async () => {
  const har = {
    log: {
      version: '1.2',
      entries: [
        { request: { method: 'GET', url: 'https://acme.atlassian.net/rest/api/3/issue/ABC-1?fields=summary' } },
        { request: { method: 'GET', url: 'https://fonts.example.com/a.woff2' } },
      ],
    },
  };
  await analyseHar(JSON.stringify(har));
  await page.waitForSelector('.tw-advisor-scopes li');
  assert.deepEqual(await page.locator('.tw-advisor-operation').allTextContents(), [`Operation: ${ISSUE_OP}`]);
  assert.equal(await page.getByText('1 requests to other hosts were skipped.').count(), 1);
  const evidence = await page.locator('#tw-advisor-operations li').allTextContents();
  assert.ok(evidence[0].startsWith('entry 1: GET '), evidence[0]);
});

test('a malformed HAR shows a clear error on the page, never a page error', async () => {
  await analyseHar('{"log": {"entries": [ {"request": ');
  const alert = page.getByRole('alert');
  await alert.waitFor();
  const text = await alert.textContent();
  assert.ok(text.startsWith('This HAR file could not be analysed: not valid JSON'), text);
  assert.equal(await page.locator('.tw-advisor-scopes').count(), 0);

  // Valid JSON that is not a HAR, and an entry without a request: messages too.
  await analyseHar('{"hello": "world"}');
  await page.waitForFunction(() => document.querySelector('[role=alert]')?.textContent.includes('log.entries'));
  await analyseHar('{"log": {"entries": [{"response": {}}]}}');
  await page.waitForFunction(() => document.querySelector('[role=alert]')?.textContent.includes('entry 1'));
  // No file chosen at all.
  await page.getByLabel(msg('advisorHarLabel'), { exact: true }).setInputFiles([]);
  await page.getByRole('button', { name: msg('advisorAnalyse') }).click();
  await page.waitForFunction((m) => document.querySelector('[role=alert]')?.textContent === m, msg('advisorHarNoFile'));
});

test('empty input and input without calls are explained, not analysed', async () => {
  await page.getByRole('radio', { name: msg('advisorModeSource') }).check();
  await page.getByRole('button', { name: msg('advisorAnalyse') }).click();
  await page.waitForFunction((m) => document.querySelector('[role=alert]')?.textContent === m, msg('advisorSourceEmpty'));
  await page.getByRole('textbox', { name: msg('advisorSourceLabel') }).fill('print("hello")');
  await page.getByRole('button', { name: msg('advisorAnalyse') }).click();
  await page.waitForFunction((m) => document.querySelector('[role=alert]')?.textContent === m, msg('advisorSourceNothing'));
  await page.getByRole('radio', { name: msg('advisorModeTemplate') }).check();
  await page.getByRole('button', { name: msg('advisorAnalyse') }).click();
  await page.waitForFunction((m) => document.querySelector('[role=alert]')?.textContent === m, msg('advisorTemplateMissing'));
});

test('the scope advisor has no axe violations, before and after an analysis', async () => {
  await page.evaluate(AXE_SOURCE);
  const run = () => page.evaluate(async () => {
    const result = await globalThis.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'best-practice'] });
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  assert.deepEqual(await run(), [], 'axe on the empty page');
  await analyseRequests(`${CURL}\nGET https://acme.atlassian.net/rest/api/3/no-such-thing/42\nFROB x`);
  await page.waitForSelector('#tw-advisor-unknown');
  assert.deepEqual(await run(), [], 'axe with a result, unknown endpoints and unreadable lines');
  await analyseHar('not json');
  await page.getByRole('alert').waitFor();
  assert.deepEqual(await run(), [], 'axe with an error');
});

test('every advisor message key the page uses exists in English', async () => {
  const src = await readFile(path.join(ROOT, 'src', 'web', 'advisor.rs'), 'utf8');
  const used = [...new Set([...src.matchAll(/"(advisor[A-Z][A-Za-z0-9]*)"/g)].map((m) => m[1]))];
  assert.ok(used.length > 40, `found the keys (${used.length})`);
  assert.deepEqual(used.filter((k) => !(k in EN)), []);
});
