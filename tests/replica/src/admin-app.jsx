// Token Warden test replica: the admin.atlassian.com org admin app ("Acme Corp").
// Pages: org picker (/), Overview, Users, Groups, Service accounts list + detail (path moves under
// /members/ in the drifted variant), Insights > API token activity, Settings > API keys.
// Flows: create a service account (2-step dialog, 5-account free-plan limit), create credentials
// (API token or OAuth 2.0; scope picker with read:me pre-ticked), revoke a token from the activity table.
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import {
  config, t, cls, DRIFTED, VARIANT, logEvent, logPageLoad, injectStyles, usePath, normPath, navigate, Link,
  useTitle, Button, TextField, SecretField, Checkbox, RadioGroup, Dialog, oneYearAhead, expiryValid,
  formatDate, formatLastUsed, postJson,
} from './common.jsx';
import { adminPaths, SA_ROLES, SA_SCOPES, SA_SCOPE_APPS, SA_PRETICKED_SCOPES } from './data.mjs';

const ORG = config.orgId;
const P = adminPaths(VARIANT, ORG);
const LIMIT = config.serviceAccountLimit || 5;
const API = `/gateway/api/admin/v1/orgs/${ORG}`;

const USERS = [
  { name: 'Jane Doe', email: 'jane.doe@acme.example', status: 'active' },
  { name: 'Alice Nguyen', email: 'alice@acme.example', status: 'active' },
  { name: 'Bob Martin', email: 'bob@acme.example', status: 'active' },
  { name: 'Carol Diaz', email: 'carol@acme.example', status: 'deactivated' },
  { name: 'Dan Lee', email: 'dan@acme.example', status: 'active' },
];
const GROUPS = [['jira-users-acme', 4], ['confluence-users-acme', 4], ['org-admins', 1], ['site-admins', 2]];

function Th({ children }) { return <th scope="col" className={cls('th')}>{children}</th>; }
function Td({ children }) { return <td className={cls('td')}>{children}</td>; }
function H1({ children }) { return <h1 className={cls('h1')}>{children}</h1>; }

// ---------------------------------------------------------------------------------------------
// Layout
// ---------------------------------------------------------------------------------------------
function NavGroup({ id, title, children }) {
  return (
    <div role="group" aria-labelledby={id} className={cls('navgroup')}>
      <div id={id} className={cls('navgroupTitle')}>{title}</div>
      <ul className={cls('navlist')}>{children}</ul>
    </div>
  );
}

function OrgLayout({ children }) {
  const directory = (
    <NavGroup key="dir" id="nav-directory" title={t('navDirectory')}>
      <li><Link to={P.users}>{t('navUsers')}</Link></li>
      <li><Link to={P.groups}>{t('navGroups')}</Link></li>
      <li><Link to={P.serviceAccounts}>{t('navServiceAccounts')}</Link></li>
    </NavGroup>
  );
  const insights = (
    <NavGroup key="ins" id="nav-insights" title={t('navInsights')}>
      <li><Link to={P.tokenActivity}>{t('navTokenActivity')}</Link></li>
    </NavGroup>
  );
  const settings = (
    <NavGroup key="set" id="nav-settings" title={t('navSettings')}>
      <li><Link to={P.apiKeys}>{t('navApiKeys')}</Link></li>
    </NavGroup>
  );
  const nav = (
    <nav aria-label={t('orgNav')} className={cls('sidebar')}>
      <ul className={cls('navlist')}><li><Link to={P.overview}>{t('navOverview')}</Link></li></ul>
      {DRIFTED ? <div><div>{[insights, directory, settings]}</div></div> : [directory, insights, settings]}
    </nav>
  );
  return (
    <div className={cls('page')}>
      <header className={cls('topbar')}>
        <span className={cls('product')}>{t('adminProduct')}</span>
        <span data-org-id={ORG} className={cls('orgName')}>{config.orgName}</span>
      </header>
      <div className={cls('layout')}>
        {nav}
        <main className={cls('main')}>{children}</main>
      </div>
    </div>
  );
}

