// Feature "admin-insights": quiet markers on admin.atlassian.com's tables: on Insights → API token
// activity (move to a service account / revoke candidate / orphaned, with a summary line) and on the
// service-accounts list (accounts whose description records no owner and purpose). The tables are found
// by the plan's column names; the core decides each marker; an unknown table shape gets nothing.
// Nothing is ever revoked from here.
//
// Test URLs: https://admin.atlassian.com/o/6a1b2c3d-0000-4000-8000-00000000c0de/insights/api-token-activity
//            https://admin.atlassian.com/o/6a1b2c3d-0000-4000-8000-00000000c0de/directory/service-accounts
(() => {
  'use strict';

  const R = globalThis.TokenWarden;
  if (!R) return;
  const { api, TW, ATTR } = R;
  const MARK_KEYS = { migrate: 'markMigrate', orphaned: 'markOrphaned', revoke_candidate: 'markRevokeCandidate' };
  const ours = () => document.querySelectorAll(`[${ATTR}="mark"], [${ATTR}="summary"]`);

  function badge(messageKey, onClick) {
    const el = document.createElement(onClick ? 'button' : 'span');
    el.setAttribute(ATTR, 'mark');
    el.textContent = api.i18n.getMessage(messageKey);
    Object.assign(el.style, {
      marginLeft: '8px', padding: '0 6px', borderRadius: '3px', font: 'inherit', fontSize: '12px',
      background: '#f1f2f4', color: '#44546f', border: '0', whiteSpace: 'nowrap',
    });
    if (onClick) {
      el.type = 'button';
      Object.assign(el.style, { color: '#0c66e4', textDecoration: 'underline', cursor: 'pointer', background: 'none' });
      el.addEventListener('click', (e) => {
        e.preventDefault();
        e.stopPropagation();
        if (!e.isTrusted) return; // a page script's .click() opens nothing
        onClick();
      });
    }
    return el;
  }

  async function markActivity(found, seen) {
    const facts = found.rows.map((row) => ({
      label: R.ownText(row.label), owner: R.ownText(row.owner), owner_status: R.ownText(row.owner_status),
      last_used: R.ownText(row.last_used), scopes: R.ownText(row.scopes), cell: row.label,
    }));
    const key = `activity:${JSON.stringify(facts.map((f) => [f.label, f.owner_status, f.last_used]))}`;
    if (key === seen.key) return;
    seen.key = key;
    const rows = facts.map(({ cell, ...f }) => ({ ...f, last_used_ms: R.dateMs(f.last_used) }));
    const reply = await R.ask({ type: TW.content.activity_rows, rows });
    if (!reply?.ok || reply.type !== TW.reply.activity_marks || key !== seen.key || seen.signal.aborted) return;
    ours().forEach((el) => el.remove());
    const counts = { migrate: 0, revoke_candidate: 0, orphaned: 0 };
    reply.marks.forEach((mark, i) => {
      const fact = facts[i];
      if (!MARK_KEYS[mark] || !fact?.cell?.isConnected) return;
      counts[mark]++;
      // Opens the consent view only; the job is made by the admin's click there.
      const migrate = () => R.ask({ type: TW.content.migrate, label: fact.label, scopes: reply.scopes[i] })
        .then((r) => r?.ok && r.type === TW.reply.show_offer && R.showOffer(r.offer, seen.signal));
      fact.cell.append(badge(MARK_KEYS[mark], mark === 'migrate' ? migrate : null));
    });
    const summary = document.createElement('p');
    summary.setAttribute(ATTR, 'summary');
    summary.setAttribute('role', 'note');
    summary.textContent = api.i18n.getMessage('markSummary', [counts.migrate, counts.revoke_candidate, counts.orphaned].map(String));
    Object.assign(summary.style, { font: 'inherit', fontSize: '13px', color: '#44546f', margin: '8px 0' });
    found.table.before(summary);
  }

  async function markServiceAccounts(found, seen) {
    const facts = found.rows.map((row) => ({ name: R.ownText(row.name), description: R.ownText(row.description), cell: row.name }));
    const key = `accounts:${JSON.stringify(facts.map((f) => [f.name, f.description]))}`;
    if (key === seen.key) return;
    seen.key = key;
    const reply = await R.ask({ type: TW.content.service_account_rows, rows: facts.map(({ cell, ...f }) => f) });
    if (!reply?.ok || reply.type !== TW.reply.service_account_marks || key !== seen.key || seen.signal.aborted) return;
    ours().forEach((el) => el.remove());
    for (const i of reply.unowned) if (facts[i]?.cell?.isConnected) facts[i].cell.append(badge('markNoOwner'));
  }

  R.feature({
    name: 'admin-insights',
    applies: (plan) => !!plan.admin_tables,
    enter(plan, signal) {
      const seen = { key: '', signal }; // the rows last sent, so an unchanged table is not sent again
      const read = () => {
        let found = R.readTable(plan.admin_tables.activity);
        if (found) return markActivity(found, seen);
        found = R.readTable(plan.admin_tables.service_accounts);
        if (found) return markServiceAccounts(found, seen);
        seen.key = ''; // no table we know on this page (or the page moved on): leave nothing behind
        ours().forEach((el) => el.remove());
      };
      R.observe(signal, read, 150, { childList: true, subtree: true, characterData: true });
      signal.addEventListener('abort', () => ours().forEach((el) => el.remove()), { once: true });
    },
  });
})();
