// Token Warden test replica: shared React pieces for the id.atlassian.com and admin.atlassian.com apps.
// - reads the server-injected config (<script type="application/json" id="replica-config">)
// - event log: window.__replica.events + POST /__replica/events (keepalive)
// - i18n lookup t(), class-name generator cls() (randomised in the `drifted` variant) and the stylesheet
// - client-side router (history.pushState + popstate) and <Link>
// - accessible building blocks: Dialog (portal into #portal-root, focus in, focus trap, Esc), fields, buttons
import { useEffect, useId, useRef, useState, useSyncExternalStore } from 'react';
import { createPortal } from 'react-dom';
import { stringsFor, format } from './data.mjs';

// ---------------------------------------------------------------------------------------------
// Config
// ---------------------------------------------------------------------------------------------
export const config = JSON.parse(document.getElementById('replica-config')?.textContent || '{}');
export const VARIANT = config.variant || 'en';
export const LANG = config.lang || 'en';
export const DRIFTED = VARIANT === 'drifted';
const STR = stringsFor(VARIANT);

/** Translate a string key, with `{var}` substitution. */
export function t(key, vars) {
  const s = STR[key];
  if (s === undefined) return key;
  return vars ? format(s, vars) : s;
}

// ---------------------------------------------------------------------------------------------
// Event log
// ---------------------------------------------------------------------------------------------
window.__replica = window.__replica || { events: [] };
window.__replica.config = { app: config.app, variant: VARIANT, lang: LANG };

/** Record a state change: page-visible array + POST to the server (never pass secrets here). */
export function logEvent(entry) {
  const e = { ...entry, app: config.app, t: Date.now() };
  window.__replica.events.push(e);
  try {
    fetch('/__replica/events', {
      method: 'POST', keepalive: true, headers: { 'content-type': 'application/json' }, body: JSON.stringify(e),
    }).catch(() => {});
  } catch { /* page unloading */ }
}

// ---------------------------------------------------------------------------------------------
// Class names and styles. Stable `css-xxxx` names normally; random per page load in `drifted`.
// ---------------------------------------------------------------------------------------------
const SALT = DRIFTED ? Math.random().toString(36).slice(2) : '';
const clsCache = new Map();
function hash(s) {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 16777619); }
  return (h >>> 0).toString(36);
}
/** Class name for a logical style name. */
export function cls(...names) {
  return names.filter(Boolean).map((n) => {
    if (!clsCache.has(n)) clsCache.set(n, `css-${hash(SALT + n)}`);
    return clsCache.get(n);
  }).join(' ');
}

