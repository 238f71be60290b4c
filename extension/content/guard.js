// Feature "guard": on the page where people make personal API tokens, hold a watched create button (or
// a creation dialog it did not recognise by name) until the person has chosen in the Rust panel; under
// a plan that only informs, a banner instead; a plain warning when the core cannot start. The plan
// decides all of it (`intercepting`, `banner`, `may_continue`); this file only applies it.
//
// Test URLs: https://id.atlassian.com/manage-profile/security/api-tokens
//            https://id.atlassian.com/manage/api-tokens
(() => {
  'use strict';

  const R = globalThis.TokenWarden;
  if (!R) return;
  const { api, TW, ATTR } = R;
  const DIALOG_AFTER_RELEASE_MS = 5000; // the dialog a released click opens belongs to that attempt
  const CONTROLS = 'button, [role="button"], a[href], [role="link"], input[type="button"], input[type="submit"]';
  let attempt = null; // {local, core, element, dialog, ui, stop} while the person is deciding
  let expectDialogUntil = 0;
  // The panel prepared before any click: its frame loads hidden (out of sight, out of the
  // accessibility tree, not focusable), so the click only reveals it and moves focus.
  // {core, frame, stop} or null; torn down with the page's signal.
  let prepared = null;
  const PANEL_STYLE = { inset: '0', width: '100vw', height: '100vh' };

  // One controller per panel frame, ended with its attempt or with the page: the frame and its
  // message listener go together (a listener per click would otherwise outlive its frame).
  function frameScope(signal) {
    const stop = new AbortController();
    signal?.addEventListener('abort', () => stop.abort(), { once: true, signal: stop.signal });
    return stop;
  }

  function mountPanel(core, style, signal, extra = '') {
    return R.mountFrame(`attempt=${encodeURIComponent(core)}${extra}`, 'panel', api.i18n.getMessage('panelFrameTitle'), style, signal);
  }

  async function prepare(signal, tries = 3) {
    if (prepared || attempt || !signal || signal.aborted || !R.page()?.intercepting) return;
    const reply = await R.ask({ type: TW.content.prepare_panel, url: location.href });
    // A worker still starting may not answer in time: try again a little later (a click meanwhile
    // mounts its panel the plain way).
    if (!reply.ok && tries > 1) return void setTimeout(() => prepare(signal, tries - 1), 1000);
    if (prepared || attempt || signal.aborted || !reply.ok || reply.type !== TW.reply.panel_prepared) return;
    const stop = frameScope(signal);
    const frame = mountPanel(reply.attempt, { ...PANEL_STYLE, visibility: 'hidden', pointerEvents: 'none' }, stop.signal, '&prepared=1');
    frame.inert = true;
    frame.tabIndex = -1;
    frame.setAttribute('aria-hidden', 'true');
    // Not yet one of "our" shown elements: it becomes the panel when revealed.
    frame.removeAttribute(ATTR);
    frame.setAttribute(`${ATTR}-prepared`, '');
    R.handTo(frame, { twKey: reply.key }, stop.signal); // its key, by message (never in the URL)
    prepared = { core: reply.attempt, frame, stop };
    signal.addEventListener('abort', () => (prepared = null), { once: true });
  }

  function reveal(frame) {
    frame.removeAttribute(`${ATTR}-prepared`);
    frame.setAttribute(ATTR, 'panel');
    frame.inert = false;
    frame.removeAttribute('tabindex');
    frame.removeAttribute('aria-hidden');
    Object.assign(frame.style, { visibility: 'visible', pointerEvents: 'auto' });
    frame.focus();
  }

  function watchedControl(plan, target) {
    if (!(target instanceof Element) || R.ours(target)) return null;
    const el = target.closest(CONTROLS);
    const name = el && R.normalizeName(R.accessibleName(el));
    const watch = el && plan.intercept.find((w) => w.role === R.roleOf(el) && w.names.includes(name));
    return watch ? { id: watch.id, element: el } : null;
  }

  const textField = (dialog) => dialog.querySelector('input:not([type]), input[type="text"]');
  function isCreationDialog(plan, dialog) {
    const shape = plan.dialog_fallback;
    return !!shape && (!shape.needs_text_field || !!textField(dialog)) && (!shape.needs_date_field || !!dialog.querySelector('input[type="date"]'));
  }

  // Shown when the core cannot start (e.g. WebAssembly disabled by policy): minimal, plain DOM.
  function mountFallback(plan, onContinue, onClose) {
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
    const button = (key, onClick) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = api.i18n.getMessage(key);
      b.style.marginRight = '8px';
      b.addEventListener('click', onClick);
      return b;
    };
    const buttons = [...(plan.may_continue ? [button('fallbackContinue', onContinue)] : []), button('fallbackClose', onClose)];
    box.addEventListener('keydown', (e) => e.key === 'Escape' && onClose());
    box.append(title, body, ...buttons);
    document.documentElement.append(box);
    buttons[0].focus();
    return box;
  }

  function endAttempt(action) {
    if (!attempt) return;
    const { element, dialog, ui, stop } = attempt;
    attempt = null;
    ui?.remove();
    stop?.abort();
    if (action === TW.action.release && element?.isConnected) {
      expectDialogUntil = Date.now() + DIALOG_AFTER_RELEASE_MS;
      element.setAttribute(`${ATTR}-released`, '');
      element.click(); // Atlassian's own handler now runs, exactly as if we were absent
      element.removeAttribute(`${ATTR}-released`);
    }
    // The person chose another path: close Atlassian's creation dialog the way a person would.
    if (action === TW.action.cancel && dialog?.isConnected) R.pressEscape(dialog);
    const focusBack = dialog?.isConnected ? dialog.querySelector('input, button') : element;
    if (focusBack?.isConnected) focusBack.focus?.();
    idle(() => prepare(pageSignal)); // ready for the next click
  }

  const idle = (fn) => (globalThis.requestIdleCallback ? requestIdleCallback(fn, { timeout: 2000 }) : setTimeout(fn, 200));

  async function startAttempt(plan, { control, element = null, dialog = null, label = '' }) {
    const local = Symbol('attempt');
    // A typed label must reach the panel's model, so only a click without one uses the prepared panel.
    const ready = label ? null : prepared;
    if (ready) prepared = null;
    attempt = { local, element, dialog, ui: ready?.frame ?? null, core: ready?.core ?? null, stop: ready?.stop ?? null };
    if (ready) reveal(ready.frame);
    const reply = await R.ask({ type: TW.content.guard_triggered, url: location.href, control, label, prepared: ready?.core ?? 0 });
    if (attempt?.local !== local) return;
    if (reply.ok && reply.type === TW.reply.show_panel) {
      if (String(reply.attempt) === String(attempt.core)) return; // the prepared panel, already shown
      attempt.ui?.remove(); // not (or no longer) the prepared one: a fresh panel for this attempt
      attempt.stop?.abort();
      attempt.stop = frameScope(pageSignal);
      attempt.core = reply.attempt;
      attempt.ui = mountPanel(reply.attempt, PANEL_STYLE, attempt.stop.signal);
      attempt.ui.addEventListener('load', () => attempt?.ui?.focus(), { once: true });
      R.handTo(attempt.ui, { twKey: reply.key }, attempt.stop.signal); // never in the frame's URL: the page can read that
    } else if (reply.ok && reply.type === TW.reply.ignore) {
      endAttempt(TW.action.release);
    } else {
      attempt.ui?.remove();
      attempt.stop?.abort();
      R.note('core_unavailable', reply.error);
      attempt.ui = mountFallback(plan, () => endAttempt(TW.action.release), () => endAttempt(TW.action.cancel));
    }
  }

  // Capture phase on window, before Atlassian's React handlers.
  const onActivate = R.safely((event) => {
    const plan = R.page();
    if (!plan?.intercepting || (event.type === 'keydown' && event.key !== 'Enter' && event.key !== ' ')) return;
    const control = watchedControl(plan, event.target);
    if (!control || control.element.hasAttribute(`${ATTR}-released`)) return;
    // Native buttons turn Enter/Space into a click; only role="button" elements need the keydown.
    if (event.type === 'keydown' && control.element.tagName === 'BUTTON') return;
    event.preventDefault();
    event.stopImmediatePropagation();
    if (!attempt) startAttempt(plan, { control: control.id, element: control.element });
  });

  // The second line of defence: a creation dialog that opened without a recognised button.
  function watchDialogs(plan) {
    for (const dialog of document.querySelectorAll('[role="dialog"], [role="alertdialog"], dialog[open]')) {
      if (dialog.hasAttribute(`${ATTR}-seen`) || R.ours(dialog) || !isCreationDialog(plan, dialog)) continue;
      dialog.setAttribute(`${ATTR}-seen`, '');
      if (attempt || Date.now() < expectDialogUntil) {
        expectDialogUntil = 0; // this dialog is the one the person already decided about
        continue;
      }
      startAttempt(plan, { control: 'creation_dialog', dialog, label: textField(dialog)?.value ?? '' });
    }
  }

  // Under a plan that only informs: the banner (mounted once per page, gone when the plan changes).
  function syncBanner(plan, signal) {
    const banner = document.querySelector(`[${ATTR}="banner"]`);
    if (!plan.banner) return banner?.remove();
    const style = { right: '16px', bottom: '16px', width: 'min(420px, calc(100vw - 32px))', height: '150px' };
    if (!banner) R.mountFrame('view=banner', 'banner', api.i18n.getMessage('panelFrameTitle'), style, signal);
  }

  let pageSignal = null;
  R.feature({
    name: 'guard',
    applies: (plan) => plan.intercept.length > 0,
    enter(plan, signal) {
      pageSignal = signal;
      window.addEventListener('click', onActivate, { capture: true, signal });
      window.addEventListener('keydown', onActivate, { capture: true, signal });
      R.observe(signal, () => R.page()?.intercepting && R.page().dialog_fallback && watchDialogs(R.page()));
      syncBanner(plan, signal);
      signal.addEventListener('abort', () => endAttempt(TW.action.cancel), { once: true });
      idle(() => prepare(signal)); // after the page's own start-up work
    },
    navigated: (plan) => pageSignal && syncBanner(plan, pageSignal),
    message(m) {
      if (m.action === TW.action.dismiss_banner) document.querySelector(`[${ATTR}="banner"]`)?.remove();
      else if (m.action === TW.action.open_panel) attempt || startAttempt(R.page(), { control: 'popup' });
      else if (attempt && String(attempt.core) === String(m.attempt)) endAttempt(m.action);
    },
  });
})();
