// Feature "token-list": beside each of the person's own tokens that looks like an integration, a quiet
// "Move to a service account" link, which opens the consent view (it never makes a job itself). Reads
// the labels and "last used" texts of the token table (found by the plan's header names); the core
// decides which rows get a link.
//
// Test URLs: https://id.atlassian.com/manage-profile/security/api-tokens
(() => {
  'use strict';

  const R = globalThis.TokenWarden;
  if (!R) return;
  const { api, TW, ATTR } = R;

  function migrateLink(label, signal) {
    const link = document.createElement('button');
    link.type = 'button';
    link.setAttribute(ATTR, 'mark');
    link.textContent = api.i18n.getMessage('migrateLink');
    link.title = api.i18n.getMessage('migrateHint');
    Object.assign(link.style, {
      marginLeft: '8px', padding: '0', border: '0', background: 'none', color: '#0c66e4',
      font: 'inherit', fontSize: '12px', textDecoration: 'underline', cursor: 'pointer',
    });
    link.addEventListener('click', (e) => {
      e.preventDefault();
      e.stopPropagation();
      if (!e.isTrusted) return; // a page script's .click() opens nothing
      // Even the person's click here only opens the consent view (an extension page): the page's DOM
      // can be overlaid or scripted, so consent is given there, never here.
      R.ask({ type: TW.content.migrate, label }).then((reply) => reply?.ok && reply.type === TW.reply.show_offer && R.showOffer(reply.offer, signal));
    });
    return link;
  }

  R.feature({
    name: 'token-list',
    applies: (plan) => !!plan.token_list,
    enter(plan, signal) {
      let lastKey = '';
      const columns = { label: plan.token_list.label_headers, lastUsed: plan.token_list.last_used_headers };
      R.observe(signal, async () => {
        const found = R.readTable(columns);
        if (!found) return;
        const facts = found.rows.map((row) => ({ label: R.ownText(row.label), last_used: R.ownText(row.lastUsed), cell: row.label }));
        const key = JSON.stringify(facts.map((f) => [f.label, f.last_used]));
        if (key === lastKey) return;
        lastKey = key;
        const rows = facts.map(({ label, last_used }) => ({ label, last_used, last_used_ms: R.dateMs(last_used) }));
        const reply = await R.ask({ type: TW.content.token_rows, rows });
        if (!reply?.ok || reply.type !== TW.reply.token_marks || key !== lastKey || signal.aborted) return;
        for (const el of found.table.querySelectorAll(`[${ATTR}="mark"]`)) el.remove();
        for (const i of reply.integration) {
          const fact = facts[i];
          if (fact?.cell?.isConnected && fact.label) fact.cell.append(migrateLink(fact.label, signal));
        }
      });
      signal.addEventListener('abort', () => document.querySelectorAll(`[${ATTR}="mark"]`).forEach((el) => el.remove()), { once: true });
    },
  });
})();
