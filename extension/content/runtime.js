// Token Warden's content-script runtime, shaped like Refined GitHub's features: the page plan for the
// URL, one URL watcher, each feature entered with an AbortSignal and left when the page kind changes,
// one `ask()` to the core with a timeout, the diagnostics, and reading the page the way a person does
// (role, accessible name, label text, table headers). Features hold no product rules: what to do on a
// page is the Rust core's plan (generated/default-plan.js for the first paint, then the background's
// answer), and no user-facing string lives in a content script (those are in _locales). Page CSP
// blocks WebAssembly here, which is why the core runs in the background (see docs/architecture.md).
globalThis.TokenWarden = (() => {
  'use strict';

  const api = globalThis.browser ?? globalThis.chrome;
  const TW = globalThis.TokenWardenProtocol; // generated from src/protocol.rs
  const ATTR = 'data-token-warden';
  const ASK_TIMEOUT_MS = 3000; // a cold service worker starts the wasm core well within this
  const features = [];
  const active = new Map(); // feature -> AbortController of its current page
  const diagnostics = []; // what went wrong; kept for debugging, never shown on the page
  const plan = globalThis.TOKEN_WARDEN_DEFAULT_PLAN;
  const served = new Map(); // page kind -> the background's plan for it, once it has answered
  let pagePlan = null;
  let lastUrl = null;

  function note(what, detail) {
    diagnostics.push({ what, detail: String(detail?.message ?? detail?.code ?? detail ?? ''), at: Date.now() });
    if (diagnostics.length > 50) diagnostics.shift();
  }

  /** `fn` with every error of ours kept from the page (recorded instead). */
  const safely = (fn) => (...args) => {
    try {
      const result = fn(...args);
      return result instanceof Promise ? result.catch((e) => note('error', e)) : result;
    } catch (error) {
      note('error', error);
      return undefined;
    }
  };

  /** One request to the core; always resolves, with `{ok: false, error}` when there is no answer. */
  function ask(message, timeoutMs = ASK_TIMEOUT_MS) {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve({ ok: false, error: 'timeout' }), timeoutMs);
      const done = (reply) => resolve((clearTimeout(timer), reply ?? { ok: false, error: 'no_reply' }));
      try {
        api.runtime.sendMessage(message).then(done, (e) => done({ ok: false, error: String(e?.message ?? e) }));
      } catch (e) {
        done({ ok: false, error: String(e?.message ?? e) });
      }
    });
  }

  // ---- the URL pattern language of src/atlassian/pages.rs, and names as landmarks.rs compares them ----

  function normalizeName(text) {
    return (text ?? '').split(/\s+/).filter(Boolean).join(' ').toLowerCase().replace(/[\u2018\u2019\u02bc]/g, "'");
  }
  /** Label texts often carry a required marker or a colon: "Name *", "Name:". */
  const normalizeLabel = (text) => normalizeName(text).replace(/[\s*:：]+$/u, '');

  function pathMatches(pattern, segments) {
    const parts = pattern.split('/').filter(Boolean);
    let i = 0;
    for (let n = 0; n < parts.length; n++) {
      if (parts[n] === '**' && n === parts.length - 1) return true;
      const seg = segments[i];
      if (seg === undefined || (parts[n] !== '*' && parts[n].toLowerCase() !== seg.toLowerCase())) return false;
      i++;
    }
    return i === segments.length;
  }
  const segmentsOf = (url) => new URL(url).pathname.split('/').filter(Boolean);
  const pathIsOneOf = (patterns, url = location.href) => patterns.some((p) => pathMatches(p, segmentsOf(url)));

  /** The plan for a URL: the background's for its kind once known, the generated default's before. */
  function pageFor(url) {
    const u = new URL(url);
    if (u.protocol !== 'https:' || !plan?.pages) return null;
    const rule = plan.pages.find((p) => p.host === u.hostname && p.paths.some((pat) => pathMatches(pat, segmentsOf(url))));
    return rule ? served.get(rule.kind) ?? rule : null;
  }

  // Plans are compared by content: the background's reply comes through serde_json (keys sorted),
  // the generated default in struct order, so their JSON texts differ even when the plans do not.
  const canonical = (v) =>
    Array.isArray(v) ? v.map(canonical) : v && typeof v === 'object' ? Object.keys(v).sort().map((k) => [k, canonical(v[k])]) : v;
  const samePlan = (a, b) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

  // ---- reading controls: role, accessible name, label ----

  function roleOf(el) {
    const explicit = el.getAttribute('role');
    if (explicit) return explicit;
    if (el.tagName === 'BUTTON' || (el.tagName === 'INPUT' && /^(button|submit)$/i.test(el.type))) return 'button';
    return el.tagName === 'A' && el.hasAttribute('href') ? 'link' : null;
  }

  function accessibleName(el) {
    const label = el.getAttribute('aria-label');
    if (label) return label;
    const ids = el.getAttribute('aria-labelledby');
    if (ids) return ids.split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
    return el.tagName === 'INPUT' ? el.value : el.textContent;
  }

  const isVisible = (el) => el.isConnected && el.getClientRects().length > 0;
  const ours = (el) => !!el.closest(`[${ATTR}]:not(html)`);
  const ROLE_SELECTORS = {
    button: 'button, [role="button"], input[type="button"], input[type="submit"]',
    link: 'a[href], [role="link"]',
  };

  /** Visible elements with this role whose accessible name is one of `names` (normalised). */
  function findByRole(role, names, scope = document) {
    return [...scope.querySelectorAll(ROLE_SELECTORS[role] ?? `[role="${role}"]`)].filter(
      (el) => roleOf(el) === role && names.includes(normalizeName(accessibleName(el))) && isVisible(el),
    );
  }

  /** The form control labelled with one of `names` (label element, aria-label or aria-labelledby). */
  function findField(names, scope = document) {
    for (const label of scope.querySelectorAll('label')) {
      if (!names.includes(normalizeLabel(label.textContent))) continue;
      const control = label.control ?? (label.htmlFor && document.getElementById(label.htmlFor));
      if (control && isVisible(control)) return control;
    }
    for (const el of scope.querySelectorAll('input, textarea, select')) {
      const name = el.getAttribute('aria-label') ?? (el.getAttribute('aria-labelledby') ? accessibleName(el) : null);
      if (name && names.includes(normalizeLabel(name)) && isVisible(el)) return el;
    }
    return null;
  }

  const DIALOGS = '[role="dialog"], [role="alertdialog"], dialog[open]';
  /** The topmost open dialog of the page (not ours), if any. */
  const openDialog = () => [...document.querySelectorAll(DIALOGS)].filter((d) => isVisible(d) && !ours(d)).at(-1) ?? null;
  const pressEscape = (el) => el?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', code: 'Escape', bubbles: true, cancelable: true }));

  /** The text of a cell without the marks we added to it. */
  const ownText = (el) =>
    [...(el?.childNodes ?? [])].filter((n) => !(n instanceof Element && n.hasAttribute(ATTR))).map((n) => n.textContent).join('').trim();

  const TABLES = 'table, [role="table"], [role="grid"]';
  const headerTexts = (table) => [...table.querySelectorAll('th, [role="columnheader"]')].map((h) => normalizeName(h.textContent));
  /** The header texts, as shown, of each table on the page that is not ours and has any (for diagnostics). */
  const tableHeaders = () => [...document.querySelectorAll(TABLES)].filter((t) => !ours(t))
    .map((t) => [...t.querySelectorAll('th, [role="columnheader"]')].map((h) => h.textContent.replace(/\s+/g, ' ').trim()).filter(Boolean))
    .filter((h) => h.length);

  /**
   * The first table whose header row has every required column: `shape` is a plan table
   * (`{columns: [{key, names, required}]}`) or `{key: [names]}` (all required). Columns are found by
   * header text in any order; the rows come as `{key: cell}` (an optional column not there is left
   * out and listed in `missing`). Null when no table has the required ones (an unknown shape gets nothing).
   */
  function readTable(shape) {
    const columns = Array.isArray(shape.columns)
      ? shape.columns
      : Object.entries(shape).map(([key, names]) => ({ key, names, required: true }));
    for (const table of document.querySelectorAll(TABLES)) {
      if (ours(table)) continue;
      const headers = headerTexts(table);
      const index = columns.map((c) => [c, headers.findIndex((h) => c.names.includes(h))]);
      if (index.some(([c, i]) => c.required && i < 0)) continue;
      const present = index.filter(([, i]) => i >= 0);
      const rows = [...table.querySelectorAll('tbody tr, [role="row"]')]
        .filter((r) => !r.querySelector('th, [role="columnheader"]'))
        .map((row) => {
          const cells = row.querySelectorAll('td, [role="cell"], [role="gridcell"]');
          return Object.fromEntries(present.map(([c, i]) => [c.key, cells[i] ?? null]));
        });
      return { table, rows, missing: index.filter(([, i]) => i < 0).map(([c]) => c.key) };
    }
    return null;
  }
  const dateMs = (text) => (Number.isFinite(Date.parse(text)) ? Date.parse(text) : null);

  /**
   * Types a value into a (React-controlled) field: the DOM value is set from this isolated world,
   * where React's own value tracker cannot see it, so the `input` event makes React take the change.
   */
  function typeInto(el, value) {
    el.focus();
    const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
    Object.getOwnPropertyDescriptor(proto, 'value').set.call(el, value);
    el.dispatchEvent(new Event('input', { bubbles: true }));
    el.dispatchEvent(new Event('change', { bubbles: true }));
  }

  /** Resolves with `find()`'s first truthy result, polling; rejects with a `not_found` note (`miss`). */
  function waitFor(find, timeoutMs, miss, signal) {
    return new Promise((resolve, reject) => {
      const started = Date.now();
      const tick = () => {
        if (signal?.aborted) return reject({ code: 'cancelled' });
        let found = null;
        try {
          found = find();
        } catch {
          found = null;
        }
        if (found) return resolve(found);
        if (Date.now() - started > timeoutMs) return reject({ code: 'not_found', ...miss });
        setTimeout(tick, 100);
      };
      tick();
    });
  }

  // ---- what features add to the page ----

  /** An extension frame (panel.html?query, titled `title`) fixed on the page, removed when `signal` aborts. */
  function mountFrame(query, kind, title, style, signal) {
    const frame = document.createElement('iframe');
    frame.src = api.runtime.getURL(`panel.html?${query}`);
    frame.title = title;
    frame.setAttribute(ATTR, kind);
    frame.setAttribute('allow', 'clipboard-write');
    Object.assign(frame.style, { border: '0', margin: '0', padding: '0', zIndex: '2147483647', background: 'transparent', colorScheme: 'normal', position: 'fixed' }, style);
    document.documentElement.append(frame);
    signal?.addEventListener('abort', () => frame.remove(), { once: true });
    return frame;
  }

  /**
   * Hands `data` to our own frame once it says it is ready (`tw-ready`), by a message only that
   * frame's window receives, never in its URL or the page's DOM (page scripts read both); `tw-close`
   * from that frame calls `onClose`. Messages from any other window are ignored.
   */
  function handTo(frame, data, signal, onClose) {
    const origin = new URL(api.runtime.getURL('')).origin;
    window.addEventListener('message', (e) => {
      if (!frame.contentWindow || e.source !== frame.contentWindow) return;
      if (e.data === 'tw-ready') frame.contentWindow.postMessage(data, origin);
      else if (e.data === 'tw-close') onClose?.();
    }, { signal });
  }

  /**
   * The consent view for an offer the core made for an in-page link (`show_offer`): an extension page
   * where the admin's one click makes the job. One at a time; gone on close or when `signal` aborts.
   */
  function showOffer(offer, signal) {
    document.querySelector(`iframe[${ATTR}="offer"]`)?.remove();
    const stop = new AbortController();
    signal?.addEventListener('abort', () => stop.abort(), { once: true });
    const frame = mountFrame('view=offer', 'offer', api.i18n.getMessage('checklistFrameTitle'), {
      top: '72px', right: '12px', width: '380px', height: 'calc(100vh - 96px)', zIndex: '2147483647',
      border: '1px solid #dcdfe4', borderRadius: '8px', boxShadow: '0 4px 16px rgba(0,0,0,.18)', background: '#fff',
    }, stop.signal);
    handTo(frame, { twOffer: offer }, stop.signal, () => stop.abort());
    return frame;
  }

  /** Runs `fn` now and (debounced) after page changes, until `signal` aborts. */
  function observe(signal, fn, delayMs = 50, options = { childList: true, subtree: true }) {
    let timer = 0;
    const run = safely(fn);
    const observer = new MutationObserver(() => {
      timer ||= setTimeout(() => ((timer = 0), signal.aborted || run()), delayMs);
    });
    observer.observe(document.documentElement, options);
    signal.addEventListener('abort', () => (observer.disconnect(), clearTimeout(timer)), { once: true });
    run();
  }

  // ---- features: entered on a page their plan applies to, left (aborted) when it stops applying ----

  function enter(f) {
    if (!pagePlan || !f.applies(pagePlan) || active.has(f)) return;
    const controller = new AbortController();
    active.set(f, controller);
    safely(f.enter)(pagePlan, controller.signal);
  }

  function leave(which = () => true) {
    for (const [f, controller] of [...active]) {
      if (!which(f)) continue;
      active.delete(f);
      safely(() => controller.abort())();
    }
  }

  /**
   * A new page plan. The same plan on a new URL (in-app navigation) keeps the features, told through
   * `navigated`; the same plan again (the background confirming the default) changes nothing; any
   * other plan is a new page: every feature leaves and re-enters under it.
   */
  function setPage(next, navigated) {
    const same = !!next && !!pagePlan && samePlan(next, pagePlan);
    pagePlan = next;
    if (same) return navigated && [...active.keys()].forEach((f) => safely(f.navigated ?? (() => {}))(pagePlan));
    leave();
    if (pagePlan) features.forEach(enter);
  }

  const onUrlMaybeChanged = safely(() => {
    if (location.href === lastUrl || !document.documentElement) return;
    const url = (lastUrl = location.href);
    setPage(pageFor(url), true);
    ask({ type: TW.content.page_facts, url }).then(
      safely((reply) => {
        if (!(reply?.ok && reply.type === TW.reply.page)) return pagePlan && note('page_facts_unanswered', reply?.error);
        if (!reply.plan) return;
        served.set(reply.plan.kind, reply.plan);
        if (url === location.href && reply.plan.kind === pagePlan?.kind) setPage(reply.plan, false);
      }),
    );
  });

  /** Registers a feature: `{name, applies(plan), enter(plan, signal), navigated?(plan), message?(m)}`. */
  function feature(f) {
    features.push(f);
    enter(f);
  }

  // Two copies must never run in one page (an extension update re-injects content scripts).
  if (document.documentElement.hasAttribute(ATTR)) return null;
  document.documentElement.setAttribute(ATTR, '');
  api.runtime.onMessage.addListener(
    safely((message) => message?.type === TW.tabMessage && [...active.keys()].forEach((f) => f.message?.(message))),
  );
  // In-app navigation: the Navigation API where the browser has it, plus popstate and a slow poll
  // (pushState from the page's own world does not fire popstate).
  globalThis.navigation?.addEventListener?.('currententrychange', onUrlMaybeChanged);
  window.addEventListener('popstate', onUrlMaybeChanged);
  setInterval(onUrlMaybeChanged, 500);
  window.addEventListener('pagehide', safely(() => ((lastUrl = null), setPage(null))));
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', onUrlMaybeChanged, { once: true });
  onUrlMaybeChanged();

  return {
    api, TW, ATTR, feature, ask, note, safely, observe, mountFrame, handTo, showOffer, page: () => pagePlan, diagnostics,
    normalizeName, normalizeLabel, pathMatches, pathIsOneOf, roleOf, accessibleName, isVisible, ours,
    findByRole, findField, openDialog, pressEscape, ownText, readTable, tableHeaders, dateMs, typeInto, waitFor,
  };
})();
