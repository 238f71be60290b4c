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
  const HEARTBEAT_MS = 15000; // handoff::HEARTBEAT_MS: the owner tab renews its lease while it drives
  const CHECKLIST_STYLE = {
    top: '72px', right: '12px', width: '340px', height: 'calc(100vh - 96px)', zIndex: '2147483646',
    border: '1px solid #dcdfe4', borderRadius: '8px', boxShadow: '0 4px 16px rgba(0,0,0,.18)',
  };
  let running = null; // AbortController from a stage's start until the core has answered its report
  let asked = 0; // handoff_next requests sent: only the latest one's answer may start a stage
  let highlighted = null;

  const CHECKLIST_WIDTH = 340;
  const MIN_DOCK_WIDTH = 240;
  /**
   * Keeps the checklist off the page's dialog (its Next and Create buttons must stay clickable): docked
   * beside the dialog on the side with more room, narrower if need be, or collapsed to a strip above
   * it when neither side has room.
   */
  function dock(frame) {
    const rect = R.openDialog()?.getBoundingClientRect();
    const place = { ...CHECKLIST_STYLE, left: 'auto' };
    if (rect && rect.width > 0) {
      const right = window.innerWidth - rect.right - 24;
      const left = rect.left - 24;
      if (Math.max(left, right) >= MIN_DOCK_WIDTH) {
        const room = Math.min(CHECKLIST_WIDTH, Math.max(left, right));
        Object.assign(place, right >= left ? { right: '12px', width: `${room}px` } : { right: 'auto', left: '12px', width: `${room}px` });
      } else {
        Object.assign(place, { top: '4px', height: `${Math.max(40, Math.min(120, rect.top - 8))}px` });
      }
    }
    for (const [k, v] of Object.entries(place)) if (frame.style[k] !== v) frame.style[k] = v;
  }

  function mountChecklist(job, signal, askOrg = null) {
    const existing = document.querySelector(`iframe[${ATTR}="checklist"]`);
    if (existing?.dataset.job === job && (existing.dataset.org ?? '') === (askOrg ?? '')) return;
    existing?.remove();
    // `org`: the job has none and the admin administers several; the checklist offers this page's.
    const org = askOrg ? `&org=${encodeURIComponent(askOrg)}` : '';
    const frame = R.mountFrame(`view=checklist&job=${encodeURIComponent(job)}${org}`, 'checklist', api.i18n.getMessage('checklistFrameTitle'), CHECKLIST_STYLE, signal);
    frame.dataset.job = job;
    if (askOrg) frame.dataset.org = askOrg;
    const stop = new AbortController();
    signal.addEventListener('abort', () => stop.abort(), { once: true });
    // Our own style changes are attribute mutations: watch the page's tree only, not attributes.
    R.observe(stop.signal, () => (frame.isConnected ? dock(frame) : stop.abort()));
    window.addEventListener('resize', () => dock(frame), { signal: stop.signal });
  }

  function clearHighlight() {
    if (highlighted) highlighted.style.outline = highlighted.dataset.twOutline ?? '';
    if (highlighted) highlighted.style.outlineOffset = '';
    highlighted = null;
  }

  const scopeOf = () => R.openDialog() ?? document;
  const nameOf = (el) => R.accessibleName(el).trim();
  const fail = (code, name = '', more = {}) => Promise.reject({ code, name, ...more });
  // Short texts with two numbers in the main content, e.g. "3 of 5 service accounts used". Nothing is
  // read while a dialog is open: it may be the one showing a secret.
  const quotaCandidates = () =>
    R.openDialog()
      ? []
      : [...document.querySelectorAll('main p, main span, main div')]
        .filter((el) => el.children.length === 0 && /\d+\D{1,40}\d+/.test(el.textContent) && el.textContent.length < 120)
        .slice(0, 5)
        .map((el) => el.textContent.trim());
  const isEnabled = (el) => !el.disabled && el.getAttribute('aria-disabled') !== 'true' && !el.closest('[inert]');
  // A button is found once it is drawn *and* enabled: apps disable their buttons while lists load.
  const button = (names, ctx, scope = scopeOf, timeout = STEP_TIMEOUT_MS) =>
    R.waitFor(() => R.findByRole('button', names, scope()).find(isEnabled), timeout, { what: 'button', name: names[0] ?? '' }, ctx.signal);
  const field = (label, what, ctx, scope = null) =>
    R.waitFor(() => R.findField(label, scope ?? scopeOf()), STEP_TIMEOUT_MS, { what, name: label[0] ?? '' }, ctx.signal);
  /** A list has finished loading: no busy or inert table, no progress bar in the main content. */
  const listSettled = () => {
    const main = document.querySelector('main') ?? document.body;
    return !main.querySelector('table[inert], [aria-busy="true"], [role="progressbar"]');
  };
  const tick = () => new Promise((r) => setTimeout(r, 0));
  const pressKey = (el, key) => el.dispatchEvent(new KeyboardEvent('keydown', { key, code: key, bubbles: true, cancelable: true }));
  /**
   * What a combobox (Select, DatePicker) shows: its accessible description (the rendered single value),
   * else the text of the nearest ancestor that has any (the value container). This is what React
   * rendered from its state, unlike the input's DOM value.
   */
  function renderedValue(input) {
    const ids = input.getAttribute('aria-describedby');
    const described = ids && ids.split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? '').join(' ').trim();
    return described || nearText(input);
  }
  /** An option of the open listbox (often portalled to the body) whose name is one of `names`. */
  const optionNamed = (input, names) => {
    const listbox = document.getElementById(input.getAttribute('aria-controls') ?? '') ?? document;
    return [...listbox.querySelectorAll('[role="option"]')].find((o) => R.isVisible(o) && names.includes(R.normalizeName(o.textContent)));
  };
  /**
   * The Select strategy: open, pick the option named one of `names` (typing each name in turn to filter
   * a long list, since we do not know which language the page writes), then check what the control
   * renders.
   */
  async function pickOption(input, names, ctx) {
    if (names.includes(R.normalizeName(renderedValue(input)))) return true;
    input.focus();
    pressKey(input, 'ArrowDown'); // opens the menu with every option
    await tick();
    let typed = -1;
    const option = await R.waitFor(() => {
      const found = optionNamed(input, names);
      if (!found) R.typeInto(input, names[(typed = (typed + 1) % names.length)]);
      return found;
    }, STEP_TIMEOUT_MS, { what: 'option', name: names[0] }, ctx.signal);
    option.click();
    await tick();
    return R.waitFor(() => names.includes(R.normalizeName(renderedValue(input))), 2000, { what: 'option', name: names[0] }, ctx.signal).catch(() => false);
  }
  /** The text next to a combobox's input: what its value container renders. */
  function nearText(input) {
    let el = input.parentElement;
    for (let i = 0; el && i < 3 && !el.textContent.trim(); i++) el = el.parentElement;
    return (el?.textContent ?? '').trim();
  }
  /** The date a control shows, as YYYY-MM-DD when it reads as one (ISO text or a date the locale writes). */
  function shownDate(text) {
    const iso = text.match(/\d{4}-\d{2}-\d{2}/)?.[0];
    if (iso) return iso;
    const ms = Date.parse(text);
    if (!Number.isFinite(ms)) return null;
    const d = new Date(ms);
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  }

  // ---- the operations (see `Op` in src/handoff.rs); each returns a note or null ----

  const linkNamed = (name) => {
    const wanted = R.normalizeName(name);
    return [...document.querySelectorAll('main a[href]')].find((a) => R.normalizeName(a.textContent) === wanted && R.isVisible(a));
  };

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
      // Only a loaded list can say an account is missing: wait for its create button to be enabled
      // (apps disable it while loading) and for no table to be busy.
      await button(op.ready, ctx, () => document);
      await R.waitFor(listSettled, STEP_TIMEOUT_MS, { what: 'list' }, ctx.signal);
      const link = linkNamed(op.name);
      if (!link) return null;
      link.click();
      ctx.skipRest = true;
      return { code: 'opened_existing', name: op.name };
    },
    async go_to_account(op, ctx) {
      if (R.pathIsOneOf(op.detail_paths)) return null;
      if (!R.pathIsOneOf(op.list_paths)) {
        const nav = await R.waitFor(() => R.findByRole('link', op.nav)[0], STEP_TIMEOUT_MS, { what: 'page' }, ctx.signal);
        nav.click();
        await R.waitFor(() => R.pathIsOneOf(op.list_paths), STEP_TIMEOUT_MS, { what: 'page' }, ctx.signal);
      }
      await button(op.ready, ctx, () => document);
      await R.waitFor(listSettled, STEP_TIMEOUT_MS, { what: 'list' }, ctx.signal);
      const link = await R.waitFor(() => linkNamed(op.name), STEP_TIMEOUT_MS, { what: 'list', name: op.name }, ctx.signal);
      link.click();
      return { code: 'followed', name: op.name };
    },
    async open_created(op, ctx) {
      // The app either moves to the new account's page or shows it in the reloaded list.
      const found = await R.waitFor(() => R.pathIsOneOf(ctx.nextWaitPaths ?? []) || (!R.openDialog() && listSettled() && linkNamed(op.name)),
        ctx.afterFinal ? ADMIN_TIMEOUT_MS : STEP_TIMEOUT_MS, { what: 'list', name: op.name }, ctx.signal);
      if (found === true) return { code: 'reached', skipNext: true };
      found.click();
      return { code: 'followed', name: op.name };
    },
    async credential_listed(op, ctx) {
      await button(op.ready, ctx, () => document);
      await R.waitFor(listSettled, STEP_TIMEOUT_MS, { what: 'list' }, ctx.signal);
      const wanted = R.normalizeName(op.name);
      const cell = [...document.querySelectorAll('main td, main [role="cell"], main [role="gridcell"]')].find((c) => R.normalizeName(R.ownText(c)) === wanted);
      if (!cell) return null;
      ctx.skipRest = true;
      ctx.created = true;
      return { code: 'credential_exists', name: op.name };
    },
    async click(op, ctx) {
      const el = await button(op.names, ctx).catch((e) => {
        // Drawn but never enabled says more than "not found".
        const drawn = e?.code === 'not_found' && R.findByRole('button', op.names, scopeOf())[0];
        return Promise.reject(drawn ? { code: 'disabled', name: nameOf(drawn) } : e);
      });
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
    async set_role(op, ctx) {
      const dialog = scopeOf();
      // A Select labelled with the app's name, or else a checkbox named "App: Role".
      const found = await R.waitFor(() => {
        const select = R.findField(op.app, dialog);
        if (select?.getAttribute('role') === 'combobox') return { select };
        const box = R.findField(op.checkbox, dialog);
        return box ? { box } : null;
      }, STEP_TIMEOUT_MS, { what: 'option', name: op.checkbox[0] ?? '' }, ctx.signal);
      if (found.box) return OPS.check({ label: op.checkbox, checked: true }, ctx);
      // Type the role's name as the page writes it: the first of `role` that an option shows.
      if (!(await pickOption(found.select, op.role, ctx))) return fail('not_taken', op.app[0]);
      return { code: 'role_set', name: `${op.app[0]}: ${renderedValue(found.select)}` };
    },
    async set_date(op, ctx) {
      const el = await field(op.label, 'field', ctx);
      if (el.getAttribute('role') === 'combobox') {
        // DatePicker: type the date and press Enter; then read what the control renders.
        el.focus();
        R.typeInto(el, op.value);
        await tick();
        pressKey(el, 'Enter');
        const ok = await R.waitFor(() => (shownDate(renderedValue(el)) ?? shownDate(nearText(el))) === op.value, 2000, {}, ctx.signal).catch(() => false);
        return ok ? { code: 'date_set', name: op.label[0] } : fail('not_taken', op.label[0]);
      }
      R.typeInto(el, op.value);
      await tick();
      // A controlled input that React did not take snaps back on its next render.
      return el.value === op.value ? { code: 'date_set', name: op.label[0] } : fail('not_taken', op.label[0]);
    },
    async set_scopes(op, ctx) {
      const dialog = await R.waitFor(() => R.openDialog(), STEP_TIMEOUT_MS, { what: 'scope_picker' }, ctx.signal);
      const labelOf = (el) => R.normalizeLabel(el.labels?.[0]?.textContent ?? el.getAttribute('aria-label') ?? '');
      const scopeBoxes = () => [...dialog.querySelectorAll('input[type="checkbox"]')].filter((el) => /^[a-z-]+:[a-z0-9:._-]+$/i.test(labelOf(el)));
      await R.waitFor(() => scopeBoxes().length, STEP_TIMEOUT_MS, { what: 'scope_picker' }, ctx.signal);
      // A search box is optional: some pickers list every scope, grouped by product.
      const search = R.findField(op.search, dialog);
      // One scope may be listed under several products (Jira and Jira Service Management): one box of
      // each label is enough, and ticking a second copy would untick the first.
      const boxFor = (scope) => scopeBoxes().find((el) => labelOf(el) === scope);
      for (const scope of op.scopes) {
        if (search) R.typeInto(search, scope);
        const el = await R.waitFor(() => boxFor(scope), STEP_TIMEOUT_MS, { what: 'scope', name: scope }, ctx.signal);
        if (!el.checked) el.click();
        await tick();
      }
      if (search) R.typeInto(search, '');
      await tick();
      // Untick anything else (Atlassian may pre-tick scopes), once per distinct label.
      const extra = [...new Set(scopeBoxes().filter((el) => el.checked && !op.scopes.includes(labelOf(el))).map(labelOf))];
      for (const scope of extra) boxFor(scope)?.click(), await tick();
      const ticked = [...new Set(scopeBoxes().filter((el) => el.checked).map(labelOf))].sort();
      const wanted = [...new Set(op.scopes)].sort();
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
    // While this tab drives (and waits for the admin), its lease is renewed; a crashed tab stops.
    const beat = setInterval(() => R.ask({ type: TW.content.handoff_heartbeat, job }), HEARTBEAT_MS);
    abort.signal.addEventListener('abort', () => clearInterval(beat), { once: true });
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
    clearInterval(beat);
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
    mountChecklist(reply.job, signal, reply.ask_org);
    if (reply.stage) runStage(reply.job, reply.stage_index, reply.stage, signal);
    // Waiting for the admin to pick the org in the checklist: ask again until they have.
    else if (reply.ask_org) setTimeout(() => signal.aborted || running || mine !== asked || onPage(signal), 2000);
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
