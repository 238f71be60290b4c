// Token Warden test replica, Atlaskit edition: admin.atlassian.com built from real Atlaskit components.
// Pages: org picker (/), /o/{orgId}/overview, users, groups, Directory → Service accounts (list + account
// page), Insights → API token activity, Organization settings → API keys. The org id is any opaque
// path segment. Data comes from the server's JSON API with real fetch (lists load asynchronously).
// Flows: create a service account (modal: name, description → Next → app roles → Create; a success
// flag), create credentials (API token / OAuth 2.0 → name, expiry → scopes → review → Create → the
// one-time secret), revoke from the activity table, export the token list.
import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import Button from '@atlaskit/button/new';
import Textfield from '@atlaskit/textfield';
import Textarea from '@atlaskit/textarea';
import Select from '@atlaskit/select';
import { Checkbox } from '@atlaskit/checkbox';
import { RadioGroup } from '@atlaskit/radio';
import DynamicTable from '@atlaskit/dynamic-table';
import Modal, { ModalBody, ModalFooter, ModalHeader, ModalTitle, ModalTransition } from '@atlaskit/modal-dialog';
import { SideNavigation, NavigationHeader, Header, NavigationContent, Section, LinkItem } from '@atlaskit/side-navigation';
import { useFlags } from '@atlaskit/flag';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import SectionMessage from '@atlaskit/section-message';
import Spinner from '@atlaskit/spinner';
import { Label, HelperMessage } from '@atlaskit/form';
import {
  config, t, OPT, DRIFTED, logEvent, logPageLoad, usePath, normPath, navigate, routeClick, useTitle, AkRoot,
  Drift, driftOrder, testId, api, formatDate, formatLastUsed, ExpiryField, expiryValid, SecretValue, DEFAULT_EXPIRY_DAYS,
  SuccessIcon,
} from './ak-common.jsx';
import { akAdminPaths, createSaLabel, SA_APPS, ROLE_KEYS, SA_SCOPE_GROUPS, SA_SCOPES_FLAT, ACTIVITY_COLUMNS, isoInDays, akStrings } from './ak-data.mjs';

const ORGS = OPT.orgs || [];
const STRINGS = akStrings(config.variant);

/** The org id is whatever opaque segment follows /o/ in the URL. */
function orgFromPath(path) {
  const m = path.match(/^\/o\/([^/]+)(\/.*)?$/);
  return m ? { orgId: decodeURIComponent(m[1]), rest: m[2] || '' } : null;
}
const apiBase = (orgId) => `/gateway/api/admin/v1/orgs/${encodeURIComponent(orgId)}`;

/** GET a URL once per `key` change; { data, loading, error, reload }. */
function useLoad(url, key = url) {
  const [state, setState] = useState({ data: null, loading: true, error: null });
  const [n, setN] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true, error: null }));
    api('GET', url).then((data) => live && setState({ data, loading: false, error: null }),
      (error) => live && setState({ data: null, loading: false, error }));
    return () => { live = false; };
  }, [key, n]); // eslint-disable-line react-hooks/exhaustive-deps
  return { ...state, reload: useCallback(() => setN((x) => x + 1), []) };
}

// ---------------------------------------------------------------------------------------------
// Layout
// ---------------------------------------------------------------------------------------------
function NavLink({ to, children }) {
  const path = normPath(usePath());
  const selected = path === to || path.startsWith(`${to}/`);
  return <LinkItem href={to} isSelected={selected} aria-current={selected ? 'page' : undefined} onClick={routeClick(to)}>{children}</LinkItem>;
}