const STYLES = {
  page: 'font-family: -apple-system, "Segoe UI", Roboto, sans-serif; color:#172b4d; margin:0; min-height:100vh; display:flex; flex-direction:column;',
  topbar: 'display:flex; align-items:center; justify-content:space-between; gap:16px; padding:0 24px; height:56px; border-bottom:1px solid #dfe1e6; background:#fff;',
  product: 'font-weight:600; font-size:16px;',
  layout: 'display:flex; flex:1;',
  sidebar: 'width:240px; border-right:1px solid #dfe1e6; padding:16px 8px; background:#fafbfc;',
  navlist: 'list-style:none; margin:0; padding:0;',
  navlink: 'display:block; padding:8px 12px; border-radius:3px; color:#42526e; text-decoration:none;',
  navlinkActive: 'background:#e9f2ff; color:#0c66e4; font-weight:600;',
  navgroup: 'margin-top:16px;',
  navgroupTitle: 'font-size:11px; text-transform:uppercase; color:#505f79; padding:4px 12px; font-weight:700;',
  main: 'flex:1; padding:24px 40px; max-width:1100px;',
  h1: 'font-size:24px; font-weight:500; margin:0 0 16px;',
  h2: 'font-size:18px; font-weight:500; margin:24px 0 8px;',
  muted: 'color:#6b778c;',
  actions: 'display:flex; gap:8px; margin:16px 0;',
  btn: 'display:inline-flex; align-items:center; padding:6px 12px; border-radius:3px; border:none; font:inherit; cursor:pointer; background:#f4f5f7; color:#42526e;',
  btnPrimary: 'background:#0c66e4; color:#fff;',
  btnDanger: 'background:#c9372c; color:#fff;',
  btnSubtle: 'background:transparent;',
  table: 'border-collapse:collapse; width:100%; margin-top:8px;',
  th: 'text-align:left; border-bottom:2px solid #dfe1e6; padding:8px; font-size:12px; color:#6b778c;',
  td: 'border-bottom:1px solid #ebecf0; padding:8px; vertical-align:top;',
  blanket: 'position:fixed; inset:0; background:rgba(9,30,66,0.54); display:flex; align-items:flex-start; justify-content:center; padding-top:60px; z-index:500;',
  dialog: 'background:#fff; border-radius:3px; width:560px; max-height:calc(100vh - 120px); display:flex; flex-direction:column; box-shadow:0 8px 16px rgba(9,30,66,0.25);',
  dialogHeader: 'padding:20px 24px 8px;',
  dialogTitle: 'font-size:20px; font-weight:500; margin:0;',
  dialogBody: 'padding:8px 24px; overflow:auto;',
  dialogFooter: 'padding:16px 24px; display:flex; justify-content:flex-end; gap:8px;',
  dialogFooterDrift: 'padding:16px 24px; display:flex; flex-direction:row-reverse; justify-content:flex-start; gap:8px;',
  field: 'display:flex; flex-direction:column; gap:4px; margin:12px 0;',
  fieldLabel: 'font-size:12px; font-weight:600; color:#6b778c;',
  input: 'padding:8px; border:2px solid #dfe1e6; border-radius:3px; font:inherit;',
  help: 'font-size:12px; color:#6b778c;',
  error: 'font-size:13px; color:#ae2e24; background:#ffeceb; padding:8px; border-radius:3px; margin:8px 0;',
  checklist: 'list-style:none; padding:0; margin:0; max-height:280px; overflow:auto; border:1px solid #ebecf0; border-radius:3px;',
  checkitem: 'padding:4px 8px;',
  fieldset: 'border:none; padding:0; margin:12px 0;',
  legend: 'font-size:12px; font-weight:600; color:#6b778c; padding:0; margin-bottom:4px;',
  secret: 'font-family:monospace; width:100%; box-sizing:border-box; padding:8px; border:2px solid #dfe1e6; border-radius:3px;',
  dl: 'display:grid; grid-template-columns:140px 1fr; gap:6px 12px;',
  stepper: 'font-size:12px; color:#6b778c; margin:0 0 4px;',
  tokensPage: 'display:flex; flex-direction:column;',
  tokensPageDrift: 'display:flex; flex-direction:column-reverse;',
  badge: 'display:inline-block; padding:0 6px; border-radius:3px; background:#dfe1e6; font-size:12px;',
  badgeWarn: 'background:#ffe7a8;',
  card: 'border:1px solid #dfe1e6; border-radius:3px; padding:16px; margin:8px 0;',
  code: 'font-family:monospace; font-size:12px;',
};

/** Insert the stylesheet (allowed: the page CSP has style-src 'unsafe-inline'). */
export function injectStyles() {
  const css = Object.entries(STYLES).map(([k, v]) => `.${cls(k)}{${v}}`).join('\n')
    + `\nbody{margin:0;${STYLES.page.split(';').slice(0, 2).join(';')}} .${cls('btn')}[disabled],.${cls('btn')}[aria-disabled="true"]{opacity:.5;cursor:not-allowed}`
    + `\n.${cls('btn')}:focus-visible,a:focus-visible,input:focus-visible{outline:2px solid #388bff;outline-offset:2px}`;
  const el = document.createElement('style');
  el.textContent = css;
  document.head.appendChild(el);
}

// ---------------------------------------------------------------------------------------------
// Router
// ---------------------------------------------------------------------------------------------
const routeListeners = new Set();
function emitRoute() { routeListeners.forEach((l) => l()); }
window.addEventListener('popstate', () => {
  logEvent({ type: 'navigate', path: location.pathname, via: 'popstate' });
  emitRoute();
});
/** Client-side navigation (no reload). */
export function navigate(path) {
  if (path === location.pathname + location.search) return;
  history.pushState({}, '', path);
  logEvent({ type: 'navigate', path: location.pathname, via: 'push' });
  window.scrollTo(0, 0);
  emitRoute();
}
export function usePath() {
  return useSyncExternalStore((cb) => { routeListeners.add(cb); return () => routeListeners.delete(cb); },
    () => location.pathname);
}
/** Normalise a path: strip a trailing slash. */
export function normPath(p) { return p.length > 1 ? p.replace(/\/+$/, '') : p; }

