// Token Warden test replica, Atlaskit edition: id.atlassian.com's API tokens page from real Atlaskit
// components. /manage-profile/security/api-tokens (and the legacy /manage/api-tokens): the token list
// (async DynamicTable), "Create API token" (label + expiry → Create → token once) and "Create API token
// with scopes" (name + expiry → Next → app → Next → scopes → Next → review → Create token → token once).
// The prefill query `?autofillToken&expiryDays=30|max&appId=jira|bitbucket|mcp|…&selectedScopes=all|a,b`
// opens the scoped wizard with the expiry, app and scopes filled in.
import { useEffect, useId, useState } from 'react';
import { createRoot } from 'react-dom/client';
import Button from '@atlaskit/button/new';
import Textfield from '@atlaskit/textfield';
import { Checkbox } from '@atlaskit/checkbox';
import { RadioGroup } from '@atlaskit/radio';
import DynamicTable from '@atlaskit/dynamic-table';
import Modal, { ModalBody, ModalFooter, ModalHeader, ModalTitle, ModalTransition } from '@atlaskit/modal-dialog';
import Heading from '@atlaskit/heading';
import SectionMessage from '@atlaskit/section-message';
import { Label, HelperMessage } from '@atlaskit/form';
import { useFlags } from '@atlaskit/flag';
import {
  config, t, DRIFTED, logEvent, logPageLoad, usePath, normPath, routeClick, useTitle, AkRoot, Drift, driftOrder, testId,
  api, formatDate, formatLastUsed, ExpiryField, expiryValid, SecretValue, DEFAULT_EXPIRY_DAYS,
  SuccessIcon,
} from './ak-common.jsx';
import { AK_TOKEN_APPS, AK_PERSONAL_SCOPES, isoInDays } from './ak-data.mjs';
import { ID_PATHS } from '../src/data.mjs';

const TOKENS = '/gateway/api/api-tokens';

/** Parse the prefill query; null unless `autofillToken` is present. */
function readPrefill() {
  const q = new URLSearchParams(location.search);
  if (!q.has('autofillToken')) return null;
  const days = q.get('expiryDays');
  const n = days === 'max' ? 365 : Number.parseInt(days || '', 10);
  const appId = (q.get('appId') || '').toLowerCase();
  const app = AK_TOKEN_APPS.find((a) => a.id === appId || a.aliases.includes(appId));
  const all = app ? AK_PERSONAL_SCOPES[app.id] : [];
  const sel = q.get('selectedScopes');
  const scopes = !sel ? [] : sel === 'all' ? [...all] : sel.split(',').map((s) => s.trim()).filter((s) => all.includes(s));
  return { expiryDays: Number.isFinite(n) && n >= 1 && n <= 365 ? n : DEFAULT_EXPIRY_DAYS, app: app?.id || '', scopes, appId };
}

function Layout({ children }) {
  const links = [[ID_PATHS.profile, t('navProfile')], [ID_PATHS.security, t('navSecurity')], [ID_PATHS.apiTokens, t('navApiTokens')]];
  const path = normPath(usePath());
  return (
    <div style={{ display: 'flex', minHeight: '100vh' }}>
      <nav aria-label={t('accountNav')} style={{ width: 240, padding: 16, borderRight: '1px solid #dcdfe4' }}>
        <div style={{ fontWeight: 600, marginBottom: 12 }}>{t('idProduct')}</div>
        <ul style={{ listStyle: 'none', padding: 0 }}>{driftOrder(links).map(([to, label]) => (
          <li key={to}><a href={to} aria-current={path === to ? 'page' : undefined} onClick={routeClick(to)}>{label}</a></li>))}</ul>
      </nav>
      <main style={{ flex: 1, padding: '24px 40px', maxWidth: 1000 }}><Drift>{children}</Drift></main>
    </div>
  );
}