function OrgLayout({ orgId, children }) {
  const P = akAdminPaths(orgId, DRIFTED);
  const org = ORGS.find((o) => o.id === orgId);
  const sections = [
    <Section key="dir" title={t('navDirectory')} hasSeparator>
      <NavLink to={P.users}>{t('navUsers')}</NavLink>
      <NavLink to={P.groups}>{t('navGroups')}</NavLink>
      <NavLink to={P.serviceAccounts}>{t('navServiceAccounts')}</NavLink>
    </Section>,
    <Section key="ins" title={t('navInsights')} hasSeparator>
      <NavLink to={P.tokenActivity}>{t('navTokenActivity')}</NavLink>
    </Section>,
    <Section key="set" title={t('navOrgSettings')} hasSeparator>
      <NavLink to={P.apiKeys}>{t('navApiKeys')}</NavLink>
    </Section>,
  ];
  return (
    <div style={{ display: 'flex', minHeight: '100vh' }} data-testid={testId('admin-layout')}>
      <div style={{ width: 260, flex: 'none', borderRight: '1px solid #dcdfe4' }}>
        <SideNavigation label={t('orgNav')} testId={testId('side-nav')}>
          <NavigationHeader><Header description={org?.name || orgId}>{t('adminProduct')}</Header></NavigationHeader>
          <NavigationContent>
            <Section><NavLink to={P.overview}>{t('navOverview')}</NavLink></Section>
            {driftOrder(sections)}
          </NavigationContent>
        </SideNavigation>
      </div>
      <main style={{ flex: 1, padding: '24px 40px', maxWidth: 1100 }}><Drift>{children}</Drift></main>
    </div>
  );
}

function Page({ title, children }) {
  useTitle(`${title} | ${t('adminProduct')}`);
  return <><Heading size="large" as="h1">{title}</Heading><div style={{ marginTop: 16 }}>{children}</div></>;
}

function OrgPicker() {
  useTitle(t('adminProduct'));
  return (
    <main style={{ padding: 40 }}>
      <Heading size="large" as="h1">{t('orgPickerHeading')}</Heading>
      <ul>{ORGS.map((o) => {
        const to = akAdminPaths(o.id, DRIFTED).overview;
        return <li key={o.id}><a href={to} onClick={routeClick(to)}>{o.name}</a></li>;
      })}</ul>
    </main>
  );
}

// ---------------------------------------------------------------------------------------------
// Service accounts list + create modal
// ---------------------------------------------------------------------------------------------
const roleText = (appId, role) => {
  const app = SA_APPS.find((a) => a.id === appId);
  return t('roleLabel', { app: app?.name || appId, role: t(ROLE_KEYS[role] || role) });
};

function ServiceAccountsPage({ orgId }) {
  const P = akAdminPaths(orgId, DRIFTED);
  const { data, loading, error, reload } = useLoad(`${apiBase(orgId)}/service-accounts`);
  const [open, setOpen] = useState(false);
  const { showFlag } = useFlags();
  const items = data?.items || [];
  const head = { cells: [
    { key: 'name', content: t('colName'), isSortable: true }, { key: 'email', content: t('colEmail') },
    { key: 'description', content: t('colDescription') }, { key: 'created', content: t('colCreated') },
  ] };
  const rows = items.map((a) => ({
    key: a.id,
    cells: [
      { key: a.name, content: <a href={P.serviceAccount(a.id)} onClick={routeClick(P.serviceAccount(a.id))}>{a.name}</a> },
      { key: 'e', content: a.email }, { key: 'd', content: a.description || '' }, { key: 'c', content: formatDate(a.created) },
    ],
  }));
  const label = createSaLabel(STRINGS, OPT.createSa);
  return (
    <Page title={t('saHeading')}>
      <p>{t('saIntro')}</p>
      <div style={{ display: 'flex', justifyContent: 'flex-end', margin: '16px 0' }}>
        <Button appearance="primary" isDisabled={loading} testId={testId('create-service-account')}
          onClick={() => { logEvent({ type: 'button', name: 'create-service-account', label }); setOpen(true); }}>{label}</Button>
      </div>
      {error && <SectionMessage appearance="error" title={t('notFound')}><p>{error.message}</p></SectionMessage>}
      <DynamicTable caption={t('saListLabel')} head={head} rows={rows} isLoading={loading} loadingSpinnerSize="large"
        emptyView={<p>{t('saEmpty')}</p>} testId={testId('service-accounts-table')} />
      <ModalTransition>
        {open && <CreateServiceAccountModal orgId={orgId} label={label} onClose={() => setOpen(false)} onCreated={(a) => {
          setOpen(false);
          showFlag({ title: t('saCreatedTitle'), description: t('saCreatedBody', { name: a.name }), isAutoDismiss: true,
            icon: <SuccessIcon label="" color="var(--ds-icon-success, #22A06B)" /> });
          reload();
        }} />}
      </ModalTransition>
    </Page>
  );
}

