// Token Warden test replica: the id.atlassian.com "manage profile" app.
// Pages: API tokens (/manage-profile/security/api-tokens and legacy /manage/api-tokens), Security, Profile.
// Flows: classic "Create API token" dialog, 5-step "Create API token with scopes" wizard, Revoke with
// confirmation. Every meaningful state change goes through logEvent() (see common.jsx).
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import {
  config, t, cls, DRIFTED, logEvent, logPageLoad, injectStyles, usePath, normPath, Link, useTitle,
  Button, TextField, SecretField, Checkbox, RadioGroup, Dialog, oneYearAhead, expiryValid,
  formatDate, formatLastUsed, postJson,
} from './common.jsx';
import { ID_PATHS, TOKEN_APPS, PERSONAL_SCOPES } from './data.mjs';

const me = config.me || { name: 'Jane Doe', email: 'jane@acme.example' };

function Layout({ children }) {
  const nav = (
    <nav aria-label={t('accountNav')} className={cls('sidebar')}>
      <ul className={cls('navlist')}>
        <li><Link to={ID_PATHS.profile}>{t('navProfile')}</Link></li>
        <li><Link to={ID_PATHS.security}>{t('navSecurity')}</Link></li>
        <li><Link to={ID_PATHS.apiTokens}>{t('navApiTokens')}</Link></li>
      </ul>
    </nav>
  );
  return (
    <div className={cls('page')}>
      <header className={cls('topbar')}>
        <span className={cls('product')}>{t('idProduct')}</span>
        <span aria-label={me.name}>{me.email}</span>
      </header>
      <div className={cls('layout')}>
        {nav}
        <main className={cls('main')}>{children}</main>
      </div>
    </div>
  );
}

function ProfilePage() {
  useTitle(`${t('profileHeading')} | ${t('idProduct')}`);
  return (
    <>
      <h1 className={cls('h1')}>{t('profileHeading')}</h1>
      <p className={cls('muted')}>{t('profileIntro')}</p>
      <dl className={cls('dl')}>
        <dt>{t('fullName')}</dt><dd>{me.name}</dd>
        <dt>{t('emailAddress')}</dt><dd>{me.email}</dd>
      </dl>
    </>
  );
}

function SecurityPage() {
  useTitle(`${t('securityHeading')} | ${t('idProduct')}`);
  return (
    <>
      <h1 className={cls('h1')}>{t('securityHeading')}</h1>
      <section className={cls('card')}>
        <h2 className={cls('h2')}>{t('securityApiTokens')}</h2>
        <p>{t('securityApiTokensBody')}</p>
        <Link to={ID_PATHS.apiTokens} className="">{t('securityManageLink')}</Link>
      </section>
    </>
  );
}

function NotFound() {
  useTitle(t('notFound'));
  return <><h1 className={cls('h1')}>{t('notFound')}</h1><p>{t('notFoundBody')}</p></>;
}

// ---------------------------------------------------------------------------------------------
// API tokens page
// ---------------------------------------------------------------------------------------------
function TokenTable({ tokens, onRevoke }) {
  if (!tokens.length) return <p>{t('noTokens')}</p>;
  const rows = tokens.map((tok) => (
    <tr key={tok.id} data-token-id={tok.id}>
      <td className={cls('td')}>{tok.label}</td>
      <td className={cls('td')}>{formatDate(tok.created)}</td>
      <td className={cls('td')}>{formatDate(tok.expires)}</td>
      <td className={cls('td')}>{formatLastUsed(tok.lastUsed)}</td>
      <td className={cls('td')}><Button event="revoke" onClick={() => onRevoke(tok)}>{t('revoke')}</Button></td>
    </tr>
  ));
  const table = (
    <table className={cls('table')}>
      <caption style={{ textAlign: 'left' }} className={cls('muted')}>{t('tokensTableCaption')}</caption>
      <thead><tr>
        <th scope="col" className={cls('th')}>{t('colLabel')}</th>
        <th scope="col" className={cls('th')}>{t('colCreated')}</th>
        <th scope="col" className={cls('th')}>{t('colExpires')}</th>
        <th scope="col" className={cls('th')}>{t('colLastUsed')}</th>
        <th scope="col" className={cls('th')}><span style={{ position: 'absolute', left: -9999 }}>{t('colActions')}</span></th>
      </tr></thead>
      <tbody>{rows}</tbody>
    </table>
  );
  return DRIFTED ? <div><div className={cls('tableWrap')}>{table}</div></div> : table;
}

