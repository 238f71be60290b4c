// Feature "admin-insights": quiet markers on admin.atlassian.com's tables: on Insights → API token
// activity (move to a service account / revoke candidate / orphaned, with a summary line) and on the
// service-accounts list (accounts whose description records no owner and purpose). The tables are found
// by what their column headers mean (the plan's table shapes: a few required columns, the rest
// optional, in any order); the core decides each marker; a missing optional column means fewer
// markers, said in the summary. On a page that should hold one of these tables (its heading or path
// says so) but shows none we can read, the headers seen go to the core, and the options page lists
// them. Nothing is ever revoked from here.
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
  // Optional activity columns whose absence costs markers, and the words that say which.
  const MISSING_KEYS = { owner_status: 'columnOwnerStatus', last_used: 'columnLastUsed' };
  const NOTICE_AFTER_MS = 3000; // a table still loading (or re-rendering) is not "not recognised" yet

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
    const missing = found.missing.filter((k) => MISSING_KEYS[k]).map((k) => api.i18n.getMessage(MISSING_KEYS[k]));
    summary.textContent = api.i18n.getMessage('markSummary', [counts.migrate, counts.revoke_candidate, counts.orphaned].map(String)) +
      (missing.length ? ` ${api.i18n.getMessage('markColumnsMissing', [missing.join(', ')])}` : '');
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

  /** The plan table this page should hold, by its heading, a table's caption, or its last path segment. */
  function expectedTable(plan) {
    const names = [...document.querySelectorAll('h1, caption, [role="table"][aria-label], table[aria-label]')]
      .filter((el) => !R.ours(el))
      .map((el) => R.normalizeName(el.tagName === 'H1' || el.tagName === 'CAPTION' ? el.textContent : el.getAttribute('aria-label')));
    const last = location.pathname.split('/').filter(Boolean).at(-1) ?? '';
    return [plan.admin_tables.activity, plan.admin_tables.service_accounts]
      .find((shape) => names.some((n) => shape.page_names.includes(n)) || shape.path_hints.includes(last)) ?? null;
  }

  // Tells the core once per page and header set, after the page kept showing them for a while.
  function noticeUnrecognised(plan, seen) {
    // Headers are read only on a page that should hold one of our tables (this runs on every page
    // change of every admin page); the widest table there is the one that most likely replaced ours.
    const shape = plan && expectedTable(plan);
    const headers = shape ? R.tableHeaders().reduce((a, b) => (b.length > a.length ? b : a), []) : [];
    const key = shape && headers.length ? `${shape.id}:${JSON.stringify(headers)}` : '';
    if (key === seen.noticeKey) return;
    clearTimeout(seen.noticeTimer);
    seen.noticeKey = key;
    if (!key || seen.noticed.has(key)) return;
    seen.noticeTimer = setTimeout(() => {
      if (seen.signal.aborted || seen.noticeKey !== key) return;
      seen.noticed.add(key);
      R.note('table_not_recognised', key);
      R.ask({ type: TW.content.table_not_recognised, table: shape.id, headers: headers.slice(0, 16) });
    }, NOTICE_AFTER_MS);
  }

  R.feature({
    name: 'admin-insights',
    applies: (plan) => !!plan.admin_tables,
    enter(plan, signal) {
      // The rows last sent, so an unchanged table is not sent again; the unrecognised table waiting
      // to be reported, and those already reported on this page.
      const seen = { key: '', signal, noticeKey: '', noticeTimer: 0, noticed: new Set() };
      signal.addEventListener('abort', () => clearTimeout(seen.noticeTimer), { once: true });
      const read = () => {
        let found = R.readTable(plan.admin_tables.activity);
        if (found) return (noticeUnrecognised(null, seen), markActivity(found, seen));
        found = R.readTable(plan.admin_tables.service_accounts);
        if (found) return (noticeUnrecognised(null, seen), markServiceAccounts(found, seen));
        seen.key = ''; // no table we know on this page (or the page moved on): leave nothing behind
        ours().forEach((el) => el.remove());
        noticeUnrecognised(plan, seen);
      };
      R.observe(signal, read, 150, { childList: true, subtree: true, characterData: true });
      signal.addEventListener('abort', () => ours().forEach((el) => el.remove()), { once: true });
    },
  });
})();