function RoleSelects({ roles, setRoles }) {
  return SA_APPS.map((app) => {
    const inputId = `role-${app.id}`;
    const options = [{ value: 'none', label: t('roleNoAccess') }, ...app.roles.map((r) => ({ value: r, label: t(ROLE_KEYS[r]) }))];
    const value = options.find((o) => o.value === (roles[app.id] || 'none'));
    return (
      <div key={app.id} style={{ marginTop: 8 }}>
        <Label htmlFor={inputId}>{app.name}</Label>
        <Select inputId={inputId} options={options} value={value} isSearchable menuPortalTarget={document.body}
          styles={{ menuPortal: (base) => ({ ...base, zIndex: 9999 }) }}
          onChange={(o) => {
            logEvent({ type: 'role-change', app: app.id, role: o.value });
            setRoles((r) => ({ ...r, [app.id]: o.value }));
          }} />
      </div>
    );
  });
}

function RoleCheckboxes({ roles, setRoles }) {
  return (
    <fieldset style={{ border: 'none', padding: 0 }}>
      <legend>{t('appRoles')}</legend>
      {SA_APPS.flatMap((app) => app.roles.map((r) => (
        <Checkbox key={`${app.id}:${r}`} label={roleText(app.id, r)} name={`${app.id}:${r}`} isChecked={roles[app.id] === r}
          onChange={(e) => {
            const on = e.currentTarget.checked;
            logEvent({ type: 'role-toggle', role: `${app.id}:${r}`, checked: on });
            setRoles((x) => ({ ...x, [app.id]: on ? r : 'none' }));
          }} />
      )))}
    </fieldset>
  );
}

