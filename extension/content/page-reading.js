// Shared by Token Warden's content scripts: reading Atlassian's pages the way a person does (ARIA role,
// accessible name, label text) and the URL pattern language of src/atlassian/pages.rs. Mechanics only;
// which names to look for always comes from the Rust core's plan.
globalThis.TokenWardenPage = (() => {
  'use strict';

  // Same steps as normalize_name in src/atlassian/landmarks.rs.
  function normalizeName(text) {
    return (text ?? '').split(/\s+/).filter(Boolean).join(' ').toLowerCase().replace(/[\u2018\u2019\u02bc]/g, "'");
  }

  // Label texts often carry a required marker or a colon: "Name *", "Name:".
  function normalizeLabel(text) {
    return normalizeName(text).replace(/[\s*:：]+$/u, '');
  }

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

  function pathIsOneOf(patterns, url = location.href) {
    const segments = new URL(url).pathname.split('/').filter(Boolean);
    return patterns.some((p) => pathMatches(p, segments));
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

  function isVisible(el) {
    return el.isConnected && el.getClientRects().length > 0;
  }

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

  /** The topmost open dialog, if any. */
  function openDialog() {
    const dialogs = [...document.querySelectorAll('[role="dialog"], [role="alertdialog"], dialog[open]')].filter(
      (d) => isVisible(d) && !d.closest('[data-token-warden]:not(html)'),
    );
    return dialogs.at(-1) ?? null;
  }

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

  /** Resolves with `find()`'s first truthy result, polling, or rejects after `timeoutMs`. */
  function waitFor(find, timeoutMs, what, signal) {
    return new Promise((resolve, reject) => {
      const started = Date.now();
      const tick = () => {
        if (signal?.aborted) return reject(new Error('cancelled'));
        let found = null;
        try {
          found = find();
        } catch {
          found = null;
        }
        if (found) return resolve(found);
        if (Date.now() - started > timeoutMs) return reject(new Error(`not found: ${what}`));
        setTimeout(tick, 100);
      };
      tick();
    });
  }

  return { normalizeName, normalizeLabel, pathMatches, pathIsOneOf, roleOf, accessibleName, isVisible, findByRole, findField, openDialog, typeInto, waitFor };
})();