function ApiTokensPage({ tokens, setTokens }) {
  useTitle(`${t('apiTokensHeading')} | ${t('idProduct')}`);
  const [dialog, setDialog] = useState(null); // 'classic' | 'scoped' | {revoke: token}
  const close = () => setDialog(null);
  const addToken = (tok) => setTokens((list) => [...list, tok]);

  const classicBtn = (
    <Button key="classic" appearance="primary" event="create-api-token" onClick={() => setDialog('classic')}>
      {t('createToken')}
    </Button>
  );
  const scopedBtn = (
    <Button key="scoped" asDiv={DRIFTED} event="create-scoped-api-token" onClick={() => setDialog('scoped')}>
      {t('createScopedToken')}
    </Button>
  );
  const buttons = DRIFTED
    ? <div className={cls('actionsOuter')}><div><span className={cls('actions')}>{[scopedBtn, classicBtn]}</span></div></div>
    : <div className={cls('actions')}>{classicBtn}{scopedBtn}</div>;
  const table = <TokenTable tokens={tokens} onRevoke={(tok) => setDialog({ revoke: tok })} />;

  return (
    <>
      <h1 className={cls('h1')}>{t('apiTokensHeading')}</h1>
      <p className={cls('muted')}>{t('apiTokensIntro')}</p>
      {/* drifted: table first in the DOM, buttons shown on top via column-reverse */}
      <div className={cls(DRIFTED ? 'tokensPageDrift' : 'tokensPage')}>
        {DRIFTED ? <>{table}{buttons}</> : <>{buttons}{table}</>}
      </div>
      {dialog === 'classic' && <ClassicDialog onClose={close} onCreated={addToken} />}
      {dialog === 'scoped' && <ScopedDialog onClose={close} onCreated={addToken} />}
      {dialog?.revoke && <RevokeDialog token={dialog.revoke} onClose={close}
        onRevoked={(id) => setTokens((list) => list.filter((x) => x.id !== id))} />}
    </>
  );
}

async function createOnServer(body) {
  return postJson('/gateway/api/api-tokens', body); // -> {id, token}
}

function ClassicDialog({ onClose, onCreated }) {
  const [label, setLabel] = useState('');
  const [expiry, setExpiry] = useState(oneYearAhead());
  const [busy, setBusy] = useState(false);
  const [secret, setSecret] = useState(null);
  const validExpiry = expiryValid(expiry);

  const create = async () => {
    setBusy(true);
    const { id, token } = await createOnServer({ kind: 'classic', label, expiry });
    const now = new Date().toISOString();
    onCreated({ id, label, created: now, expires: expiry, lastUsed: null });
    logEvent({ type: 'token-created', kind: 'classic', id, label, expiry, tokenApp: null, scopes: [] });
    setSecret(token);
    setBusy(false);
  };

  if (secret) {
    return (
      <Dialog name="create-api-token" title={t('classicTitle')} onClose={onClose} focusKey="created"
        footer={<Button appearance="primary" event="done" onClick={onClose}>{t('done')}</Button>}>
        <p>{t('tokenOnceNote')}</p>
        <SecretField label={t('newTokenLabel')} value={secret} />
      </Dialog>
    );
  }
  return (
    <Dialog name="create-api-token" title={t('classicTitle')} onClose={onClose} focusKey="form"
      footer={<>
        <Button appearance="primary" event="create" disabled={!label.trim() || !validExpiry || busy} onClick={create}>{t('create')}</Button>
        <Button appearance="subtle" event="cancel" onClick={onClose}>{t('cancel')}</Button>
      </>}>
      <TextField field="label" label={t('label')} value={label} onChange={setLabel} help={t('labelHelp')} required
        maxLength={255} autoComplete="off" />
      <TextField field="expiry" label={t('expiresOn')} type="date" value={expiry} onChange={setExpiry}
        help={validExpiry ? undefined : t('expiryRange')} />
    </Dialog>
  );
}