function OrgPicker() {
  useTitle(`${t('orgPickerHeading')} | ${t('adminProduct')}`);
  return (
    <div className={cls('page')}>
      <header className={cls('topbar')}><span className={cls('product')}>{t('adminProduct')}</span></header>
      <main className={cls('main')}>
        <H1>{t('orgPickerHeading')}</H1>
        <ul className={cls('navlist')}><li className={cls('card')}><Link to={P.overview}>{config.orgName}</Link></li></ul>
      </main>
    </div>
  );
}

function Overview({ accounts }) {
  useTitle(`${t('overviewHeading')} | ${config.orgName}`);
  return (
    <>
      <H1>{t('overviewHeading')}</H1>
      <p>{t('overviewBody')}</p>
      <div className={cls('card')}><strong>{t('navUsers')}</strong>: {USERS.length}</div>
      <div className={cls('card')}><strong>{t('navServiceAccounts')}</strong>: {t('saUsage', { used: accounts.length, limit: LIMIT })}</div>
    </>
  );
}

function UsersPage() {
  useTitle(`${t('usersHeading')} | ${config.orgName}`);
  return (
    <>
      <H1>{t('usersHeading')}</H1>
      <table className={cls('table')}>
        <thead><tr><Th>{t('colName')}</Th><Th>{t('colEmail')}</Th><Th>{t('colStatus')}</Th></tr></thead>
        <tbody>{USERS.map((u) => <tr key={u.email}><Td>{u.name}</Td><Td>{u.email}</Td><Td>{t(u.status)}</Td></tr>)}</tbody>
      </table>
    </>
  );
}

function GroupsPage() {
  useTitle(`${t('groupsHeading')} | ${config.orgName}`);
  return (
    <>
      <H1>{t('groupsHeading')}</H1>
      <table className={cls('table')}>
        <thead><tr><Th>{t('colName')}</Th><Th>{t('colMembers')}</Th></tr></thead>
        <tbody>{GROUPS.map(([g, n]) => <tr key={g}><Td>{g}</Td><Td>{n}</Td></tr>)}</tbody>
      </table>
    </>
  );
}

function ApiKeysPage() {
  useTitle(`${t('apiKeysHeading')} | ${config.orgName}`);
  return (
    <>
      <H1>{t('apiKeysHeading')}</H1>
      <p>{t('apiKeysBody')}</p>
      <Button event="create-api-key">{t('createApiKey')}</Button>
    </>
  );
}

function NotFound() {
  useTitle(t('notFound'));
  return <><H1>{t('notFound')}</H1><p>{t('notFoundBody')}</p></>;
}

// ---------------------------------------------------------------------------------------------
// Service accounts
// ---------------------------------------------------------------------------------------------
function ServiceAccountsPage({ accounts, addAccount }) {
  useTitle(`${t('saHeading')} | ${config.orgName}`);
  const [open, setOpen] = useState(false);
  const rows = accounts.map((a) => (
    <tr key={a.id} data-account-id={a.id}>
      <Td><a href={P.serviceAccount(a.id)} onClick={(e) => { e.preventDefault(); navigate(P.serviceAccount(a.id)); }}>{a.name}</a></Td>
      <Td>{a.email}</Td>
      <Td>{a.description}</Td>
      <Td>{formatDate(a.created)}</Td>
    </tr>
  ));
  const table = (
    <table className={cls('table')}>
      <thead><tr><Th>{t('colName')}</Th><Th>{t('colEmail')}</Th><Th>{t('colDescription')}</Th><Th>{t('colCreated')}</Th></tr></thead>
      <tbody>{rows}</tbody>
    </table>
  );
  const createBtn = <Button appearance="primary" event="create-service-account" onClick={() => setOpen(true)}>{t('createSa')}</Button>;
  return (
    <>
      <H1>{t('saHeading')}</H1>
      <p className={cls('muted')}>{t('saIntro')}</p>
      {DRIFTED
        ? <div className={cls('saDrift')}><div>{createBtn}</div><p data-usage="">{t('saUsage', { used: accounts.length, limit: LIMIT })}</p></div>
        : <><p data-usage="">{t('saUsage', { used: accounts.length, limit: LIMIT })}</p><div className={cls('actions')}>{createBtn}</div></>}
      {DRIFTED ? <div><div>{table}</div></div> : table}
      {open && <CreateServiceAccountDialog count={accounts.length} onClose={() => setOpen(false)}
        onCreated={(a) => { addAccount(a); setOpen(false); navigate(P.serviceAccount(a.id)); }} />}
    </>
  );
}