function CreateServiceAccountModal({ orgId, label, onClose, onCreated }) {
  const [step, setStep] = useState(1);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [roles, setRoles] = useState({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const nameId = useId(), descId = useId();
  const go = (n) => { logEvent({ type: 'wizard-step', dialog: 'create-service-account', step: n }); setStep(n); };
  const create = async () => {
    setBusy(true); setError('');
    const picked = Object.entries(roles).filter(([, r]) => r && r !== 'none').map(([app, r]) => `${app}:${r}`);
    try {
      const a = await api('POST', `${apiBase(orgId)}/service-accounts`, { name: name.trim(), description, roles: picked });
      logEvent({ type: 'service-account-created', id: a.id, name: a.name, description, roles: picked, email: a.email });
      onCreated(a);
    } catch (e) {
      logEvent({ type: 'error', code: 'create-service-account-failed', status: e.status });
      setError(e.message); setBusy(false);
    }
  };
  return (
    <Modal onClose={() => !busy && onClose()} width="medium" label={label} testId={testId('create-sa-modal')}
      onOpenComplete={() => logEvent({ type: 'dialog-open', dialog: 'create-service-account' })}
      onCloseComplete={() => logEvent({ type: 'dialog-close', dialog: 'create-service-account' })}>
      <ModalHeader hasCloseButton><ModalTitle>{label}</ModalTitle></ModalHeader>
      <ModalBody>
        <p style={{ color: '#626f86' }}>{t('stepOf', { n: step, total: 2 })} · {step === 1 ? t('saStepDetails') : t('saStepRoles')}</p>
        {step === 1 ? <>
          <Label htmlFor={nameId}>{t('name')}</Label>
          <Textfield id={nameId} value={name} maxLength={64} autoComplete="off" isRequired autoFocus
            onChange={(e) => { logEvent({ type: 'field-change', field: 'sa-name', value: e.currentTarget.value }); setName(e.currentTarget.value); }} />
          <HelperMessage>{t('saNameHelp')}</HelperMessage>
          <div style={{ marginTop: 12 }}>
            <Label htmlFor={descId}>{t('description')}</Label>
            <Textarea id={descId} value={description} maxLength={1000} resize="vertical"
              onChange={(e) => { logEvent({ type: 'field-change', field: 'sa-description', value: e.currentTarget.value }); setDescription(e.currentTarget.value); }} />
          </div>
        </> : <>
          <p>{t('saRolesHelp')}</p>
          {OPT.roles === 'checkbox' ? <RoleCheckboxes roles={roles} setRoles={setRoles} /> : <RoleSelects roles={roles} setRoles={setRoles} />}
          {error && <div role="alert" style={{ marginTop: 12 }}><SectionMessage appearance="error"><p>{error}</p></SectionMessage></div>}
        </>}
      </ModalBody>
      <ModalFooter>
        {driftOrder([
          <Button key="c" appearance="subtle" onClick={onClose} isDisabled={busy}>{t('cancel')}</Button>,
          step === 2 && <Button key="b" onClick={() => go(1)} isDisabled={busy}>{t('back')}</Button>,
          step === 1
            ? <Button key="n" appearance="primary" isDisabled={!name.trim()} onClick={() => go(2)}>{t('next')}</Button>
            : <Button key="n" appearance="primary" isLoading={busy} onClick={create}>{t('create')}</Button>,
        ])}
      </ModalFooter>
    </Modal>
  );
}

// ---------------------------------------------------------------------------------------------
// Service account page + create credentials
// ---------------------------------------------------------------------------------------------
function ServiceAccountPage({ orgId, accountId }) {
  const P = akAdminPaths(orgId, DRIFTED);
  const { data: a, loading, error, reload } = useLoad(`${apiBase(orgId)}/service-accounts/${encodeURIComponent(accountId)}`);
  const [open, setOpen] = useState(false);
  if (error) return <Page title={t('saNotFound')}><a href={P.serviceAccounts} onClick={routeClick(P.serviceAccounts)}>{t('navServiceAccounts')}</a></Page>;
  const head = { cells: [{ key: 'n', content: t('colName') }, { key: 'k', content: t('colType') }, { key: 'c', content: t('colCreated') },
    { key: 'e', content: t('colExpires') }, { key: 's', content: t('colScopes') }] };
  const rows = (a?.credentials || []).map((c) => ({ key: c.id, cells: [
    { content: c.name }, { content: c.kind === 'oauth' ? t('credOauth') : t('credApiToken') }, { content: formatDate(c.created) },
    { content: c.expires ? formatDate(c.expires) : '—' }, { content: <code>{c.scopes.join(', ')}</code> },
  ] }));
  return (
    <Page title={a ? a.name : t('loading')}>
      <p><a href={P.serviceAccounts} onClick={routeClick(P.serviceAccounts)}>{t('navServiceAccounts')}</a></p>
      {loading && !a ? <Spinner label={t('loading')} /> : (
        <dl style={{ display: 'grid', gridTemplateColumns: '160px 1fr', gap: 6 }}>
          <dt>{t('emailLabel')}</dt><dd>{a.email}</dd>
          <dt>{t('description')}</dt><dd>{a.description || '—'}</dd>
          <dt>{t('appRoles')}</dt><dd>{a.roles.map((r) => roleText(...r.split(':'))).join(', ') || '—'}</dd>
        </dl>)}
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginTop: 16 }}>
        <Heading size="medium" as="h2">{t('credentialsHeading')}</Heading>
        <Button appearance="primary" isDisabled={loading} onClick={() => { logEvent({ type: 'button', name: 'create-credentials' }); setOpen(true); }}>{t('createCredentials')}</Button>
      </div>
      <DynamicTable caption={t('credentialsHeading')} head={head} rows={rows} isLoading={loading} emptyView={<p>{t('noCredentials')}</p>} />
      <ModalTransition>
        {open && a && <CreateCredentialsModal orgId={orgId} account={a} onClose={() => { setOpen(false); reload(); }} />}
      </ModalTransition>
    </Page>
  );
}