function ApiTokensPage() {
  useTitle(`${t('apiTokensHeading')} | ${t('idProduct')}`);
  const [tokens, setTokens] = useState(null);
  const [dialog, setDialog] = useState(() => (readPrefill() ? 'scoped' : null));
  const [n, setN] = useState(0);
  const { showFlag } = useFlags();
  useEffect(() => { let live = true; setTokens(null); api('GET', TOKENS).then((d) => live && setTokens(d.items)); return () => { live = false; }; }, [n]);
  const loading = tokens === null;
  const created = () => { setN((x) => x + 1); showFlag({ title: t('tokenCreatedTitle'), isAutoDismiss: true, icon: <SuccessIcon label="" color="var(--ds-icon-success, #22A06B)" /> }); };
  const head = { cells: [{ key: 'l', content: t('colLabel') }, { key: 'c', content: t('colCreated') }, { key: 'e', content: t('colExpires') },
    { key: 'u', content: t('colLastUsed') }, { key: 'a', content: t('colActions') }] };
  const rows = (tokens || []).map((tok) => ({ key: tok.id, cells: [
    { content: tok.label }, { content: formatDate(tok.created) }, { content: formatDate(tok.expires) }, { content: formatLastUsed(tok.lastUsed) },
    { content: <Button appearance="subtle" onClick={async () => { await api('DELETE', `${TOKENS}/${encodeURIComponent(tok.id)}`); logEvent({ type: 'token-revoked', id: tok.id, label: tok.label }); setN((x) => x + 1); }}>{t('revoke')}</Button> },
  ] }));
  const open = (which, event) => () => { logEvent({ type: 'button', name: event }); setDialog(which); };
  return (
    <>
      <Heading size="large" as="h1">{t('apiTokensHeading')}</Heading>
      <p>{t('apiTokensIntro')}</p>
      <div style={{ display: 'flex', gap: 8, margin: '16px 0' }} data-testid={testId('api-token-actions')}>
        {driftOrder([
          <Button key="c" appearance="primary" isDisabled={loading} onClick={open('classic', 'create-api-token')}>{t('createToken')}</Button>,
          <Button key="s" isDisabled={loading} onClick={open('scoped', 'create-scoped-api-token')}>{t('createScopedToken')}</Button>,
        ])}
      </div>
      <DynamicTable caption={t('tokensListLabel')} head={head} rows={rows} isLoading={loading} loadingLabel={t('loadingTokens')} emptyView={<p>{t('noTokens')}</p>} />
      <ModalTransition>
        {dialog === 'classic' && <ClassicModal onClose={() => setDialog(null)} onCreated={created} />}
        {dialog === 'scoped' && <ScopedModal prefill={readPrefill()} onClose={() => setDialog(null)} onCreated={created} />}
      </ModalTransition>
    </>
  );
}

function ModalShell({ name, title, onClose, busy, footer, children }) {
  return (
    <Modal onClose={() => !busy && onClose()} width="medium" label={title} testId={testId(`${name}-modal`)}
      onOpenComplete={() => logEvent({ type: 'dialog-open', dialog: name })} onCloseComplete={() => logEvent({ type: 'dialog-close', dialog: name })}>
      <ModalHeader hasCloseButton><ModalTitle>{title}</ModalTitle></ModalHeader>
      <ModalBody>{children}</ModalBody>
      <ModalFooter>{driftOrder(footer.filter(Boolean))}</ModalFooter>
    </Modal>
  );
}

