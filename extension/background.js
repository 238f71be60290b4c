// Token Warden's background (module service worker in Chromium, event page in Firefox).
//
// Mechanics only: it starts the Rust core, hands every runtime message to it, and does the browser
// chores a reply asks for (forwarding a panel's choice to the tab that holds the attempt). Listeners
// are registered synchronously at top level, as MV3 requires; handlers await the core.

import init, { handle_message, settle_reports, take_due_reports } from './pkg/core.js';
import './generated/protocol.js';

const TW = globalThis.TokenWardenProtocol;

const api = globalThis.browser ?? globalThis.chrome;

// A failed start (e.g. WebAssembly disabled by enterprise policy) is remembered, not thrown: every
// message then gets {ok: false, error: 'core_unavailable'} and the content script shows its fallback.
const ready = init({ module_or_path: new URL('./pkg/core_bg.wasm', import.meta.url) }).then(
  () => true,
  (error) => {
    console.warn('Token Warden: the core could not start', error);
    return false;
  },
);

// Messages are answered one at a time: each reads and writes the core's state in storage, and two
// interleaved answers would lose one's changes. One answer that fails, or never settles, must not
// hold the line: each turn ends when its task does or after ANSWER_TIMEOUT_MS, whichever is first.
const ANSWER_TIMEOUT_MS = 10_000;
let queue = Promise.resolve();
function inTurn(task) {
  const run = queue.then(task, task);
  let timer;
  const deadline = new Promise((resolve) => {
    timer = setTimeout(resolve, ANSWER_TIMEOUT_MS);
  });
  queue = Promise.race([run.catch(() => {}), deadline]).finally(() => clearTimeout(timer));
  return run;
}

// Messages have a documented shape: objects a few levels deep. Anything deeper or larger is refused
// here, before the core's deserializer recurses into it (a message nested thousands deep would
// overflow the wasm stack). Walked without recursion, so the check itself cannot overflow.
const MAX_MESSAGE_DEPTH = 16;
const MAX_MESSAGE_NODES = 20_000;
function shapeProblem(message) {
  const stack = [[message, 0]];
  let nodes = 0;
  while (stack.length) {
    const [value, depth] = stack.pop();
    if (++nodes > MAX_MESSAGE_NODES) return `more than ${MAX_MESSAGE_NODES} values`;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_MESSAGE_DEPTH) return `nested deeper than ${MAX_MESSAGE_DEPTH}`;
    for (const child of Object.values(value)) stack.push([child, depth + 1]);
  }
  return null;
}

api.runtime.onMessage.addListener((message, sender, sendResponse) => {
  const problem = shapeProblem(message);
  if (problem) {
    sendResponse({ ok: false, error: `malformed message: ${problem}` });
    return false;
  }
  inTurn(() => answer(message, sender))
    .then(sendResponse, (error) => sendResponse({ ok: false, error: `internal: ${error?.message ?? error}` }))
    .finally(sendReports);
  return true; // the reply is sent asynchronously
});

// Enterprise reports (src/reporting.rs) go out after the answer, never inside it: the due ones are
// leased in turn (quick), POSTed outside the queue with a timeout, and settled in turn. A slow or
// silent endpoint delays only its own reports.
function sendReports() {
  inTurn(async () => ((await ready) ? take_due_reports() : null))
    .then(async (batch) => {
      if (!batch?.items?.length) return;
      const results = await Promise.all(
        batch.items.map(async ({ id, body }) => {
          try {
            const response = await fetch(batch.url, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body,
              signal: AbortSignal.timeout(batch.timeoutMs),
            });
            return [id, response.ok];
          } catch {
            return [id, false]; // down, refused or timed out: it backs off and is tried again
          }
        }),
      );
      await inTurn(() => settle_reports(results));
    })
    .catch((error) => console.warn('Token Warden: reports could not be sent', error));
}

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
