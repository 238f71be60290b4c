// The panel follows the browser's language: Chromium started in German or Japanese renders the
// guard panel from _locales/de or _locales/ja when a personal API token is about to be created on
// the (localised) Atlassian tokens page.
//
// On Linux, Chromium ignores --lang: its UI language (which chrome.i18n follows) comes from
// LANGUAGE / LC_ALL / LANG, and only if that language's .pak is installed (Debian: chromium-l10n;
// without it Chromium falls back to en-US whatever the environment says). So the browser is also
// started with LANGUAGE set.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { TOKENS_URL, ROOT, startReplica, launchBrowser, watchPageErrors, panelFrame, readJson } from './harness.mjs';

const CASES = [
  { lang: 'de', locale: 'de-DE', button: 'API-Token erstellen' },
  { lang: 'ja', locale: 'ja-JP', button: 'API トークンを作成' },
];

for (const { lang, locale, button } of CASES) {
  test(`the panel is in the browser's language [${locale}]`, async () => {
    const messages = await readJson(path.join(ROOT, 'extension', '_locales', lang, 'messages.json'));
    const english = await readJson(path.join(ROOT, 'extension', '_locales', 'en', 'messages.json'));
    assert.notEqual(messages.panelTitle.message, english.panelTitle.message);

    const replica = await startReplica();
    let browser;
    try {
      browser = await launchBrowser({
        replicaPort: replica.port,
        locale, // --lang and Accept-Language / navigator.language
        env: { LANGUAGE: `${locale.replace('-', '_')}:${lang}` }, // what Chromium's UI language follows on Linux
      });
      // The extension's own idea of the UI language, from the service worker.
      const uiLanguage = await browser.worker.evaluate(() => chrome.i18n.getUILanguage());
      assert.equal(uiLanguage.split(/[-_]/)[0], lang, `chrome.i18n.getUILanguage() is ${lang} (got ${uiLanguage}; on Debian, is chromium-l10n installed?)`);

      replica.setVariant(lang);
      const page = await browser.context.newPage();
      const errors = watchPageErrors(page);
      await page.goto(TOKENS_URL);
      await page.getByRole('button', { name: button, exact: true }).click();
      const frame = await panelFrame(page);
      assert.equal((await frame.locator('#tw-title').textContent()).trim(), messages.panelTitle.message);
      assert.equal(
        await page.locator('iframe[data-token-warden="panel"]').getAttribute('title'),
        messages.panelFrameTitle.message,
        'the frame title comes from the same locale (content script)',
      );
      assert.deepEqual(errors, []);
    } finally {
      await browser?.close();
      await replica.close();
    }
  });
}
