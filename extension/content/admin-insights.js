// Token Warden on admin.atlassian.com's tables: quiet markers on Insights → API token activity (move to
// a service account / revoke candidate / orphaned, with a summary line) and on the service-accounts list
// (accounts whose description records no owner and purpose). Read from the page only; the Rust core
// decides each marker; an unknown table shape gets nothing. Nothing is ever revoked from here.
(() => {
  'use strict';

  const api = globalThis.browser ?? globalThis.chrome;
  const TW = globalThis.TokenWardenProtocol; // generated from src/protocol.rs
  const P = globalThis.TokenWardenPage;
  const ATTR = 'data-token-warden';
  const tables = globalThis.TOKEN_WARDEN_DEFAULT_PLAN?.pages?.find((p) => p.kind === 'admin_org')?.admin_tables;
  if (!P || !tables || location.hostname !== 'admin.atlassian.com') return;

  let lastKey = '';

  const ask = (message) => api.runtime.sendMessage(message).catch(() => null);
  const text = (el) =>
    [...(el?.childNodes ?? [])]
      .filter((n) => !(n instanceof Element && n.hasAttribute(ATTR)))
      .map((n) => n.textContent)
      .join('')
      .trim();

  /** The first table whose header row has every wanted column; returns column indexes by key. */
  function findTable(columns) {
    for (const table of document.querySelectorAll('main table, main [role="table"], main [role="grid"]')) {
      const headers = [...table.querySelectorAll('th, [role="columnheader"]')].map((h) => P.normalizeName(h.textContent));
      const index = {};
      for (const [key, names] of Object.entries(columns)) index[key] = headers.findIndex((h) => names.includes(h));
      if (Object.values(index).every((i) => i >= 0)) return { table, index };
    }
    return null;
  }

  function rowsOf(table) {
    return [...table.querySelectorAll('tbody tr, [role="row"]')].filter((r) => !r.querySelector('th, [role="columnheader"]'));
  }

  function badge(messageKey, { onClick } = {}) {
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
        if (!e.isTrusted) return; // a page script's .click() is not the person's consent
        onClick();
      });
    }
    return el;
  }

  async function markActivity() {
    const found = findTable(tables.activity);
    if (!found) return false;
    const { table, index } = found;
    const rows = rowsOf(table);
    const facts = rows.map((row) => {
      const cells = row.querySelectorAll('td, [role="cell"], [role="gridcell"]');
      const lastUsed = text(cells[index.last_used]);
      const parsed = Date.parse(lastUsed);
      return {
        label: text(cells[index.label]),
        owner: cells[index.owner]?.textContent.trim() ?? '',
        owner_status: text(cells[index.owner_status]),
        last_used: lastUsed,
        last_used_ms: Number.isFinite(parsed) ? parsed : null,
        scopes: text(cells[index.scopes]),
        cell: cells[index.label],
      };
    });
    const key = `activity:${JSON.stringify(facts.map((f) => [f.label, f.owner_status, f.last_used]))}`;
    if (key === lastKey) return true;
    lastKey = key;
    const reply = await ask({ type: TW.content.activity_rows, rows: facts.map(({ cell, ...f }) => f) });
    if (!reply?.ok || reply.type !== TW.reply.activity_marks || key !== lastKey) return true;
    for (const el of document.querySelectorAll(`[${ATTR}="mark"], [${ATTR}="summary"]`)) el.remove();
    const counts = { migrate: 0, revoke_candidate: 0, orphaned: 0 };
    reply.marks.forEach((mark, i) => {
      const fact = facts[i];
      if (!mark || !fact?.cell?.isConnected) return;
      counts[mark]++;
      if (mark === 'migrate') {
        fact.cell.append(badge('markMigrate', { onClick: () => ask({ type: TW.content.migrate, label: fact.label, scopes: reply.scopes[i] }) }));
      } else {
        fact.cell.append(badge(mark === 'orphaned' ? 'markOrphaned' : 'markRevokeCandidate'));
      }
    });
    const summary = document.createElement('p');
    summary.setAttribute(ATTR, 'summary');
    summary.setAttribute('role', 'note');
    summary.textContent = api.i18n.getMessage('markSummary', [String(counts.migrate), String(counts.revoke_candidate), String(counts.orphaned)]);
    Object.assign(summary.style, { font: 'inherit', fontSize: '13px', color: '#44546f', margin: '8px 0' });
    table.before(summary);
    return true;
  }

  async function markServiceAccounts() {
    document.querySelector(`[${ATTR}="summary"]`)?.remove(); // the activity page's summary, if we came from there
    const found = findTable(tables.service_accounts);
    if (!found) return false;
    const { table, index } = found;
    const rows = rowsOf(table);
    const facts = rows.map((row) => {
      const cells = row.querySelectorAll('td, [role="cell"], [role="gridcell"]');
      return { name: text(cells[index.name]), description: text(cells[index.description]), cell: cells[index.name] };
    });
    const key = `accounts:${JSON.stringify(facts.map((f) => [f.name, f.description]))}`;
    if (key === lastKey) return true;
    lastKey = key;
    const reply = await ask({ type: TW.content.service_account_rows, rows: facts.map(({ name, description }) => ({ name, description })) });
    if (!reply?.ok || reply.type !== TW.reply.service_account_marks || key !== lastKey) return true;
    for (const el of table.querySelectorAll(`[${ATTR}="mark"]`)) el.remove();
    for (const i of reply.unowned) facts[i]?.cell?.isConnected && facts[i].cell.append(badge('markNoOwner'));
    return true;
  }

  let scheduled = false;
  const observer = new MutationObserver(() => {
    if (scheduled) return;
    scheduled = true;
    setTimeout(async () => {
      scheduled = false;
      try {
        if (!(await markActivity()) && !(await markServiceAccounts())) {
          // No table we know on this page (or the page moved on): leave nothing behind.
          lastKey = '';
          for (const el of document.querySelectorAll(`[${ATTR}="mark"], [${ATTR}="summary"]`)) el.remove();
        }
      } catch {
        // An unknown shape gets nothing; the page keeps working.
      }
    }, 150);
  });
  observer.observe(document.documentElement, { childList: true, subtree: true, characterData: true });
})();