function ScopedDialog({ onClose, onCreated }) {
  const [step, setStep] = useState(1);
  const [name, setName] = useState('');
  const [expiry, setExpiry] = useState(oneYearAhead());
  const [app, setApp] = useState('');
  const [query, setQuery] = useState('');
  const [scopes, setScopes] = useState([]);
  const [busy, setBusy] = useState(false);
  const [secret, setSecret] = useState(null);
  const appName = TOKEN_APPS.find((a) => a.id === app)?.name || '';

  const go = (n) => { logEvent({ type: 'wizard-step', dialog: 'create-scoped-api-token', step: n }); setStep(n); };
  const chooseApp = (v) => { if (v !== app) setScopes([]); setApp(v); };
  const toggle = (scope, on) => setScopes((s) => (on ? [...s, scope] : s.filter((x) => x !== scope)));

  const create = async () => {
    setBusy(true);
    const { id, token } = await createOnServer({ kind: 'scoped', label: name, expiry, app, scopes });
    onCreated({ id, label: name, created: new Date().toISOString(), expires: expiry, lastUsed: null, app, scopes });
    logEvent({ type: 'token-created', kind: 'scoped', id, label: name, expiry, tokenApp: app, scopes: [...scopes] });
    setSecret(token);
    setBusy(false);
    go(5);
  };

  let body, footer;
  const cancel = <Button key="cancel" appearance="subtle" event="cancel" onClick={onClose}>{t('cancel')}</Button>;
  const backBtn = <Button key="back" event="back" onClick={() => go(step - 1)}>{t('back')}</Button>;
  if (step === 1) {
    body = <>
      <TextField field="name" label={t('name')} value={name} onChange={setName} required autoComplete="off" maxLength={255} />
      <TextField field="expiry" label={t('expiresOn')} type="date" value={expiry} onChange={setExpiry}
        help={expiryValid(expiry) ? undefined : t('expiryRange')} />
    </>;
    footer = <>{cancel}<Button appearance="primary" event="next" disabled={!name.trim() || !expiryValid(expiry)} onClick={() => go(2)}>{t('next')}</Button></>;
  } else if (step === 2) {
    body = <RadioGroup field="app" legend={t('selectApp')} value={app} onChange={chooseApp}
      options={TOKEN_APPS.map((a) => ({ value: a.id, label: a.name }))} />;
    footer = <>{cancel}{backBtn}<Button appearance="primary" event="next" disabled={!app} onClick={() => go(3)}>{t('next')}</Button></>;
  } else if (step === 3) {
    const all = PERSONAL_SCOPES[app] || [];
    const shown = all.filter((s) => s.toLowerCase().includes(query.trim().toLowerCase()));
    body = <>
      <TextField field="scope-search" label={t('searchScopes')} type="search" value={query} onChange={setQuery} autoComplete="off" />
      <p className={cls('help')} role="status">{t('selectedCount', { n: scopes.length })}</p>
      <fieldset className={cls('fieldset')}>
        <legend className={cls('legend')}>{t('scopes')}</legend>
        <div className={cls('checklist')}>
          {shown.map((s) => <Checkbox key={s} label={s} checked={scopes.includes(s)} onChange={(on) => toggle(s, on)} />)}
          {!shown.length && <p className={cls('help')}>{t('noScopesMatch')}</p>}
        </div>
      </fieldset>
    </>;
    footer = <>{cancel}{backBtn}<Button appearance="primary" event="next" disabled={!scopes.length} onClick={() => go(4)}>{t('next')}</Button></>;
  } else if (step === 4) {
    body = <>
      <h2 className={cls('h2')}>{t('review')}</h2>
      <dl className={cls('dl')}>
        <dt>{t('name')}</dt><dd>{name}</dd>
        <dt>{t('expiresOn')}</dt><dd>{formatDate(expiry)}</dd>
        <dt>{t('appLabel')}</dt><dd>{appName}</dd>
        <dt>{t('scopes')}</dt><dd><ul aria-label={t('scopes')}>{scopes.map((s) => <li key={s}><code>{s}</code></li>)}</ul></dd>
      </dl>
    </>;
    footer = <>{cancel}{backBtn}<Button appearance="primary" event="create-token" disabled={busy} onClick={create}>{t('createTokenBtn')}</Button></>;
  } else {
    body = <><p>{t('tokenOnceNote')}</p><SecretField label={t('newTokenLabel')} value={secret} /></>;
    footer = <Button appearance="primary" event="done" onClick={onClose}>{t('done')}</Button>;
  }
  return (
    <Dialog name="create-scoped-api-token" title={t('scopedTitle')} onClose={onClose} focusKey={step} footer={footer}>
      {step <= 4 && <p className={cls('stepper')}>{t('stepOf', { n: step, total: 4 })}</p>}
      {body}
    </Dialog>
  );
}

function RevokeDialog({ token, onClose, onRevoked }) {
  const [busy, setBusy] = useState(false);
  const revoke = async () => {
    setBusy(true);
    await postJson(`/gateway/api/api-tokens/${encodeURIComponent(token.id)}`, {}, 'DELETE');
    logEvent({ type: 'token-revoked', id: token.id, label: token.label });
    onRevoked(token.id);
    onClose();
  };
  return (
    <Dialog name="revoke-api-token" title={t('revokeTitle')} onClose={onClose}
      footer={<>
        <Button appearance="danger" event="revoke-confirm" disabled={busy} onClick={revoke}>{t('revoke')}</Button>
        <Button appearance="subtle" event="cancel" onClick={onClose}>{t('cancel')}</Button>
      </>}>
      <p>{t('revokeBody', { label: token.label })}</p>
    </Dialog>
  );
}

// ---------------------------------------------------------------------------------------------
// App
// ---------------------------------------------------------------------------------------------
function App() {
  const path = normPath(usePath());
  const [tokens, setTokens] = useState(() => config.state?.personalTokens || []);
  let page;
  if (path === ID_PATHS.apiTokens || path === ID_PATHS.apiTokensLegacy) page = <ApiTokensPage tokens={tokens} setTokens={setTokens} />;
  else if (path === ID_PATHS.security) page = <SecurityPage />;
  else if (path === ID_PATHS.profile || path === '/manage-profile' || path === '/') page = <ProfilePage />;
  else page = <NotFound />;
  return <Layout>{page}</Layout>;
}

injectStyles();
logPageLoad();
createRoot(document.getElementById('root')).render(<App />);
