// Token Warden's background (module service worker in Chromium, event page in Firefox).
//
// Mechanics only: it starts the Rust core, hands every runtime message to it, and does the browser
// chores a reply asks for (forwarding a panel's choice to the tab that holds the attempt). Listeners
// are registered synchronously at top level, as MV3 requires; handlers await the core.

import init, { handle_message } from './pkg/token_warden.js';
import './generated/protocol.js';

const TW = globalThis.TokenWardenProtocol;

const api = globalThis.browser ?? globalThis.chrome;

// A failed start (e.g. WebAssembly disabled by enterprise policy) is remembered, not thrown: every
// message then gets {ok: false, error: 'core_unavailable'} and the content script shows its fallback.
const ready = init({ module_or_path: new URL('./pkg/token_warden_bg.wasm', import.meta.url) }).then(
  () => true,
  (error) => {
    console.warn('Token Warden: the core could not start', error);
    return false;
  },
);

// Messages are answered one at a time: each reads and writes the core's state in storage, and two
// interleaved answers would lose one's changes.
let queue = Promise.resolve();
function inTurn(task) {
  const run = queue.then(task, task);
  queue = run.catch(() => {});
  return run;
}

api.runtime.onMessage.addListener((message, sender, sendResponse) => {
  inTurn(() => answer(message, sender)).then(sendResponse, (error) =>
    sendResponse({ ok: false, error: `internal: ${error?.message ?? error}` }),
  );
  return true; // the reply is sent asynchronously
});

async function answer(message, sender) {
  if (!(await ready)) return { ok: false, error: 'core_unavailable' };
  const reply = await handle_message(message, sender);
  if (!reply?.ok) return reply;
  // The panel lives in an iframe of the tab: its choice goes to that tab's top-frame content script.
  // A relay from the popup names its tab.
  const tab = reply.type === TW.reply.relay ? reply.tab : sender.tab?.id;
  if (reply.action && tab !== undefined) {
    await api.tabs
      .sendMessage(tab, { type: TW.tabMessage, attempt: reply.attempt, action: reply.action }, { frameId: 0 })
      .catch(() => {}); // the tab may have navigated away: nothing left to release
  }
  if (typeof reply.open_url === 'string' && reply.open_url.startsWith('https://admin.atlassian.com/')) {
    await api.tabs.create({ url: reply.open_url, index: sender.tab ? sender.tab.index + 1 : undefined });
  }
  return reply;
}