function ClassicModal({ onClose, onCreated }) {
  const [label, setLabel] = useState('');
  const [expiry, setExpiry] = useState(() => isoInDays(DEFAULT_EXPIRY_DAYS));
  const [busy, setBusy] = useState(false);
  const [secret, setSecret] = useState(null);
  const id = useId();
  const create = async () => {
    setBusy(true);
    const res = await api('POST', TOKENS, { kind: 'classic', label: label.trim(), expiry });
    logEvent({ type: 'token-created', kind: 'classic', id: res.id, label: label.trim(), expiry, tokenApp: null, scopes: [] });
    setSecret(res.token); setBusy(false); onCreated();
  };
  if (secret) {
    return <ModalShell name="create-api-token" title={t('classicTitle')} onClose={onClose}
      footer={[<Button key="d" appearance="primary" onClick={onClose}>{t('done')}</Button>]}>
      <p>{t('tokenOnceNote')}</p><SecretValue label={t('newTokenLabel')} value={secret} />
    </ModalShell>;
  }
  return (
    <ModalShell name="create-api-token" title={t('classicTitle')} onClose={onClose} busy={busy} footer={[
      <Button key="c" appearance="subtle" onClick={onClose}>{t('cancel')}</Button>,
      <Button key="k" appearance="primary" isLoading={busy} isDisabled={!label.trim() || !expiryValid(expiry)} onClick={create}>{t('create')}</Button>,
    ]}>
      <Label htmlFor={id}>{t('label')}</Label>
      <Textfield id={id} value={label} maxLength={255} autoComplete="off" onChange={(e) => { logEvent({ type: 'field-change', field: 'label', value: e.currentTarget.value }); setLabel(e.currentTarget.value); }} />
      <HelperMessage>{t('labelHelp')}</HelperMessage>
      <div style={{ marginTop: 12 }}><ExpiryField value={expiry} onChange={setExpiry} /></div>
    </ModalShell>
  );
}

