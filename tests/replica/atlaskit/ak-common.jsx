// Token Warden test replica, Atlaskit edition: pieces shared by the admin and id apps.
// - server-injected config, strings t(), event log (window.__replica.events + POST /__replica/events)
// - client-side router (pushState/popstate) and a link that Atlaskit's LinkItem can render
// - <AkRoot>: emotion cache with the page's CSP nonce (legacy Atlaskit parts still use emotion at
//   runtime; compiled parts ship extracted CSS served as a stylesheet), and Atlaskit's FlagsProvider
// - the JSON API helper (real fetch), the one-time secret display, the expiry field (DatePicker or Textfield)
// - drifted markup helpers: extra wrappers with random classes; accessible names stay the same
import { useEffect, useId, useState, useSyncExternalStore } from 'react';
import createCache from '@emotion/cache';
import { CacheProvider } from '@emotion/react';
import { FlagsProvider } from '@atlaskit/flag';
import Button from '@atlaskit/button/new';
import Textfield from '@atlaskit/textfield';
import { DatePicker } from '@atlaskit/datetime-picker';
import { Label, HelperMessage } from '@atlaskit/form';
import * as statusSuccess from '@atlaskit/icon/core/status-success';
import { akStrings, format, isoInDays } from './ak-data.mjs';

export const config = JSON.parse(document.getElementById('replica-config')?.textContent || '{}');
export const VARIANT = config.variant || 'en';
export const LANG = config.lang || 'en';
export const DRIFTED = VARIANT === 'drifted';
export const OPT = config.options || {};
// The icon glyphs are CommonJS; under "type": "module" esbuild follows Node's interop (default = module.exports).
export const SuccessIcon = statusSuccess.default?.default ?? statusSuccess.default;
const NONCE = document.currentScript?.nonce || '';
const S = akStrings(VARIANT);

export function t(key, vars) {
  const s = S[key];
  if (s === undefined) return key;
  return vars ? format(s, vars) : s;
}

// ---------------------------------------------------------------------------------------------
// Event log (same shape as the hand-written replica; never pass secrets here)
// ---------------------------------------------------------------------------------------------
window.__replica = window.__replica || { events: [] };
window.__replica.config = { app: config.app, ui: 'atlaskit', variant: VARIANT, lang: LANG, options: OPT };
export function logEvent(entry) {
  const e = { ...entry, app: config.app, ui: 'atlaskit', t: Date.now() };
  window.__replica.events.push(e);
  try {
    fetch('/__replica/events', { method: 'POST', keepalive: true, headers: { 'content-type': 'application/json' }, body: JSON.stringify(e) }).catch(() => {});
  } catch { /* unloading */ }
}
document.addEventListener('securitypolicyviolation', (e) => {
  logEvent({ type: 'csp-violation', directive: e.violatedDirective, blocked: e.blockedURI, source: e.sourceFile, line: e.lineNumber, column: e.columnNumber, sample: e.sample });
});