export function Link({ to, children, className, ...rest }) {
  const path = usePath();
  const active = normPath(path) === normPath(to);
  return (
    <a href={to} className={cls('navlink', active && 'navlinkActive', className)} aria-current={active ? 'page' : undefined}
      onClick={(e) => {
        if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        navigate(to);
      }} {...rest}>{children}</a>
  );
}

/** Set document.title while a page is shown. */
export function useTitle(title) {
  useEffect(() => { document.title = title; }, [title]);
}

// ---------------------------------------------------------------------------------------------
// Buttons and fields
// ---------------------------------------------------------------------------------------------
/**
 * A button. `event` (stable id) is logged as {type:'button', name:event, label} on click.
 * `asDiv` renders <div role="button" tabindex="0"> that reacts to Enter/Space (drifted markup).
 */
export function Button({ appearance = 'default', event, onClick, disabled, asDiv, children, className, ...rest }) {
  const classes = cls('btn', appearance === 'primary' && 'btnPrimary', appearance === 'danger' && 'btnDanger',
    appearance === 'subtle' && 'btnSubtle', className);
  const fire = (e) => {
    if (disabled) return;
    if (event) logEvent({ type: 'button', name: event, label: typeof children === 'string' ? children : undefined });
    onClick?.(e);
  };
  if (asDiv) {
    return (
      <div role="button" tabIndex={0} aria-disabled={disabled ? 'true' : undefined} className={classes}
        onClick={fire}
        onKeyDown={(e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); fire(e); } }} {...rest}>
        {children}
      </div>
    );
  }
  return <button type="button" className={classes} disabled={disabled} onClick={fire} {...rest}>{children}</button>;
}

/** Controlled text-like input with a visible <label>; logs field-change from React onChange. */
export function TextField({ field, label, value, onChange, type = 'text', help, multiline, required, ...rest }) {
  const id = useId();
  const helpId = help ? `${id}-help` : undefined;
  const handle = (e) => {
    logEvent({ type: 'field-change', field, value: e.target.value });
    onChange(e.target.value);
  };
  const Tag = multiline ? 'textarea' : 'input';
  return (
    <div className={cls('field')}>
      <label htmlFor={id} className={cls('fieldLabel')}>{label}{required ? <span aria-hidden="true"> *</span> : null}</label>
      <Tag id={id} className={cls('input')} type={multiline ? undefined : type} value={value} onChange={handle}
        aria-describedby={helpId} required={required} name={field} rows={multiline ? 3 : undefined} {...rest} />
      {help && <span id={helpId} className={cls('help')}>{help}</span>}
    </div>
  );
}

/** Read-only secret display. The value is never logged. */
export function SecretField({ label, value, copyLabel = t('copy'), copyEvent = 'copy' }) {
  const id = useId();
  const ref = useRef(null);
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    ref.current?.select();
    try { await navigator.clipboard.writeText(value); } catch {
      try { document.execCommand('copy'); } catch { /* ignore */ }
    }
    setCopied(true);
  };
  return (
    <div className={cls('field')}>
      <label htmlFor={id} className={cls('fieldLabel')}>{label}</label>
      <input id={id} ref={ref} className={cls('secret')} readOnly value={value} spellCheck={false} autoComplete="off" />
      <div><Button event={copyEvent} onClick={copy}>{copyLabel}</Button>
        {copied && <span role="status" className={cls('help')}> {t('copied')}</span>}</div>
    </div>
  );
}

/** Checkbox with its label as accessible name; logs `logType` ({scope|role, checked}). */
export function Checkbox({ label, checked, onChange, logType = 'scope-toggle', logKey = 'scope', logValue }) {
  const id = useId();
  return (
    <div className={cls('checkitem')}>
      <input type="checkbox" id={id} checked={checked} onChange={(e) => {
        logEvent({ type: logType, [logKey]: logValue ?? label, checked: e.target.checked });
        onChange(e.target.checked);
      }} />
      <label htmlFor={id}> {label}</label>
    </div>
  );
}

/** Radio group (fieldset + legend) of controlled radios; logs field-change {field, value}. */
export function RadioGroup({ field, legend, options, value, onChange }) {
  const name = useId();
  return (
    <fieldset className={cls('fieldset')} role="radiogroup" aria-label={legend}>
      <legend className={cls('legend')}>{legend}</legend>
      {options.map((o) => {
        const id = `${name}-${o.value}`;
        return (
          <div key={o.value} className={cls('checkitem')}>
            <input type="radio" id={id} name={name} value={o.value} checked={value === o.value} onChange={() => {
              logEvent({ type: 'field-change', field, value: o.value });
              onChange(o.value);
            }} />
            <label htmlFor={id}> {o.label}</label>
          </div>
        );
      })}
    </fieldset>
  );
}