function CreateServiceAccountDialog({ count, onClose, onCreated }) {
  const [step, setStep] = useState(1);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [roles, setRoles] = useState([]);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const go = (n) => { logEvent({ type: 'wizard-step', dialog: 'create-service-account', step: n }); setStep(n); };

  const create = async () => {
    if (count >= LIMIT) {
      setError(t('saLimit'));
      logEvent({ type: 'error', code: 'service-account-limit', limit: LIMIT, count });
      return;
    }
    setBusy(true);
    const { id, email } = await postJson(`${API}/service-accounts`, { name: name.trim(), description, roles });
    const account = { id, name: name.trim(), description, email, roles, created: new Date().toISOString(), credentials: [] };
    logEvent({ type: 'service-account-created', id, name: account.name, description, roles: [...roles], email });
    onCreated(account);
  };

  const cancel = <Button appearance="subtle" event="cancel" onClick={onClose}>{t('cancel')}</Button>;
  let body, footer;
  if (step === 1) {
    body = <>
      <TextField field="sa-name" label={t('name')} value={name} onChange={setName} required autoComplete="off"
        help={t('saNameHelp')} maxLength={64} />
      <TextField field="sa-description" label={t('description')} value={description} onChange={setDescription} multiline maxLength={1000} />
    </>;
    footer = <>{cancel}<Button appearance="primary" event="next" disabled={!name.trim()} onClick={() => go(2)}>{t('next')}</Button></>;
  } else {
    body = <>
      <fieldset className={cls('fieldset')}>
        <legend className={cls('legend')}>{t('appRoles')}</legend>
        {SA_ROLES.map(([id, key]) => (
          <Checkbox key={id} label={t(key)} logType="role-toggle" logKey="role" logValue={id} checked={roles.includes(id)}
            onChange={(on) => setRoles((r) => (on ? [...r, id] : r.filter((x) => x !== id)))} />
        ))}
      </fieldset>
      {error && <p role="alert" className={cls('error')}>{error}</p>}
    </>;
    footer = <>{cancel}<Button event="back" onClick={() => { setError(''); go(1); }}>{t('back')}</Button>
      <Button appearance="primary" event="create" disabled={busy} onClick={create}>{t('create')}</Button></>;
  }
  return (
    <Dialog name="create-service-account" title={t('saDialogTitle')} onClose={onClose} focusKey={step} footer={footer}>
      <p className={cls('stepper')}>{t('stepOf', { n: step, total: 2 })}</p>
      {body}
    </Dialog>
  );
}