function ScopedModal({ prefill, onClose, onCreated }) {
  const [step, setStep] = useState(1);
  const [name, setName] = useState('');
  const [expiry, setExpiry] = useState(() => isoInDays(prefill?.expiryDays || DEFAULT_EXPIRY_DAYS));
  const [app, setApp] = useState(prefill?.app || '');
  const [query, setQuery] = useState('');
  const [scopes, setScopes] = useState(prefill?.scopes || []);
  const [busy, setBusy] = useState(false);
  const [secret, setSecret] = useState(null);
  const nameId = useId(), searchId = useId();
  useEffect(() => { if (prefill) logEvent({ type: 'prefill', appId: prefill.appId, app: prefill.app, expiryDays: prefill.expiryDays, scopes: prefill.scopes }); }, []); // eslint-disable-line react-hooks/exhaustive-deps
  const go = (n) => { logEvent({ type: 'wizard-step', dialog: 'create-scoped-api-token', step: n }); setStep(n); };
  const appName = AK_TOKEN_APPS.find((a) => a.id === app)?.name || '';
  const create = async () => {
    setBusy(true);
    const res = await api('POST', TOKENS, { kind: 'scoped', label: name.trim(), expiry, app, scopes });
    logEvent({ type: 'token-created', kind: 'scoped', id: res.id, label: name.trim(), expiry, tokenApp: app, scopes: [...scopes] });
    setSecret(res.token); setBusy(false); go(5); onCreated();
  };
  const cancel = step < 5 && <Button key="c" appearance="subtle" onClick={onClose}>{t('cancel')}</Button>;
  const back = step > 1 && step < 5 && <Button key="b" onClick={() => go(step - 1)}>{t('back')}</Button>;
  let body, primary;
  if (step === 1) {
    body = <>
      <Label htmlFor={nameId}>{t('name')}</Label>
      <Textfield id={nameId} value={name} maxLength={255} autoComplete="off" onChange={(e) => { logEvent({ type: 'field-change', field: 'name', value: e.currentTarget.value }); setName(e.currentTarget.value); }} />
      <div style={{ marginTop: 12 }}><ExpiryField value={expiry} onChange={setExpiry} /></div>
    </>;
    primary = <Button key="n" appearance="primary" isDisabled={!name.trim() || !expiryValid(expiry)} onClick={() => go(2)}>{t('next')}</Button>;
  } else if (step === 2) {
    body = <RadioGroup name="app" aria-label={t('selectApp')} value={app}
      options={AK_TOKEN_APPS.map((a) => ({ name: 'app', value: a.id, label: a.name }))}
      onChange={(e) => { const v = e.currentTarget.value; logEvent({ type: 'field-change', field: 'app', value: v }); if (v !== app) setScopes([]); setApp(v); }} />;
    primary = <Button key="n" appearance="primary" isDisabled={!app} onClick={() => go(3)}>{t('next')}</Button>;
  } else if (step === 3) {
    const shown = (AK_PERSONAL_SCOPES[app] || []).filter((s) => s.includes(query.trim().toLowerCase()));
    body = <>
      <Label htmlFor={searchId}>{t('searchScopes')}</Label>
      <Textfield id={searchId} value={query} onChange={(e) => setQuery(e.currentTarget.value)} autoComplete="off" />
      <p role="status">{t('selectedCount', { n: scopes.length })}</p>
      <fieldset style={{ border: 'none', padding: 0 }}><legend>{t('scopes')}</legend>
        {shown.map((s) => <Checkbox key={s} label={s} value={s} name={s} isChecked={scopes.includes(s)} onChange={(e) => {
          const on = e.currentTarget.checked;
          logEvent({ type: 'scope-toggle', scope: s, checked: on });
          setScopes((l) => (on ? [...l, s] : l.filter((x) => x !== s)));
        }} />)}
        {!shown.length && <p>{t('noScopesMatch')}</p>}
      </fieldset>
    </>;
    primary = <Button key="n" appearance="primary" isDisabled={!scopes.length} onClick={() => go(4)}>{t('next')}</Button>;
  } else if (step === 4) {
    body = <dl style={{ display: 'grid', gridTemplateColumns: '140px 1fr', gap: 6 }}>
      <dt>{t('name')}</dt><dd>{name}</dd><dt>{t('expiresOn')}</dt><dd>{formatDate(expiry)}</dd>
      <dt>{t('appLabel')}</dt><dd>{appName}</dd>
      <dt>{t('scopes')}</dt><dd><ul>{scopes.map((s) => <li key={s}><code>{s}</code></li>)}</ul></dd>
    </dl>;
    primary = <Button key="n" appearance="primary" isLoading={busy} onClick={create}>{t('createTokenBtn')}</Button>;
  } else {
    body = <><SectionMessage appearance="warning"><p>{t('tokenOnceNote')}</p></SectionMessage><SecretValue label={t('newTokenLabel')} value={secret} /></>;
    primary = <Button key="n" appearance="primary" onClick={onClose}>{t('done')}</Button>;
  }
  return (
    <ModalShell name="create-scoped-api-token" title={t('scopedTitle')} onClose={onClose} busy={busy} footer={[cancel, back, primary]}>
      {step <= 4 && <p style={{ color: '#626f86' }}>{t('stepOf', { n: step, total: 4 })}</p>}
      {body}
    </ModalShell>
  );
}

function SimplePage({ title, children }) { useTitle(`${title} | ${t('idProduct')}`); return <><Heading size="large" as="h1">{title}</Heading>{children}</>; }

function App() {
  const path = normPath(usePath());
  let page;
  if (path === ID_PATHS.apiTokens || path === ID_PATHS.apiTokensLegacy) page = <ApiTokensPage />;
  else if (path === ID_PATHS.security) {
    page = <SimplePage title={t('securityHeading')}><p>{t('securityApiTokensBody')}</p>
      <a href={ID_PATHS.apiTokens} onClick={routeClick(ID_PATHS.apiTokens)}>{t('securityManageLink')}</a></SimplePage>;
  } else if (path === ID_PATHS.profile || path === '/manage-profile' || path === '/') page = <SimplePage title={t('profileHeading')}><p>{t('profileIntro')}</p></SimplePage>;
  else page = <SimplePage title={t('notFound')}><p>{t('notFoundBody')}</p></SimplePage>;
  return <Layout>{page}</Layout>;
}

logPageLoad();
void DRIFTED;
createRoot(document.getElementById('root')).render(<AkRoot><App /></AkRoot>);
