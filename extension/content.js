// Token Warden's content script on id.atlassian.com and admin.atlassian.com.
//
// Thin and boring on purpose: it applies the page plan the Rust core produced (the build-time default
// in generated/default-plan.js first, then the background's answer) and reports facts back: the URL,
// which watched control was activated, the label typed in a creation dialog, the labels and "last
// used" texts of the token list. It holds no product rules and no user-facing strings of its own
// (those come from _locales). It never reads what Atlassian shows after a token is created.
// Everything it adds is removed when the person navigates away, and no error of its own reaches the
// page.
//
// Chromium refuses WebAssembly in content scripts under Atlassian's CSP, which is why the core lives in
// the background and in the panel iframe (see docs/architecture.md).

(() => {
  'use strict';

  const api = globalThis.browser ?? globalThis.chrome;
  const TW = globalThis.TokenWardenProtocol; // generated from src/protocol.rs
  const ATTR = 'data-token-warden';
  const CORE_TIMEOUT_MS = 3000; // a cold service worker starts the wasm core well within this
  const DIALOG_AFTER_RELEASE_MS = 5000; // the dialog a released click opens belongs to that attempt
  const INTERCEPTING_MODES = new Set(['warn', 'require_reason', 'block']);

  // Two copies must never run in one page (an extension update re-injects content scripts).
  if (document.documentElement.hasAttribute(ATTR)) return;
  document.documentElement.setAttribute(ATTR, '');

  let plan = globalThis.TOKEN_WARDEN_DEFAULT_PLAN;
  let page = null; // the PagePlan for the current URL, if any
  let pageAbort = null; // aborts everything set up for the current page
  let observer = null;
  let attempt = null; // {id, core, control, element, dialog, ui} while the person is deciding
  let expectDialogUntil = 0;
  let lastUrl = null;
  let lastRowsKey = '';
  const diagnostics = []; // what went wrong; kept for debugging, never shown on the page

  function note(what, detail) {
    diagnostics.push({ what, detail: String(detail ?? ''), at: Date.now() });
    if (diagnostics.length > 50) diagnostics.shift();
  }

  function safely(fn) {
    return (...args) => {
      try {
        return fn(...args);
      } catch (error) {
        note('error', error?.message ?? error);
        return undefined;
      }
    };
  }

  const mode = () => plan?.mode ?? 'warn';

  // ---- page rules and reading controls: shared helpers (content/page-reading.js) ----

  const { normalizeName, pathMatches, roleOf, accessibleName } = globalThis.TokenWardenPage;

  function pageFor(url) {
    if (url.protocol !== 'https:' || !plan?.pages) return null;
    const segments = url.pathname.split('/').filter(Boolean);
    return plan.pages.find((p) => p.host === url.hostname && p.paths.some((pat) => pathMatches(pat, segments))) ?? null;
  }

  function watchedControl(target) {
    if (!page?.intercept?.length || !(target instanceof Element)) return null;
    if (target.closest(`[${ATTR}]:not(html)`)) return null; // our own marks and links
    const el = target.closest('button, [role="button"], a[href], [role="link"], input[type="button"], input[type="submit"]');
    if (!el) return null;
    const role = roleOf(el);
    const name = normalizeName(accessibleName(el));
    const watch = page.intercept.find((w) => w.role === role && w.names.includes(name));
    return watch ? { id: watch.id, element: el } : null;
  }

  // A creation dialog: a dialog holding a text field and a date field (the plan says which).
  function isCreationDialog(dialog) {
    const shape = page?.dialog_fallback;
    if (!shape) return false;
    const text = dialog.querySelector('input:not([type]), input[type="text"]');
    const date = dialog.querySelector('input[type="date"]');
    return (!shape.needs_text_field || !!text) && (!shape.needs_date_field || !!date);
  }

  // ---- talking to the core ----

  function ask(message) {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve({ ok: false, error: 'timeout' }), CORE_TIMEOUT_MS);
      const done = (reply) => {
        clearTimeout(timer);
        resolve(reply);
      };
      try {
        api.runtime.sendMessage(message).then(
          (reply) => done(reply ?? { ok: false, error: 'no reply' }),
          (error) => done({ ok: false, error: String(error?.message ?? error) }),
        );
      } catch (error) {
        done({ ok: false, error: String(error?.message ?? error) });
      }
    });
  }

  // ---- the in-page UI: the Rust panel in an extension iframe, or the plain fallback ----

  function mountFrame(query, kind, style) {
    const frame = document.createElement('iframe');
    frame.src = api.runtime.getURL(`panel.html?${query}`);
    frame.title = api.i18n.getMessage('panelFrameTitle');
    frame.setAttribute(ATTR, kind);
    frame.setAttribute('allow', 'clipboard-write');
    Object.assign(frame.style, { border: '0', margin: '0', padding: '0', zIndex: '2147483647', background: 'transparent', colorScheme: 'normal' }, style);
    document.documentElement.append(frame);
    return frame;
  }

  function mountPanel(coreAttempt) {
    const frame = mountFrame(`attempt=${encodeURIComponent(coreAttempt)}`, 'panel', {
      position: 'fixed', inset: '0', width: '100vw', height: '100vh',
    });
    frame.addEventListener('load', () => frame.focus(), { once: true });
    return frame;
  }

  function mountBanner() {
    if (document.querySelector(`[${ATTR}="banner"]`)) return;
    mountFrame('view=banner', 'banner', {
      position: 'fixed', right: '16px', bottom: '16px', width: 'min(420px, calc(100vw - 32px))', height: '150px',
    });
  }

  // Shown when the core cannot start (e.g. WebAssembly disabled by policy): minimal, plain DOM.
  function mountFallback(onContinue, onClose) {
    const box = document.createElement('div');
    box.setAttribute(ATTR, 'fallback');
    box.setAttribute('role', 'alertdialog');
    box.setAttribute('aria-modal', 'true');
    box.setAttribute('aria-labelledby', 'token-warden-fallback-title');
    Object.assign(box.style, {
      position: 'fixed', top: '16px', right: '16px', maxWidth: '380px', zIndex: '2147483647', padding: '16px',
      background: '#fff', color: '#172b4d', border: '2px solid #de350b', borderRadius: '6px',
      font: '14px/1.4 system-ui, sans-serif', boxShadow: '0 4px 16px rgba(0,0,0,.25)',
    });
    const title = document.createElement('strong');
    title.id = 'token-warden-fallback-title';
    title.textContent = api.i18n.getMessage('fallbackTitle');
    const body = document.createElement('p');
    body.textContent = api.i18n.getMessage('fallbackBody');
    const buttons = [];
    if (mode() !== 'block') {
      const cont = document.createElement('button');
      cont.type = 'button';
      cont.textContent = api.i18n.getMessage('fallbackContinue');
      cont.addEventListener('click', onContinue);
      buttons.push(cont);
    }
    const close = document.createElement('button');
    close.type = 'button';
    close.textContent = api.i18n.getMessage('fallbackClose');
    close.style.marginLeft = '8px';
    close.addEventListener('click', onClose);
    buttons.push(close);
    box.addEventListener('keydown', (e) => e.key === 'Escape' && onClose());
    box.append(title, body, ...buttons);
    document.documentElement.append(box);
    buttons[0].focus();
    return box;
  }

  function endAttempt(action) {
    if (!attempt) return;
    const { element, dialog, ui } = attempt;
    attempt = null;
    ui?.remove();
    if (action === TW.action.release && element?.isConnected) {
      expectDialogUntil = Date.now() + DIALOG_AFTER_RELEASE_MS;
      element.setAttribute(`${ATTR}-released`, '');
      element.click(); // Atlassian's own handler now runs, exactly as if we were absent
      element.removeAttribute(`${ATTR}-released`);
    }
    if (action === TW.action.cancel && dialog?.isConnected) {
      // The person chose another path: close Atlassian's creation dialog the way a person would.
      dialog.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', code: 'Escape', bubbles: true, cancelable: true }));
    }
    const focusBack = dialog?.isConnected ? dialog.querySelector('input, button') : element;
    if (focusBack?.isConnected) focusBack.focus?.();
  }

  async function startAttempt({ control, element = null, dialog = null, label = '' }) {
    const local = Symbol('attempt');
    attempt = { local, control, element, dialog, ui: null, core: null };
    const reply = await ask({ type: TW.content.guard_triggered, url: location.href, control, label });
    if (attempt?.local !== local) return;
    if (reply.ok && reply.type === TW.reply.show_panel) {
      attempt.core = reply.attempt;
      attempt.ui = mountPanel(reply.attempt);
    } else if (reply.ok && reply.type === TW.reply.ignore) {
      endAttempt(TW.action.release);
    } else {
      note('core unavailable', reply.error);
      attempt.ui = mountFallback(() => endAttempt(TW.action.release), () => endAttempt(TW.action.cancel));
    }
  }

  // ---- interception: capture phase on window, before Atlassian's React handlers ----

  const onActivate = safely((event) => {
    if (event.type === 'keydown' && event.key !== 'Enter' && event.key !== ' ') return;
    if (!INTERCEPTING_MODES.has(mode())) return;
    const control = watchedControl(event.target);
    if (!control || control.element.hasAttribute(`${ATTR}-released`)) return;
    // Native buttons turn Enter/Space into a click; only role="button" elements need the keydown.
    if (event.type === 'keydown' && control.element.tagName === 'BUTTON') return;
    event.preventDefault();
    event.stopImmediatePropagation();
    if (!attempt) startAttempt({ control: control.id, element: control.element });
  });

  // ---- what changes in the page: creation dialogs (second line of defence) and the token list ----

  const onMutations = safely(() => {
    if (!page) return;
    if (page.dialog_fallback && INTERCEPTING_MODES.has(mode())) {
      for (const dialog of document.querySelectorAll('[role="dialog"], [role="alertdialog"], dialog[open]')) {
        if (dialog.hasAttribute(`${ATTR}-seen`) || dialog.closest(`[${ATTR}]:not(html)`)) continue;
        if (!isCreationDialog(dialog)) continue;
        dialog.setAttribute(`${ATTR}-seen`, '');
        if (attempt || Date.now() < expectDialogUntil) {
          expectDialogUntil = 0; // this dialog is the one the person already decided about
          continue;
        }
        const label = dialog.querySelector('input:not([type]), input[type="text"]')?.value ?? '';
        startAttempt({ control: 'creation_dialog', dialog, label });
      }
    }
    if (page.token_list) markTokenRows();
  });

  function headerIndex(headers, names) {
    return headers.findIndex((h) => names.includes(normalizeName(h.textContent)));
  }

  function markTokenRows() {
    const { label_headers: labelNames, last_used_headers: lastUsedNames } = page.token_list;
    for (const table of document.querySelectorAll('table, [role="table"], [role="grid"]')) {
      const headers = [...table.querySelectorAll('th, [role="columnheader"]')];
      const labelCol = headerIndex(headers, labelNames);
      const usedCol = headerIndex(headers, lastUsedNames);
      if (labelCol < 0 || usedCol < 0) continue;
      const rows = [...table.querySelectorAll('tbody tr, [role="row"]')].filter((r) => !r.querySelector('th, [role="columnheader"]'));
      const facts = rows.map((row) => {
        const cells = row.querySelectorAll('td, [role="cell"], [role="gridcell"]');
        const labelCell = cells[labelCol];
        const label = [...(labelCell?.childNodes ?? [])]
          .filter((n) => !(n instanceof Element && n.hasAttribute(ATTR)))
          .map((n) => n.textContent)
          .join('')
          .trim();
        const lastUsed = cells[usedCol]?.textContent.trim() ?? '';
        const parsed = Date.parse(lastUsed);
        return { label, last_used: lastUsed, last_used_ms: Number.isFinite(parsed) ? parsed : null, labelCell };
      });
      const key = JSON.stringify(facts.map((f) => [f.label, f.last_used]));
      if (key === lastRowsKey) return;
      lastRowsKey = key;
      ask({ type: TW.content.token_rows, rows: facts.map(({ label, last_used, last_used_ms }) => ({ label, last_used, last_used_ms })) }).then(
        safely((reply) => {
          if (!reply?.ok || reply.type !== TW.reply.token_marks || key !== lastRowsKey) return;
          for (const el of table.querySelectorAll(`[${ATTR}="mark"]`)) el.remove();
          for (const i of reply.integration) {
            const fact = facts[i];
            if (!fact?.labelCell?.isConnected || !fact.label) continue;
            fact.labelCell.append(migrateLink(fact.label));
          }
        }),
      );
      return;
    }
  }

  function migrateLink(label) {
    const link = document.createElement('button');
    link.type = 'button';
    link.setAttribute(ATTR, 'mark');
    link.textContent = api.i18n.getMessage('migrateLink');
    link.title = api.i18n.getMessage('migrateHint');
    Object.assign(link.style, {
      marginLeft: '8px', padding: '0', border: '0', background: 'none', color: '#0c66e4',
      font: 'inherit', fontSize: '12px', textDecoration: 'underline', cursor: 'pointer',
    });
    link.addEventListener('click', (e) => {
      e.preventDefault();
      e.stopPropagation();
      if (!e.isTrusted) return; // a page script's .click() is not the person's consent
      ask({ type: TW.content.migrate, label });
    });
    return link;
  }

  // ---- messages from the background (the panel's decisions, relayed) ----

  const onRuntimeMessage = safely((message) => {
    if (message?.type !== TW.tabMessage) return;
    if (message.action === TW.action.dismiss_banner) {
      document.querySelector(`[${ATTR}="banner"]`)?.remove();
    } else if (message.action === TW.action.open_panel) {
      if (page?.intercept?.length && !attempt) startAttempt({ control: 'popup' });
    } else if (attempt && String(attempt.core) === String(message.attempt)) {
      endAttempt(message.action);
    }
  });

  // ---- page lifecycle: set up on entry, tear everything down on the way out ----

  function enterPage() {
    pageAbort = new AbortController();
    const { signal } = pageAbort;
    window.addEventListener('click', onActivate, { capture: true, signal });
    window.addEventListener('keydown', onActivate, { capture: true, signal });
    let scheduled = false;
    observer = new MutationObserver(() => {
      if (scheduled) return;
      scheduled = true;
      setTimeout(() => {
        scheduled = false;
        onMutations();
      }, 50);
    });
    observer.observe(document.documentElement, { childList: true, subtree: true });
    if (mode() === 'inform' && page.intercept?.length) mountBanner();
    onMutations();
  }

  function leavePage() {
    pageAbort?.abort();
    pageAbort = null;
    observer?.disconnect();
    observer = null;
    lastRowsKey = '';
    endAttempt(TW.action.cancel);
    for (const el of document.querySelectorAll(`[${ATTR}]:not(html)`)) {
      if (el.tagName === 'IFRAME' || el.getAttribute(ATTR) === 'fallback' || el.getAttribute(ATTR) === 'mark') el.remove();
    }
  }

  const onUrlMaybeChanged = safely(() => {
    if (location.href === lastUrl) return;
    lastUrl = location.href;
    const next = pageFor(new URL(location.href));
    if (next && page && next.kind === page.kind) return;
    leavePage();
    page = next;
    if (page && document.documentElement) enterPage();
    ask({ type: TW.content.page_facts, url: location.href }).then(
      safely((reply) => {
        if (!(reply?.ok && reply.type === TW.reply.page)) {
          if (page) note('page facts unanswered', reply?.error);
          return;
        }
        const modeChanged = reply.mode && reply.mode !== plan?.mode;
        plan = { ...plan, mode: reply.mode ?? plan?.mode };
        if (reply.plan && page && reply.plan.kind === page.kind) page = reply.plan;
        if (modeChanged && page) {
          leavePage();
          page = pageFor(new URL(location.href));
          if (page) enterPage();
        }
      }),
    );
  });

  api.runtime.onMessage.addListener(onRuntimeMessage);
  // In-app navigation: the Navigation API where the browser has it, plus popstate and a slow poll
  // (pushState from the page's own world does not fire popstate).
  globalThis.navigation?.addEventListener?.('currententrychange', onUrlMaybeChanged);
  window.addEventListener('popstate', onUrlMaybeChanged);
  setInterval(onUrlMaybeChanged, 500);
  window.addEventListener('pagehide', safely(leavePage));
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', onUrlMaybeChanged, { once: true });
  }
  onUrlMaybeChanged();
})();