// ---------------------------------------------------------------------------------------------
// Dialog
// ---------------------------------------------------------------------------------------------
const FOCUSABLE = 'input:not([disabled]):not([type=hidden]), textarea:not([disabled]), select:not([disabled]), button:not([disabled]), [role=button][tabindex="0"], a[href]';

/**
 * Modal dialog rendered into #portal-root. Logs dialog-open/dialog-close, moves focus into the dialog
 * (again whenever `focusKey` changes, e.g. wizard steps), traps Tab, closes on Esc, restores focus,
 * and hides the app root from assistive tech while open.
 */
export function Dialog({ name, title, onClose, children, footer, focusKey }) {
  const titleId = useId();
  const ref = useRef(null);
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    const opener = document.activeElement;
    const root = document.getElementById('root');
    root?.setAttribute('aria-hidden', 'true');
    logEvent({ type: 'dialog-open', dialog: name });
    const onKey = (e) => {
      if (e.key === 'Escape') { e.preventDefault(); onCloseRef.current?.('esc'); }
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      root?.removeAttribute('aria-hidden');
      logEvent({ type: 'dialog-close', dialog: name });
      if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
    };
  }, [name]);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const body = el.querySelector('[data-dialog-body]');
    const first = body?.querySelector(FOCUSABLE) || el.querySelector(FOCUSABLE);
    (first || el).focus();
  }, [focusKey]);

  const trap = (e) => {
    if (e.key !== 'Tab') return;
    const items = [...ref.current.querySelectorAll(FOCUSABLE)];
    if (!items.length) return;
    const first = items[0], last = items[items.length - 1];
    if (e.shiftKey && document.activeElement === first) { e.preventDefault(); last.focus(); }
    else if (!e.shiftKey && document.activeElement === last) { e.preventDefault(); first.focus(); }
  };

  const portal = document.getElementById('portal-root');
  const content = (
    <div className={cls('blanket')} onMouseDown={(e) => { if (e.target === e.currentTarget) onCloseRef.current?.('blanket'); }}>
      <section ref={ref} role="dialog" aria-modal="true" aria-labelledby={titleId} tabIndex={-1}
        className={cls('dialog')} onKeyDown={trap} data-replica-dialog={name}>
        <header className={cls('dialogHeader')}>
          <h1 id={titleId} className={cls('dialogTitle')}>{title}</h1>
        </header>
        {DRIFTED
          ? <div><div className={cls('dialogBody')} data-dialog-body="">{children}</div></div>
          : <div className={cls('dialogBody')} data-dialog-body="">{children}</div>}
        {footer && <footer className={cls(DRIFTED ? 'dialogFooterDrift' : 'dialogFooter')}>{footer}</footer>}
      </section>
    </div>
  );
  return createPortal(content, portal);
}

// ---------------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------------
const DAY = 86400000;
export function isoDate(d) {
  const x = new Date(d);
  return `${x.getFullYear()}-${String(x.getMonth() + 1).padStart(2, '0')}-${String(x.getDate()).padStart(2, '0')}`;
}
export function oneYearAhead() { const d = new Date(); d.setFullYear(d.getFullYear() + 1); return isoDate(d); }
/** Is an ISO yyyy-mm-dd date between tomorrow and one year ahead? */
export function expiryValid(iso) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return false;
  return iso >= isoDate(Date.now() + DAY) && iso <= oneYearAhead();
}
const dateFmt = new Intl.DateTimeFormat(LANG, { dateStyle: 'medium' });
export function formatDate(v) { return v ? dateFmt.format(new Date(v)) : '—'; }
const relFmt = new Intl.RelativeTimeFormat(LANG, { numeric: 'auto' });
/** "yesterday", "120 days ago", or t('never'). */
export function formatLastUsed(v) {
  if (!v) return t('never');
  const days = Math.round((new Date(v).getTime() - Date.now()) / DAY);
  return relFmt.format(days, 'day');
}

/** POST JSON helper for the replica's fake gateway. */
export async function postJson(url, body, method = 'POST') {
  const res = await fetch(url, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return res.status === 204 ? null : res.json();
}

/** Log the initial page view and render an app into #root. */
export function logPageLoad() {
  logEvent({ type: 'navigate', path: location.pathname, via: 'load' });
}