function ServiceAccountDetail({ account, addCredential }) {
  useTitle(`${account ? account.name : t('saNotFound')} | ${config.orgName}`);
  const [open, setOpen] = useState(false);
  if (!account) return <><H1>{t('saNotFound')}</H1><Link to={P.serviceAccounts}>{t('navServiceAccounts')}</Link></>;
  return (
    <>
      <p><Link to={P.serviceAccounts}>{t('navServiceAccounts')}</Link></p>
      <H1>{account.name}</H1>
      <dl className={cls('dl')}>
        <dt>{t('emailLabel')}</dt><dd data-email="">{account.email}</dd>
        <dt>{t('description')}</dt><dd>{account.description || '—'}</dd>
        <dt>{t('appRoles')}</dt><dd>{account.roles.map((r) => t(SA_ROLES.find(([id]) => id === r)?.[1] || r)).join(', ') || '—'}</dd>
      </dl>
      <div className={cls('actions')}>
        <Button appearance="primary" event="create-credentials" onClick={() => setOpen(true)}>{t('createCredentials')}</Button>
      </div>
      <h2 className={cls('h2')}>{t('credentialsHeading')}</h2>
      {account.credentials.length ? (
        <table className={cls('table')}>
          <thead><tr><Th>{t('colName')}</Th><Th>{t('colType')}</Th><Th>{t('colCreated')}</Th><Th>{t('colExpires')}</Th><Th>{t('colScopes')}</Th></tr></thead>
          <tbody>{account.credentials.map((c) => (
            <tr key={c.id}><Td>{c.name}</Td><Td>{c.kind === 'oauth' ? t('credOauth') : t('credApiToken')}</Td>
              <Td>{formatDate(c.created)}</Td><Td>{c.expires ? formatDate(c.expires) : '—'}</Td>
              <Td>{c.scopes.join(', ')}</Td></tr>
          ))}</tbody>
        </table>
      ) : <p>{t('noCredentials')}</p>}
      {open && <CreateCredentialsDialog account={account} onClose={() => setOpen(false)}
        onCreated={(c) => addCredential(account.id, c)} />}
    </>
  );
}

