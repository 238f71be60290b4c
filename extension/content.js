// Token Warden's content script on id.atlassian.com and admin.atlassian.com.
//
// Thin and boring on purpose: it applies the page plan the Rust core produced (the build-time default
// in generated/default-plan.js first, then the background's answer) and reports facts back. It holds
// no product rules and no user-facing strings of its own (those come from _locales). It never reads
// what Atlassian shows after a token is created. Everything it adds is removed when the person
// navigates away, and no error of its own reaches the page.
//
// Chromium refuses WebAssembly in content scripts under Atlassian's CSP, which is why the core lives in
// the background and in the panel iframe (see DESIGN.md).

(() => {
  'use strict';

  const api = globalThis.browser ?? globalThis.chrome;
  const GUARD_ATTR = 'data-token-warden';
  const CORE_TIMEOUT_MS = 3000; // a cold service worker starts the wasm core well within this
  const INTERCEPTING_MODES = new Set(['warn', 'require_reason', 'block']);

  // Two copies must never run in one page (an extension update re-injects content scripts).
  if (document.documentElement.hasAttribute(GUARD_ATTR)) return;
  document.documentElement.setAttribute(GUARD_ATTR, '');

  let plan = globalThis.TOKEN_WARDEN_DEFAULT_PLAN;
  let page = null; // the PagePlan for the current URL, if any
  let pageAbort = null; // aborts everything set up for the current page
  let attempt = null; // {id, control, element, ui} while the person is deciding
  let lastUrl = null;
  const diagnostics = []; // what went wrong, kept for the popup's "what happened" view

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

  // ---- page rules (data from the core; the same pattern language as src/atlassian/pages.rs) ----

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

  function pageFor(url) {
    if (url.protocol !== 'https:' || !plan?.pages) return null;
    const segments = url.pathname.split('/').filter(Boolean);
    return plan.pages.find((p) => p.host === url.hostname && p.paths.some((pat) => pathMatches(pat, segments))) ?? null;
  }

  // ---- reading controls like a person does: role and accessible name ----

  // Same steps as normalize_name in src/atlassian/landmarks.rs.
  function normalizeName(text) {
    return (text ?? '').split(/\s+/).filter(Boolean).join(' ').toLowerCase().replace(/[\u2018\u2019\u02bc]/g, "'");
  }

  function roleOf(el) {
    const explicit = el.getAttribute('role');
    if (explicit) return explicit;
    if (el.tagName === 'BUTTON' || (el.tagName === 'INPUT' && /^(button|submit)$/i.test(el.type))) return 'button';
    if (el.tagName === 'A' && el.hasAttribute('href')) return 'link';
    return null;
  }

  function accessibleName(el) {
    const label = el.getAttribute('aria-label');
    if (label) return label;
    const ids = el.getAttribute('aria-labelledby');
    if (ids) {
      return ids
        .split(/\s+/)
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .join(' ');
    }
    return el.tagName === 'INPUT' ? el.value : el.textContent;
  }

  function watchedControl(target) {
    if (!page?.intercept?.length || !(target instanceof Element)) return null;
    const el = target.closest('button, [role="button"], a[href], [role="link"], input[type="button"], input[type="submit"]');
    if (!el) return null;
    const role = roleOf(el);
    const name = normalizeName(accessibleName(el));
    const watch = page.intercept.find((w) => w.role === role && w.names.includes(name));
    return watch ? { id: watch.id, element: el } : null;
  }

  // ---- talking to the core ----

  function ask(message) {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve({ ok: false, error: 'timeout' }), CORE_TIMEOUT_MS);
      try {
        api.runtime.sendMessage(message).then(
          (reply) => {
            clearTimeout(timer);
            resolve(reply ?? { ok: false, error: 'no reply' });
          },
          (error) => {
            clearTimeout(timer);
            resolve({ ok: false, error: String(error?.message ?? error) });
          },
        );
      } catch (error) {
        clearTimeout(timer);
        resolve({ ok: false, error: String(error?.message ?? error) });
      }
    });
  }

  // ---- the in-page UI: the Rust panel in an extension iframe, or the plain fallback ----

  function mountPanel(id) {
    const frame = document.createElement('iframe');
    frame.src = api.runtime.getURL(`panel.html?attempt=${encodeURIComponent(id)}`);
    frame.title = api.i18n.getMessage('panelFrameTitle');
    frame.setAttribute(GUARD_ATTR, 'panel');
    frame.setAttribute('allowtransparency', 'true');
    Object.assign(frame.style, {
      position: 'fixed', inset: '0', width: '100vw', height: '100vh', border: '0', margin: '0', padding: '0',
      zIndex: '2147483647', background: 'transparent', colorScheme: 'normal',
    });
    frame.addEventListener('load', () => frame.focus(), { once: true });
    document.documentElement.append(frame);
    return frame;
  }

  // Shown when the core cannot start (e.g. WebAssembly disabled by policy): minimal, plain DOM.
  function mountFallback(onContinue, onClose) {
    const box = document.createElement('div');
    box.setAttribute(GUARD_ATTR, 'fallback');
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
    const cont = document.createElement('button');
    cont.type = 'button';
    cont.textContent = api.i18n.getMessage('fallbackContinue');
    cont.addEventListener('click', onContinue);
    const close = document.createElement('button');
    close.type = 'button';
    close.textContent = api.i18n.getMessage('fallbackClose');
    close.style.marginLeft = '8px';
    close.addEventListener('click', onClose);
    box.addEventListener('keydown', (e) => e.key === 'Escape' && onClose());
    box.append(title, body, cont, close);
    document.documentElement.append(box);
    cont.focus();
    return box;
  }

  function endAttempt(action) {
    if (!attempt) return;
    const { element, ui } = attempt;
    attempt = null;
    ui?.remove();
    if (action === 'release' && element?.isConnected) {
      element.setAttribute(`${GUARD_ATTR}-released`, '');
      element.click(); // Atlassian's own handler now runs, exactly as if we were absent
      element.removeAttribute(`${GUARD_ATTR}-released`);
    }
    if (element?.isConnected) element.focus?.();
  }

  async function startAttempt(control) {
    const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
    attempt = { id, control: control.id, element: control.element, ui: null };
    const reply = await ask({ type: 'guard_triggered', url: location.href, control: control.id });
    if (!attempt || attempt.id !== id) return;
    if (reply.ok && reply.type === 'show_panel') {
      attempt.core = reply.attempt;
      attempt.ui = mountPanel(reply.attempt);
    } else if (reply.ok && reply.type === 'ignore') {
      endAttempt('release');
    } else {
      note('core unavailable', reply.error);
      attempt.ui = mountFallback(() => endAttempt('release'), () => endAttempt('cancel'));
    }
  }

  // ---- interception: capture phase on window, before Atlassian's React handlers ----

  const onActivate = safely((event) => {
    if (event.type === 'keydown' && event.key !== 'Enter' && event.key !== ' ') return;
    if (!INTERCEPTING_MODES.has(plan?.mode)) return;
    const control = watchedControl(event.target);
    if (!control || control.element.hasAttribute(`${GUARD_ATTR}-released`)) return;
    // Native buttons turn Enter/Space into a click; only role="button" elements need the keydown.
    if (event.type === 'keydown' && control.element.tagName === 'BUTTON') return;
    event.preventDefault();
    event.stopImmediatePropagation();
    if (!attempt) startAttempt(control);
  });

  const onRuntimeMessage = safely((message) => {
    if (message?.type === 'tw_action' && attempt && String(attempt.core) === String(message.attempt)) {
      endAttempt(message.action);
    }
  });

  // ---- page lifecycle: set up on entry, tear everything down on the way out ----

  const onUrlMaybeChanged = safely(() => {
    if (location.href === lastUrl) return;
    lastUrl = location.href;
    const next = pageFor(new URL(location.href));
    if (next === page && next) return;
    leavePage();
    page = next;
    ask({ type: 'page_facts', url: location.href }).then(
      safely((reply) => {
        if (reply?.ok && reply.type === 'page') {
          if (plan && reply.mode) plan = { ...plan, mode: reply.mode };
          if (reply.plan && page && reply.plan.kind === page.kind) page = reply.plan;
        } else if (page) {
          note('page facts unanswered', reply?.error);
        }
      }),
    );
    if (!page) return;
    pageAbort = new AbortController();
    const { signal } = pageAbort;
    window.addEventListener('click', onActivate, { capture: true, signal });
    window.addEventListener('keydown', onActivate, { capture: true, signal });
  });

  function leavePage() {
    pageAbort?.abort();
    pageAbort = null;
    endAttempt('cancel');
    for (const el of document.querySelectorAll(`[${GUARD_ATTR}="panel"], [${GUARD_ATTR}="fallback"]`)) el.remove();
  }

  api.runtime.onMessage.addListener(onRuntimeMessage);
  // In-app navigation: the Navigation API where the browser has it, else popstate plus a slow poll.
  if (globalThis.navigation?.addEventListener) {
    navigation.addEventListener('currententrychange', onUrlMaybeChanged);
  } else {
    setInterval(onUrlMaybeChanged, 500);
  }
  window.addEventListener('popstate', onUrlMaybeChanged);
  window.addEventListener('pagehide', safely(leavePage));
  onUrlMaybeChanged();
})();