function ScopeChecks({ scopes, setScopes, appFilter }) {
  const toggle = (s, on) => {
    logEvent({ type: 'scope-toggle', scope: s, checked: on });
    setScopes((list) => (on ? [...new Set([...list, s])] : list.filter((x) => x !== s)));
  };
  const box = (s, key) => <Checkbox key={key} label={s} name={key} value={s} isChecked={scopes.includes(s)} onChange={(e) => toggle(s, e.currentTarget.checked)} />;
  if (OPT.scopes === 'flat') {
    return <fieldset style={{ border: 'none', padding: 0 }}><legend>{t('scopes')}</legend>{SA_SCOPES_FLAT.map((s) => box(s, s))}</fieldset>;
  }
  return SA_SCOPE_GROUPS.filter((g) => appFilter === 'all' || g.id === appFilter).map((g) => (
    <fieldset key={g.id} style={{ border: 'none', padding: 0, margin: '8px 0' }} data-product={DRIFTED ? undefined : g.id}>
      <legend style={{ fontWeight: 600 }}>{t('scopesFor', { app: g.name })}</legend>
      {g.scopes.map((s) => box(s, `${g.id}/${s}`))}
    </fieldset>
  ));
}

function CreateCredentialsModal({ orgId, account, onClose }) {
  const [step, setStep] = useState(1);
  const [kind, setKind] = useState('api_token');
  const [name, setName] = useState('');
  const [expiry, setExpiry] = useState(() => isoInDays(DEFAULT_EXPIRY_DAYS));
  const [appFilter, setAppFilter] = useState('all');
  const [scopes, setScopes] = useState([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [result, setResult] = useState(null);
  const nameId = useId();
  const isToken = kind === 'api_token';
  const go = (n) => { logEvent({ type: 'wizard-step', dialog: 'create-credentials', step: n }); setStep(n); };
  const create = async () => {
    setBusy(true); setError('');
    try {
      const res = await api('POST', `${apiBase(orgId)}/service-accounts/${encodeURIComponent(account.id)}/credentials`,
        { kind, name: name.trim(), expiry: isToken ? expiry : null, scopes });
      logEvent({ type: 'credential-created', accountId: account.id, id: res.id, kind, name: name.trim(), expiry: isToken ? expiry : null, scopes: [...scopes] });
      setResult(res); setBusy(false); go(5);
    } catch (e) {
      logEvent({ type: 'error', code: 'create-credentials-failed', status: e.status });
      setError(e.message); setBusy(false);
    }
  };
  const filterOptions = [{ value: 'all', label: t('allApps') }, ...SA_SCOPE_GROUPS.map((g) => ({ value: g.id, label: g.name }))];
  const steps = [t('credStepType'), t('credStepDetails'), t('credStepScopes'), t('credStepReview')];
  let body, primary;
  if (step === 1) {
    body = <RadioGroup name="credential-type" aria-label={t('credType')} value={kind}
      options={[{ name: 'credential-type', value: 'api_token', label: t('credApiToken') }, { name: 'credential-type', value: 'oauth', label: t('credOauth') }]}
      onChange={(e) => { logEvent({ type: 'field-change', field: 'credential-type', value: e.currentTarget.value }); setKind(e.currentTarget.value); }} />;
    primary = <Button appearance="primary" onClick={() => go(2)}>{t('next')}</Button>;
  } else if (step === 2) {
    body = <>
      <Label htmlFor={nameId}>{t('credName')}</Label>
      <Textfield id={nameId} value={name} autoComplete="off" maxLength={255} isRequired
        onChange={(e) => { logEvent({ type: 'field-change', field: 'credential-name', value: e.currentTarget.value }); setName(e.currentTarget.value); }} />
      {isToken && <div style={{ marginTop: 12 }}><ExpiryField value={expiry} onChange={setExpiry} /></div>}
    </>;
    primary = <Button appearance="primary" isDisabled={!name.trim() || (isToken && !expiryValid(expiry))} onClick={() => go(3)}>{t('next')}</Button>;
  } else if (step === 3) {
    body = <>
      {OPT.scopes !== 'flat' && <div style={{ marginBottom: 8 }}>
        <Label htmlFor="scope-app-filter">{t('filterByApp')}</Label>
        <Select inputId="scope-app-filter" options={filterOptions} value={filterOptions.find((o) => o.value === appFilter)}
          onChange={(o) => { logEvent({ type: 'field-change', field: 'scope-app-filter', value: o.value }); setAppFilter(o.value); }} />
      </div>}
      <p role="status">{t('selectedCount', { n: scopes.length })}</p>
      <ScopeChecks scopes={scopes} setScopes={setScopes} appFilter={appFilter} />
    </>;
    primary = <Button appearance="primary" isDisabled={!scopes.length} onClick={() => go(4)}>{t('next')}</Button>;
  } else if (step === 4) {
    body = <dl style={{ display: 'grid', gridTemplateColumns: '140px 1fr', gap: 6 }}>
      <dt>{t('credType')}</dt><dd>{isToken ? t('credApiToken') : t('credOauth')}</dd>
      <dt>{t('credName')}</dt><dd>{name}</dd>
      {isToken && <><dt>{t('expiresOn')}</dt><dd>{formatDate(expiry)}</dd></>}
      <dt>{t('scopes')}</dt><dd><ul>{scopes.map((s) => <li key={s}><code>{s}</code></li>)}</ul></dd>
    </dl>;
    primary = <Button appearance="primary" isLoading={busy} onClick={create}>{t('create')}</Button>;
  } else {
    body = <>
      <SectionMessage appearance="warning"><p>{t('secretOnceNote')}</p></SectionMessage>
      {isToken ? <SecretValue label={t('apiTokenLabel')} value={result.token} />
        : <>
          <div style={{ margin: '12px 0' }}><div style={{ fontWeight: 600, fontSize: 12 }}>{t('clientId')}</div><code>{result.clientId}</code></div>
          <SecretValue label={t('clientSecret')} value={result.clientSecret} />
        </>}
    </>;
    primary = <Button appearance="primary" onClick={() => { logEvent({ type: 'button', name: 'done' }); onClose(); }}>{t('done')}</Button>;
  }
  return (
    <Modal onClose={() => !busy && onClose()} width="medium" shouldCloseOnOverlayClick={step !== 5} label={t('credTitle')}
      onOpenComplete={() => logEvent({ type: 'dialog-open', dialog: 'create-credentials' })}
      onCloseComplete={() => logEvent({ type: 'dialog-close', dialog: 'create-credentials' })}>
      <ModalHeader hasCloseButton><ModalTitle>{step === 5 ? t('credCreatedTitle') : t('credTitle')}</ModalTitle></ModalHeader>
      <ModalBody>
        {step <= 4 && <p style={{ color: '#626f86' }}>{t('stepOf', { n: step, total: 4 })} · {steps[step - 1]}</p>}
        {body}
        {error && <div role="alert" style={{ marginTop: 12 }}><SectionMessage appearance="error"><p>{error}</p></SectionMessage></div>}
      </ModalBody>
      <ModalFooter>
        {driftOrder([
          step < 5 && <Button key="c" appearance="subtle" onClick={onClose} isDisabled={busy}>{t('cancel')}</Button>,
          step > 1 && step < 5 && <Button key="b" onClick={() => go(step - 1)} isDisabled={busy}>{t('back')}</Button>,
          <span key="p">{primary}</span>,
        ])}
      </ModalFooter>
    </Modal>
  );
}

// ---------------------------------------------------------------------------------------------
// Insights: API token activity
// ---------------------------------------------------------------------------------------------
const DAY = 86400000;
function lastUsedMatch(filter, lastUsed) {
  if (filter === 'any') return true;
  if (filter === 'never') return !lastUsed;
  const age = lastUsed ? (Date.now() - new Date(lastUsed).getTime()) / DAY : Infinity;
  return filter === 'last30' ? age <= 30 : age > 90;
}

function TokenActivityPage({ orgId }) {
  const { data, loading, reload } = useLoad(`${apiBase(orgId)}/api-tokens`);
  const [type, setType] = useState('any');
  const [used, setUsed] = useState('any');
  const [revoking, setRevoking] = useState(null);
  const [busy, setBusy] = useState(false);
  const cols = ACTIVITY_COLUMNS[OPT.activity] || ACTIVITY_COLUMNS.public;
  const typeOptions = [{ value: 'any', label: t('anyType') }, { value: 'scoped', label: t('withScopes') }, { value: 'classic', label: t('withoutScopes') }];
  const usedOptions = [{ value: 'any', label: t('anyTime') }, { value: 'last30', label: t('usedLast30') }, { value: 'over90', label: t('notUsed90') }, { value: 'never', label: t('neverUsed') }];
  const shown = useMemo(() => (data?.items || []).filter((r) => (type === 'any' || (type === 'scoped') === (r.scopes.length > 0)) && lastUsedMatch(used, r.lastUsed)), [data, type, used]);
  const headLabel = { tokenName: t('colTokenName'), tokenType: t('colTokenType'), createdBy: t('colCreatedBy'), user: t('colUser'),
    status: t('colTokenStatus'), lastUsed: t('colLastUsed'), expires: t('colExpires'), created: t('colCreated'), actions: t('colActions'),
    credential: t('colCredential'), heldBy: t('colHeldBy'), activity: t('colActivity') };
  const cell = (col, r) => {
    switch (col) {
      case 'tokenName': case 'credential': return r.label;
      case 'tokenType': return r.scopes.length ? t('withScopes') : t('withoutScopes');
      case 'createdBy': case 'user': case 'heldBy': return <>{r.owner}<br /><small>{r.ownerEmail}</small></>;
      case 'status': return <Lozenge appearance={r.ownerStatus === 'active' ? 'success' : 'removed'}>{t(r.ownerStatus)}</Lozenge>;
      case 'lastUsed': case 'activity': return formatLastUsed(r.lastUsed);
      case 'expires': return formatDate(r.expires);
      case 'created': return formatDate(r.created);
      default: return <Button appearance="subtle" onClick={() => setRevoking(r)}>{t('revoke')}</Button>;
    }
  };
  const head = { cells: cols.map((c) => ({ key: c, content: headLabel[c] })) };
  const rows = shown.map((r) => ({ key: r.id, cells: cols.map((c) => ({ key: `${c}`, content: cell(c, r) })) }));
  const exportCsv = () => {
    logEvent({ type: 'button', name: 'export-token-list' });
    const lines = [cols.filter((c) => c !== 'actions').map((c) => headLabel[c]).join(',')];
    for (const r of shown) lines.push([r.label, r.owner, r.ownerEmail, r.lastUsed || '', r.expires].map((v) => `"${String(v).replace(/"/g, '""')}"`).join(','));
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([lines.join('\n')], { type: 'text/csv' }));
    a.download = 'api-tokens.csv';
    a.click();
  };
  const revoke = async () => {
    setBusy(true);
    await api('DELETE', `${apiBase(orgId)}/api-tokens/${encodeURIComponent(revoking.id)}`);
    logEvent({ type: 'token-revoked', id: revoking.id, label: revoking.label, owner: revoking.ownerEmail });
    setBusy(false); setRevoking(null); reload();
  };
  return (
    <Page title={t('activityHeading')}>
      <p>{t('activityIntro')}</p>
      <div style={{ display: 'flex', gap: 16, alignItems: 'flex-end', margin: '16px 0' }}>
        {driftOrder([
          <div key="t" style={{ width: 220 }}><Label htmlFor="filter-token-type">{t('filterTokenType')}</Label>
            <Select inputId="filter-token-type" options={typeOptions} value={typeOptions.find((o) => o.value === type)} onChange={(o) => setType(o.value)} /></div>,
          <div key="u" style={{ width: 220 }}><Label htmlFor="filter-last-used">{t('filterLastUsed')}</Label>
            <Select inputId="filter-last-used" options={usedOptions} value={usedOptions.find((o) => o.value === used)} onChange={(o) => setUsed(o.value)} /></div>,
        ])}
        <div style={{ marginLeft: 'auto' }}><Button isDisabled={loading} onClick={exportCsv}>{t('exportTokens')}</Button></div>
      </div>
      <DynamicTable caption={t('activityHeading')} head={head} rows={rows} isLoading={loading} emptyView={<p>{t('activityEmpty')}</p>} />
      <ModalTransition>
        {revoking && (
          <Modal onClose={() => setRevoking(null)} width="small">
            <ModalHeader><ModalTitle appearance="danger">{t('revokeActivityTitle')}</ModalTitle></ModalHeader>
            <ModalBody><p>{t('revokeBody', { label: revoking.label })}</p></ModalBody>
            <ModalFooter>
              <Button appearance="subtle" onClick={() => setRevoking(null)}>{t('cancel')}</Button>
              <Button appearance="danger" isLoading={busy} onClick={revoke}>{t('revoke')}</Button>
            </ModalFooter>
          </Modal>
        )}
      </ModalTransition>
    </Page>
  );
}

// ---------------------------------------------------------------------------------------------
// Small pages and app
// ---------------------------------------------------------------------------------------------
function Overview() { return <Page title={t('overviewHeading')}><p>{t('overviewBody')}</p></Page>; }
function UsersPage() { return <Page title={t('usersHeading')}><p>Jane Doe · jane.doe@acme.example</p></Page>; }
function GroupsPage() { return <Page title={t('groupsHeading')}><p>org-admins</p></Page>; }
function ApiKeysPage() {
  return <Page title={t('apiKeysHeading')}><p>{t('apiKeysIntro')}</p><Button appearance="primary">{t('createApiKey')}</Button></Page>;
}
function NotFound() { return <Page title={t('notFound')}><p>{t('notFoundBody')}</p></Page>; }

function App() {
  const path = normPath(usePath());
  const org = orgFromPath(path);
  if (!org) return <OrgPicker />;
  const { orgId } = org;
  const P = akAdminPaths(orgId, DRIFTED);
  let page;
  const here = (p) => path === normPath(p);
  if (here(P.overview) || path === `/o/${encodeURIComponent(orgId)}`) page = <Overview />;
  else if (here(P.users)) page = <UsersPage />;
  else if (here(P.groups)) page = <GroupsPage />;
  else if (here(P.serviceAccounts)) page = <ServiceAccountsPage orgId={orgId} />;
  else if (path.startsWith(`${P.serviceAccounts}/`)) {
    const id = decodeURIComponent(path.slice(P.serviceAccounts.length + 1));
    page = <ServiceAccountPage key={id} orgId={orgId} accountId={id} />;
  } else if (here(P.tokenActivity)) page = <TokenActivityPage orgId={orgId} />;
  else if (here(P.apiKeys)) page = <ApiKeysPage />;
  else page = <NotFound />;
  return <OrgLayout orgId={orgId}>{page}</OrgLayout>;
}

logPageLoad();
createRoot(document.getElementById('root')).render(<AkRoot><App /></AkRoot>);