function CreateCredentialsDialog({ account, onClose, onCreated }) {
  const [step, setStep] = useState(1);
  const [kind, setKind] = useState('api_token');
  const [name, setName] = useState('');
  const [expiry, setExpiry] = useState(oneYearAhead());
  const [query, setQuery] = useState('');
  const [appFilter, setAppFilter] = useState('all');
  const [scopes, setScopes] = useState([...SA_PRETICKED_SCOPES]);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState(null);
  const go = (n) => { logEvent({ type: 'wizard-step', dialog: 'create-credentials', step: n }); setStep(n); };
  const isToken = kind === 'api_token';

  const create = async () => {
    setBusy(true);
    const res = await postJson(`${API}/service-accounts/${encodeURIComponent(account.id)}/credentials`,
      { kind, name: name.trim(), expiry: isToken ? expiry : null, scopes });
    const cred = { id: res.id, kind, name: name.trim(), created: new Date().toISOString(), expires: isToken ? expiry : null, scopes: [...scopes] };
    onCreated(cred);
    logEvent({ type: 'credential-created', accountId: account.id, id: res.id, kind, name: cred.name, expiry: cred.expires, scopes: [...scopes] });
    setResult(res);
    setBusy(false);
    go(5);
  };

  const cancel = <Button appearance="subtle" event="cancel" onClick={onClose}>{t('cancel')}</Button>;
  const backBtn = <Button event="back" onClick={() => go(step - 1)}>{t('back')}</Button>;
  let body, footer;
  if (step === 1) {
    body = <RadioGroup field="credential-type" legend={t('credType')} value={kind} onChange={setKind}
      options={[{ value: 'api_token', label: t('credApiToken') }, { value: 'oauth', label: t('credOauth') }]} />;
    footer = <>{cancel}<Button appearance="primary" event="next" onClick={() => go(2)}>{t('next')}</Button></>;
  } else if (step === 2) {
    body = <>
      <TextField field="credential-name" label={t('name')} value={name} onChange={setName} required autoComplete="off" maxLength={255} />
      {isToken && <TextField field="expiry" label={t('expiresOn')} type="date" value={expiry} onChange={setExpiry}
        help={expiryValid(expiry) ? undefined : t('expiryRange')} />}
    </>;
    footer = <>{cancel}{backBtn}<Button appearance="primary" event="next" disabled={!name.trim() || (isToken && !expiryValid(expiry))}
      onClick={() => go(3)}>{t('next')}</Button></>;
  } else if (step === 3) {
    const q = query.trim().toLowerCase();
    const shown = SA_SCOPES.filter(([s, app]) => (appFilter === 'all' || app === appFilter) && s.toLowerCase().includes(q));
    body = <>
      <TextField field="scope-search" label={t('searchScopes')} type="search" value={query} onChange={setQuery} autoComplete="off" />
      <div className={cls('field')}>
        <label htmlFor="cred-app-filter" className={cls('fieldLabel')}>{t('filterApp')}</label>
        <select id="cred-app-filter" className={cls('input')} value={appFilter} onChange={(e) => {
          logEvent({ type: 'field-change', field: 'scope-app-filter', value: e.target.value });
          setAppFilter(e.target.value);
        }}>
          <option value="all">{t('allApps')}</option>
          {SA_SCOPE_APPS.map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
        </select>
      </div>
      <p className={cls('help')} role="status">{t('selectedCount', { n: scopes.length })}</p>
      <fieldset className={cls('fieldset')}>
        <legend className={cls('legend')}>{t('scopes')}</legend>
        <div className={cls('checklist')}>
          {shown.map(([s]) => <Checkbox key={s} label={s} checked={scopes.includes(s)}
            onChange={(on) => setScopes((list) => (on ? [...list, s] : list.filter((x) => x !== s)))} />)}
          {!shown.length && <p className={cls('help')}>{t('noScopesMatch')}</p>}
        </div>
      </fieldset>
    </>;
    footer = <>{cancel}{backBtn}<Button appearance="primary" event="next" disabled={!scopes.length} onClick={() => go(4)}>{t('next')}</Button></>;
  } else if (step === 4) {
    body = <>
      <h2 className={cls('h2')}>{t('review')}</h2>
      <dl className={cls('dl')}>
        <dt>{t('credType')}</dt><dd>{isToken ? t('credApiToken') : t('credOauth')}</dd>
        <dt>{t('name')}</dt><dd>{name}</dd>
        {isToken && <><dt>{t('expiresOn')}</dt><dd>{formatDate(expiry)}</dd></>}
        <dt>{t('scopes')}</dt><dd><ul aria-label={t('scopes')}>{scopes.map((s) => <li key={s}><code>{s}</code></li>)}</ul></dd>
      </dl>
    </>;
    footer = <>{cancel}{backBtn}<Button appearance="primary" event="create" disabled={busy} onClick={create}>{t('create')}</Button></>;
  } else {
    body = <>
      <p>{t('secretOnceNote')}</p>
      {isToken
        ? <SecretField label={t('newApiTokenSa')} value={result.token} />
        : <>
          <SecretField label={t('clientId')} value={result.clientId} copyLabel={t('copyClientId')} copyEvent="copy-client-id" />
          <SecretField label={t('clientSecret')} value={result.clientSecret} />
        </>}
    </>;
    footer = <Button appearance="primary" event="done" onClick={onClose}>{t('done')}</Button>;
  }
  return (
    <Dialog name="create-credentials" title={t('credTitle')} onClose={onClose} focusKey={step} footer={footer}>
      {step <= 4 && <p className={cls('stepper')}>{t('stepOf', { n: step, total: 4 })}</p>}
      {body}
    </Dialog>
  );
}

// ---------------------------------------------------------------------------------------------
// Insights: API token activity
// ---------------------------------------------------------------------------------------------
function TokenActivityPage({ rows, removeRow }) {
  useTitle(`${t('activityHeading')} | ${config.orgName}`);
  const [revoking, setRevoking] = useState(null);
  const [busy, setBusy] = useState(false);
  const revoke = async () => {
    setBusy(true);
    await postJson(`${API}/api-tokens/${encodeURIComponent(revoking.id)}`, {}, 'DELETE');
    logEvent({ type: 'token-revoked', id: revoking.id, label: revoking.label, owner: revoking.ownerEmail });
    removeRow(revoking.id);
    setBusy(false);
    setRevoking(null);
  };
  return (
    <>
      <H1>{t('activityHeading')}</H1>
      <p className={cls('muted')}>{t('activityIntro')}</p>
      <table className={cls('table')}>
        <thead><tr>
          <Th>{t('colTokenLabel')}</Th><Th>{t('colOwner')}</Th><Th>{t('colOwnerStatus')}</Th><Th>{t('colCreated')}</Th>
          <Th>{t('colLastUsed')}</Th><Th>{t('colExpires')}</Th><Th>{t('colScopes')}</Th>
          <Th><span style={{ position: 'absolute', left: -9999 }}>{t('colActions')}</span></Th>
        </tr></thead>
        <tbody>{rows.map((r) => (
          <tr key={r.id} data-token-id={r.id}>
            <Td>{r.label}</Td>
            <Td>{r.owner}<br /><span className={cls('help')}>{r.ownerEmail}</span></Td>
            <Td><span className={cls('badge', r.ownerStatus === 'deactivated' && 'badgeWarn')}>{t(r.ownerStatus)}</span></Td>
            <Td>{formatDate(r.created)}</Td>
            <Td>{formatLastUsed(r.lastUsed)}</Td>
            <Td>{formatDate(r.expires)}</Td>
            <Td>{r.scopes.length ? <span className={cls('code')}>{r.scopes.join(', ')}</span> : t('unscoped')}</Td>
            <Td><Button event="revoke" onClick={() => setRevoking(r)}>{t('revoke')}</Button></Td>
          </tr>
        ))}</tbody>
      </table>
      {revoking && (
        <Dialog name="revoke-api-token" title={t('revokeActivityTitle')} onClose={() => setRevoking(null)}
          footer={<>
            <Button appearance="danger" event="revoke-confirm" disabled={busy} onClick={revoke}>{t('revoke')}</Button>
            <Button appearance="subtle" event="cancel" onClick={() => setRevoking(null)}>{t('cancel')}</Button>
          </>}>
          <p>{t('revokeBody', { label: revoking.label })}</p>
        </Dialog>
      )}
    </>
  );
}

// ---------------------------------------------------------------------------------------------
// App
// ---------------------------------------------------------------------------------------------
function App() {
  const path = normPath(usePath());
  const [accounts, setAccounts] = useState(() => config.state?.serviceAccounts || []);
  const [activity, setActivity] = useState(() => config.state?.tokenActivity || []);
  if (path === '/') return <OrgPicker />;

  const addAccount = (a) => setAccounts((list) => [...list, a]);
  const addCredential = (id, c) => setAccounts((list) => list.map((a) => (a.id === id ? { ...a, credentials: [...a.credentials, c] } : a)));
  let page;
  if (path === P.overview || path === `/o/${ORG}`) page = <Overview accounts={accounts} />;
  else if (path === P.users) page = <UsersPage />;
  else if (path === P.groups) page = <GroupsPage />;
  else if (path === P.serviceAccounts) page = <ServiceAccountsPage accounts={accounts} addAccount={addAccount} />;
  else if (path.startsWith(`${P.serviceAccounts}/`)) {
    const id = decodeURIComponent(path.slice(P.serviceAccounts.length + 1));
    page = <ServiceAccountDetail key={id} account={accounts.find((a) => a.id === id)} addCredential={addCredential} />;
  } else if (path === P.tokenActivity) page = <TokenActivityPage rows={activity} removeRow={(id) => setActivity((r) => r.filter((x) => x.id !== id))} />;
  else if (path === P.apiKeys) page = <ApiKeysPage />;
  else page = <NotFound />;
  return <OrgLayout>{page}</OrgLayout>;
}

injectStyles();
logPageLoad();
createRoot(document.getElementById('root')).render(<App />);
