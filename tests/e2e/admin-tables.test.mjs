// The admin markers on tables built from real Atlaskit components (the Atlaskit replica's
// Insights → API token activity, a DynamicTable that loads asynchronously): columns are found by
// what their headers mean, in any order and set; a missing optional column means fewer markers,
// said in the summary; a table nobody taught us to read marks nothing and shows up, with the
// headers the page showed, on the options page. The replica's column sets imitate a public UI
// copy of the page ("Token name · Token type · Created by · Last used · Expires") and an older
// shape with an owner status (see tests/replica/atlaskit/ak-data.mjs, ACTIVITY_COLUMNS).
import { test, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { suite } from './harness.mjs';
import { AK_DEFAULT_ORGS } from '../replica/atlaskit/ak-data.mjs';

const ORG = AK_DEFAULT_ORGS[0].id;
const ACTIVITY = `https://admin.atlassian.com/o/${ORG}/insights/api-token-activity`;
const SUMMARY = '[data-token-warden="summary"]';
const world = suite({ before, after, beforeEach, afterEach }, { ui: 'atlaskit' });

async function openActivity() {
  const page = await world.newPage(ACTIVITY);
  await page.getByRole('cell', { name: 'jira-sync-bot' }).waitFor({ timeout: 20000 });
  return page;
}

/** The activity page with column set `activity`, once Token Warden's summary line is there. */
async function markedActivity(activity) {
  world.replica.setOptions({ activity });
  const page = await openActivity();
  const summary = page.locator(SUMMARY);
  await summary.waitFor({ timeout: 10000 });
  return { page, text: await summary.textContent() };
}

/** The marks Token Warden added, by the row's token name (the first cell that holds one). */
async function marksByRow(page) {
  return page.evaluate(() => Object.fromEntries([...document.querySelectorAll('[data-token-warden="mark"]')]
    .map((m) => [[...m.parentElement.childNodes].filter((n) => !(n instanceof Element && n.hasAttribute('data-token-warden'))).map((n) => n.textContent).join('').trim(), m.textContent])));
}

test('Atlaskit activity table, public column set (no owner status): migrate and revoke marks, and the summary says what could not be marked', async () => {
  const { page, text } = await markedActivity('public');
  assert.match(text, /3 look like integrations to move to service accounts, 2 are revoke candidates, 0 are orphaned/);
  assert.match(text, /Not shown on this page, so not marked: owner status/);
  const marks = await marksByRow(page);
  assert.equal(marks['jira-sync-bot'], 'Move to a service account');
  assert.equal(marks['old-report-script'], 'Revoke candidate: unused for 90+ days');
  assert.equal(marks['ci deploy'], undefined, "a service account's own token is where it belongs");
  console.log(`# admin tables, public column set: ${Object.keys(marks).length} marks`);
});

test('Atlaskit activity table, another column set and order (user first, a status column): orphaned tokens are marked too', async () => {
  const { page, text } = await markedActivity('alt');
  assert.match(text, /2 look like integrations to move to service accounts, 2 are revoke candidates, 1 are orphaned/);
  assert.doesNotMatch(text, /Not shown on this page/);
  const marks = await marksByRow(page);
  assert.equal(marks['legacy-migration'], 'Orphaned: revoke or migrate now');
  console.log(`# admin tables, alternative column set: ${Object.keys(marks).length} marks`);
});

test('a redesigned activity table is not guessed at: no marks, and the options page lists the headers it showed', async () => {
  world.replica.setOptions({ activity: 'redesigned' });
  const page = await openActivity();
  // The notice waits until the table has stayed unrecognised for a while (3 s): give it time.
  const stored = async () => (await world.browser.worker.evaluate(async () => (await chrome.storage.local.get('core_state')).core_state?.unrecognisedTables ?? []));
  for (let i = 0; i < 100 && (await stored()).length === 0; i++) await new Promise((r) => setTimeout(r, 100));
  assert.equal(await page.locator('[data-token-warden="mark"], [data-token-warden="summary"]').count(), 0);
  const notices = await stored();
  assert.equal(notices.length, 1, JSON.stringify(notices));
  assert.equal(notices[0].table, 'activity');
  assert.deepEqual(notices[0].headers, ['Credential', 'Held by', 'Activity', 'Actions']);

  const options = await world.newPage(world.browser.extensionUrl('options.html'));
  const section = options.getByRole('region', { name: "Not recognised on Atlassian's pages" });
  await section.waitFor({ timeout: 10000 });
  assert.match(await section.textContent(), /API token activity \(\d{4}-\d{2}-\d{2}\): columns Credential · Held by · Activity · Actions/);
  await section.getByRole('button', { name: 'Clear this list' }).click();
  await section.waitFor({ state: 'detached', timeout: 5000 });
  assert.deepEqual(await stored(), []);
  console.log('# admin tables, redesigned: 0 marks, 1 notice on the options page, cleared');
});