// ---------------------------------------------------------------------------------------------
// Router
// ---------------------------------------------------------------------------------------------
const listeners = new Set();
const emit = () => listeners.forEach((l) => l());
window.addEventListener('popstate', () => { logEvent({ type: 'navigate', path: location.pathname, via: 'popstate' }); emit(); });
export function navigate(path) {
  if (path === location.pathname + location.search) return;
  history.pushState({}, '', path);
  logEvent({ type: 'navigate', path: location.pathname, via: 'push' });
  window.scrollTo(0, 0);
  emit();
}
export function usePath() {
  return useSyncExternalStore((cb) => { listeners.add(cb); return () => listeners.delete(cb); }, () => location.pathname);
}
export const normPath = (p) => (p.length > 1 ? p.replace(/\/+$/, '') : p);
/** onClick for an <a href> that routes client-side on a plain left click. */
export function routeClick(to) {
  return (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
}
export function useTitle(title) { useEffect(() => { document.title = title; }, [title]); }

// ---------------------------------------------------------------------------------------------
// Root providers
// ---------------------------------------------------------------------------------------------
const emotionCache = createCache({ key: 'rpl', nonce: NONCE || undefined });
export function AkRoot({ children }) {
  return <CacheProvider value={emotionCache}><FlagsProvider>{children}</FlagsProvider></CacheProvider>;
}

// ---------------------------------------------------------------------------------------------
// Drifted markup
// ---------------------------------------------------------------------------------------------
const SALT = Math.random().toString(36).slice(2, 8);
/** In the drifted variant, wrap children in `depth` extra divs with per-load random classes. */
export function Drift({ children, depth = 2 }) {
  if (!DRIFTED) return children;
  let out = children;
  for (let i = 0; i < depth; i++) out = <div className={`x${SALT}${i}`}>{out}</div>;
  return out;
}
/** Reverse the order of a list of elements in the drifted variant. */
export const driftOrder = (items) => (DRIFTED ? [...items].reverse() : items);
/** data-testid like Atlaskit apps set them; changed in the drifted variant. */
export const testId = (id) => (DRIFTED ? `${id}--${SALT}` : id);

// ---------------------------------------------------------------------------------------------
// API
// ---------------------------------------------------------------------------------------------
export class ApiError extends Error {
  constructor(status, message) { super(message || `HTTP ${status}`); this.status = status; }
}
export async function api(method, url, body) {
  const res = await fetch(url, {
    method, headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) {
    let msg = '';
    try { msg = (await res.json()).message; } catch { /* not json */ }
    throw new ApiError(res.status, msg);
  }
  return res.status === 204 ? null : res.json();
}

// ---------------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------------
const dateFmt = new Intl.DateTimeFormat(LANG, { dateStyle: 'medium' });
export const formatDate = (v) => (v ? dateFmt.format(new Date(v.length === 10 ? `${v}T12:00:00` : v)) : '—');
const relFmt = new Intl.RelativeTimeFormat(LANG, { numeric: 'auto' });
export function formatLastUsed(v) {
  if (!v) return t('never');
  return relFmt.format(Math.round((new Date(v).getTime() - Date.now()) / 86400000), 'day');
}
export const DEFAULT_EXPIRY_DAYS = 365;
export const minExpiry = () => isoInDays(1);
export const maxExpiry = () => isoInDays(365);
export const expiryValid = (v) => /^\d{4}-\d{2}-\d{2}$/.test(v || '') && v >= minExpiry() && v <= maxExpiry();

/**
 * Expiry date field. React holds the value: 'picker' is Atlaskit's DatePicker (type a date and press
 * Enter, or open the calendar and pick a day); 'textfield' is an Atlaskit Textfield of type date.
 * Logs field-change with the value React now holds.
 */
export function ExpiryField({ value, onChange, field = 'expiry' }) {
  const id = useId();
  const set = (v) => { logEvent({ type: 'field-change', field, value: v }); onChange(v); };
  const invalid = !expiryValid(value);
  return (
    <div>
      <Label htmlFor={id}>{t('expiresOn')}</Label>
      {OPT.expiry === 'textfield'
        ? <Textfield id={id} type="date" value={value} min={minExpiry()} max={maxExpiry()} isInvalid={invalid}
          onChange={(e) => set(e.currentTarget.value)} />
        : <DatePicker id={id} value={value} onChange={set} minDate={minExpiry()} maxDate={maxExpiry()} locale={LANG}
          dateFormat="YYYY-MM-DD" placeholder="YYYY-MM-DD" isInvalid={invalid} clearControlLabel={t('clear') === 'clear' ? 'Clear' : t('clear')}
          shouldShowCalendarButton openCalendarLabel="open calendar" inputLabel={t('expiresOn')} />}
      <HelperMessage>{t('credExpiryHelp')}</HelperMessage>
    </div>
  );
}

// ---------------------------------------------------------------------------------------------
// One-time secret
// ---------------------------------------------------------------------------------------------
/** Shows a secret once: as <code> text ('text') or in a read-only input ('input'), with Copy to clipboard. */
export function SecretValue({ label, value, copyEvent = 'copy' }) {
  const id = useId();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    logEvent({ type: 'button', name: copyEvent });
    try { await navigator.clipboard.writeText(value); } catch { /* clipboard permission denied */ }
    setCopied(true);
  };
  return (
    <div style={{ margin: '12px 0' }}>
      {OPT.secret === 'input'
        ? <><Label htmlFor={id}>{label}</Label><Textfield id={id} isReadOnly value={value} spellCheck={false} autoComplete="off" isMonospaced /></>
        : <><div id={id} style={{ fontWeight: 600, fontSize: 12 }}>{label}</div>
          <code aria-labelledby={id} style={{ display: 'block', wordBreak: 'break-all', padding: 8, background: '#f1f2f4', borderRadius: 3 }}>{value}</code></>}
      <div style={{ marginTop: 8 }}>
        <Button onClick={copy}>{t('copy')}</Button>
        {copied && <span role="status" style={{ marginLeft: 8 }}>{t('copied')}</span>}
      </div>
    </div>
  );
}

export function logPageLoad() { logEvent({ type: 'navigate', path: location.pathname, via: 'load' }); }
