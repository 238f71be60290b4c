// Feature "handoff-driver": drives a service-account hand-off job on admin.atlassian.com the way an
// admin would. The Rust core decides the flow (stages of small operations: follow a link by name, fill
// a field by label, tick a box, stop at the final button); this file performs them and reports codes
// (`{code: 'pressed', name}`, `{code: 'not_found', what: 'button', name}`) that the checklist renders in
// the reader's language. It never presses a final "Create" unless the plan's stage says so, never
// clicks anything it is unsure of, and never reads the secret Atlassian shows: it only notices that the
// one-time display is there. When the page does not match, it stops and the checklist takes over.
//
// Test URLs: https://admin.atlassian.com/o/6a1b2c3d-0000-4000-8000-00000000c0de/overview
//            https://admin.atlassian.com/o/6a1b2c3d-0000-4000-8000-00000000c0de/directory/service-accounts
//            https://admin.atlassian.com/
(() => {
  'use strict';

  const R = globalThis.TokenWarden;
  if (!R) return;
  const { api, TW, ATTR } = R;
  const STEP_TIMEOUT_MS = 10000; // for controls that should appear right away
  const ADMIN_TIMEOUT_MS = 30 * 60 * 1000; // for the admin's own click on a final button
  const REPORT_TIMEOUT_MS = 10000;
  const CHECKLIST_STYLE = {
    top: '72px', right: '12px', width: '340px', height: 'calc(100vh - 96px)', zIndex: '2147483646',
    border: '1px solid #dcdfe4', borderRadius: '8px', boxShadow: '0 4px 16px rgba(0,0,0,.18)',
  };
  let running = null; // AbortController from a stage's start until the core has answered its report
  let asked = 0; // handoff_next requests sent: only the latest one's answer may start a stage
  let highlighted = null;

  function mountChecklist(job, signal) {
    const existing = document.querySelector(`iframe[${ATTR}="checklist"]`);
    if (existing?.dataset.job === job) return;
    existing?.remove();
    R.mountFrame(`view=checklist&job=${encodeURIComponent(job)}`, 'checklist', api.i18n.getMessage('checklistFrameTitle'), CHECKLIST_STYLE, signal).dataset.job = job;
  }

  function clearHighlight() {
    if (highlighted) highlighted.style.outline = highlighted.dataset.twOutline ?? '';
    if (highlighted) highlighted.style.outlineOffset = '';
    highlighted = null;
  }

  const scopeOf = () => R.openDialog() ?? document;
  const nameOf = (el) => R.accessibleName(el).trim();
  const fail = (code, name = '', more = {}) => Promise.reject({ code, name, ...more });
  // Short texts with two numbers in the main content, e.g. "3 of 5 service accounts used".
  const quotaCandidates = () =>
    [...document.querySelectorAll('main p, main span, main div')]
      .filter((el) => el.children.length === 0 && /\d+\D{1,40}\d+/.test(el.textContent) && el.textContent.length < 120)
      .slice(0, 5)
      .map((el) => el.textContent.trim());
  const button = (names, ctx, scope = scopeOf) =>
    R.waitFor(() => R.findByRole('button', names, scope())[0], STEP_TIMEOUT_MS, { what: 'button', name: names[0] ?? '' }, ctx.signal);
  const field = (label, what, ctx, scope = null) =>
    R.waitFor(() => R.findField(label, scope ?? scopeOf()), STEP_TIMEOUT_MS, { what, name: label[0] ?? '' }, ctx.signal);

  // ---- the operations (see `Op` in src/handoff.rs); each returns a note or null ----

  const OPS = {
    async follow_link(op, ctx) {
      if (ctx.nextWaitPaths && R.pathIsOneOf(ctx.nextWaitPaths)) return { code: 'reached', skipNext: true };
      // The app draws its navigation after the document has loaded: wait for the link to be drawn
      // before taking the fallback URL (a full load; the next page resumes the job).
      const link = await R.waitFor(() => R.findByRole('link', op.names)[0], STEP_TIMEOUT_MS, { what: 'page' }, ctx.signal)
        .catch((e) => (e?.code === 'cancelled' ? Promise.reject(e) : null));
      if (!link) return location.assign(op.fallback_url), { code: 'navigated' };
      link.click();
      return { code: 'followed', name: nameOf(link) };
    },
    async wait_path(op, ctx) {
      const timeout = ctx.afterFinal ? ADMIN_TIMEOUT_MS : STEP_TIMEOUT_MS;
      await R.waitFor(() => R.pathIsOneOf(op.paths), timeout, { what: 'page' }, ctx.signal);
      return { code: 'reached' };
    },
    async open_existing(op, ctx) {
      const wanted = R.normalizeName(op.name);
      await R.waitFor(() => document.querySelector('main table, main [role="table"], main h1'), STEP_TIMEOUT_MS, { what: 'list' }, ctx.signal);
      const link = [...document.querySelectorAll('main a[href]')].find((a) => R.normalizeName(a.textContent) === wanted);
      if (!link) return null;
      link.click();
      ctx.skipRest = true;
      return { code: 'opened_existing', name: op.name };
    },
    async click(op, ctx) {
      const el = await button(op.names, ctx);
      if (el.disabled || el.getAttribute('aria-disabled') === 'true') return fail('disabled', nameOf(el));
      el.click();
      return { code: 'pressed', name: nameOf(el) };
    },
    async wait_dialog(op, ctx) {
      await R.waitFor(() => R.openDialog(), STEP_TIMEOUT_MS, { what: 'dialog' }, ctx.signal);
      return { code: 'dialog_open' };
    },
    async fill(op, ctx) {
      const el = await field(op.label, 'field', ctx);
      R.typeInto(el, op.value);
      return el.value === op.value ? { code: 'filled', name: op.label[0] } : fail('not_taken', op.label[0]);
    },
    async check(op, ctx) {
      const el = await field(op.label, 'option', ctx);
      if (!(el instanceof HTMLInputElement) || !/^(checkbox|radio)$/.test(el.type)) return fail('not_a_checkbox', op.label[0]);
      if (el.checked !== op.checked) el.click();
      if (el.checked !== op.checked) return fail('did_not_change', op.label[0]);
      return { code: op.checked ? 'ticked' : 'unticked', name: op.label[0] };
    },
    async set_scopes(op, ctx) {
      const dialog = await R.waitFor(() => R.openDialog(), STEP_TIMEOUT_MS, { what: 'scope_picker' }, ctx.signal);
      const search = await field(op.search, 'search_box', ctx, dialog);
      for (const scope of op.scopes) {
        R.typeInto(search, scope);
        const el = await R.waitFor(() => R.findField([R.normalizeLabel(scope)], dialog), STEP_TIMEOUT_MS, { what: 'scope', name: scope }, ctx.signal);
        if (!el.checked) el.click();
      }
      R.typeInto(search, '');
      await new Promise((r) => setTimeout(r, 50));
      // Untick anything else (Atlassian may pre-tick scopes), then verify the ticked set exactly.
      const labelOf = (el) => (el.labels?.[0]?.textContent ?? el.getAttribute('aria-label') ?? '').trim();
      const scopeBoxes = () => [...dialog.querySelectorAll('input[type="checkbox"]')].filter((el) => /^[a-z-]+:[a-z0-9:._-]+$/i.test(labelOf(el)));
      const extra = scopeBoxes().filter((el) => el.checked && !op.scopes.includes(labelOf(el)));
      extra.forEach((el) => el.click());
      const ticked = scopeBoxes().filter((el) => el.checked).map(labelOf).sort();
      const wanted = [...op.scopes].sort();
      if (ticked.join(' ') !== wanted.join(' ')) return fail('picker_mismatch', ticked.join(' '), { wanted: wanted.join(' ') });
      return { code: 'scopes_set', count: wanted.length, unticked: extra.length };
    },
    async final(op, ctx) {
      const el = await button(op.names, ctx);
      ctx.afterFinal = true;
      if (op.press) return el.click(), { code: 'pressed_allowed', name: nameOf(el) };
      el.dataset.twOutline = el.style.outline;
      el.style.outline = '3px solid #e56910';
      el.style.outlineOffset = '2px';
      highlighted = el;
      el.focus();
      return { code: 'waiting_for_click', name: nameOf(el) };
    },
    async await_secret(op, ctx) {
      // The one-time display is recognised by its copy button; its content is never read.
      await R.waitFor(() => R.findByRole('button', op.names, document)[0], ADMIN_TIMEOUT_MS, { what: 'credential' }, ctx.signal);
      ctx.created = true;
      return { code: 'created' };
    },
  };

  async function runStage(job, index, stage, signal) {
    const abort = new AbortController();
    running = abort;
    signal.addEventListener('abort', () => abort.abort(), { once: true });
    mountChecklist(job, signal);
    const ctx = { signal: abort.signal, afterFinal: false, skipRest: false, created: false, nextWaitPaths: null };
    const quotaBefore = quotaCandidates();
    const log = [];
    let error = null;
    for (let i = 0; i < stage.ops.length && !ctx.skipRest; i++) {
      const op = stage.ops[i];
      ctx.nextWaitPaths = stage.ops[i + 1]?.op === 'wait_path' ? stage.ops[i + 1].paths : null;
      try {
        const { skipNext, ...did } = (await OPS[op.op](op, ctx)) ?? {};
        if (did.code) log.push(did);
        if (did.code === 'navigated') return; // the page is reloading; the next page resumes the job
        if (skipNext) i++; // already on the page the next wait_path waits for
      } catch (e) {
        error = typeof e?.code === 'string' ? e : { code: 'unknown' };
        if (!e?.code) R.note('drive', e);
        break;
      }
    }
    clearHighlight();
    if (abort.signal.aborted) return;
    // Still `running` while the report is answered: a navigation meanwhile must not ask for (and
    // start) the next stage a second time; the answer to this report starts it.
    const report = { type: TW.content.handoff_report, job, stage: index, ok: !error, log, error, quota_lines: [...quotaBefore, ...quotaCandidates()], created: ctx.created };
    const reply = await R.ask(report, REPORT_TIMEOUT_MS);
    if (abort.signal.aborted || signal.aborted) return;
    mountChecklist(job, signal);
    if (reply?.ok && reply.stage && !reply.stopped && !reply.done) return runStage(job, reply.stage_index, reply.stage, signal);
    running = null;
  }

  async function onPage(signal) {
    if (running) return; // SPA navigation inside a running stage (wait_path handles it)
    const mine = ++asked;
    const reply = await R.ask({ type: TW.content.handoff_next, url: location.href, quota_lines: quotaCandidates() }, REPORT_TIMEOUT_MS);
    // A later navigation asked again: its answer, for the page we are on now, is the one that counts.
    if (!reply?.ok || !reply.job || signal.aborted || mine !== asked || running) return;
    mountChecklist(reply.job, signal);
    if (reply.stage) runStage(reply.job, reply.stage_index, reply.stage, signal);
  }

  let pageSignal = null;
  R.feature({
    name: 'handoff-driver',
    applies: (plan) => plan.handoff,
    enter(plan, signal) {
      pageSignal = signal;
      signal.addEventListener('abort', () => ((running = null), clearHighlight()), { once: true });
      // The drive reads links and the quota line: wait for the document (scripts start before it).
      if (document.readyState !== 'loading') onPage(signal);
      else document.addEventListener('DOMContentLoaded', () => onPage(signal), { once: true, signal });
    },
    navigated: () => pageSignal && document.readyState !== 'loading' && onPage(pageSignal),
    message(m) {
      if (m.action !== TW.action.cancel_handoff) return;
      running?.abort();
      running = null;
      clearHighlight();
      // Close a dialog the drive had opened: nothing is created until someone presses Create.
      R.pressEscape(R.openDialog());
      document.querySelector(`iframe[${ATTR}="checklist"]`)?.remove();
    },
  });
})();
