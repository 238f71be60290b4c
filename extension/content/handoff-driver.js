// Token Warden on admin.atlassian.com: drives a service-account hand-off job the way an admin would.
//
// The Rust core decides the flow (stages of small operations: follow a link by name, fill a field by
// label, tick a box, stop at the final button); this script only performs them and reports back. It
// never presses a final "Create" unless settings allow it, never clicks anything it is unsure of, and
// never reads the secret Atlassian shows: it only notices that the one-time display is there and puts
// its checklist beside it. When the page does not match, it stops and the checklist takes over.
(() => {
  'use strict';

  const api = globalThis.browser ?? globalThis.chrome;
  const TW = globalThis.TokenWardenProtocol; // generated from src/protocol.rs
  const P = globalThis.TokenWardenPage;
  const ATTR = 'data-token-warden';
  const STEP_TIMEOUT_MS = 10000; // for controls that should appear right away
  const ADMIN_TIMEOUT_MS = 30 * 60 * 1000; // for the admin's own click on a final button
  if (!P || location.hostname !== 'admin.atlassian.com' || document.documentElement.hasAttribute(`${ATTR}-handoff`)) return;
  document.documentElement.setAttribute(`${ATTR}-handoff`, '');

  let running = null; // {job, abort} while a stage runs
  let lastUrl = null;
  let highlighted = null;

  function ask(message) {
    return api.runtime.sendMessage(message).catch((error) => ({ ok: false, error: String(error?.message ?? error) }));
  }

  function mountChecklist(job) {
    const existing = document.querySelector(`iframe[${ATTR}="checklist"]`);
    if (existing?.dataset.job === job) return;
    existing?.remove();
    const frame = document.createElement('iframe');
    frame.src = api.runtime.getURL(`panel.html?view=checklist&job=${encodeURIComponent(job)}`);
    frame.title = api.i18n.getMessage('checklistFrameTitle');
    frame.setAttribute(ATTR, 'checklist');
    frame.setAttribute('allow', 'clipboard-write');
    frame.dataset.job = job;
    Object.assign(frame.style, {
      position: 'fixed', top: '72px', right: '12px', width: '340px', height: 'calc(100vh - 96px)',
      border: '1px solid #dcdfe4', borderRadius: '8px', zIndex: '2147483646', background: 'transparent',
      colorScheme: 'normal', boxShadow: '0 4px 16px rgba(0,0,0,.18)',
    });
    document.documentElement.append(frame);
  }

  function clearHighlight() {
    if (highlighted) {
      highlighted.style.outline = highlighted.dataset.twOutline ?? '';
      highlighted.style.outlineOffset = '';
      highlighted = null;
    }
  }

  function scopeOf() {
    return P.openDialog() ?? document;
  }

  function quotaCandidates() {
    // Short texts with two numbers near the top of the main content, e.g. "3 of 5 service accounts used".
    return [...document.querySelectorAll('main p, main span, main div')]
      .filter((el) => el.children.length === 0 && /\d+\D{1,40}\d+/.test(el.textContent) && el.textContent.length < 120)
      .slice(0, 5)
      .map((el) => el.textContent.trim());
  }

  // ---- the operations (see `Op` in src/handoff.rs) ----

  const OPS = {
    async follow_link(op, ctx) {
      if (ctx.nextWaitPaths && P.pathIsOneOf(ctx.nextWaitPaths)) return 'already there';
      const link = P.findByRole('link', op.names)[0];
      if (link) {
        link.click();
        return `followed the "${P.accessibleName(link).trim()}" link`;
      }
      location.assign(op.fallback_url); // a full load: the job resumes on the next page
      return 'navigated';
    },
    async wait_path(op, ctx) {
      const timeout = ctx.afterFinal ? ADMIN_TIMEOUT_MS : STEP_TIMEOUT_MS;
      await P.waitFor(() => P.pathIsOneOf(op.paths), timeout, 'the expected page', ctx.signal);
      return `reached ${location.pathname}`;
    },
    async open_existing(op, ctx) {
      const wanted = P.normalizeName(op.name);
      await P.waitFor(() => document.querySelector('main table, main [role="table"], main h1'), STEP_TIMEOUT_MS, 'the list', ctx.signal);
      const link = [...document.querySelectorAll('main a[href]')].find((a) => P.normalizeName(a.textContent) === wanted);
      if (!link) return null;
      link.click();
      ctx.skipRest = true;
      return `"${op.name}" already exists: opened it instead of creating a duplicate`;
    },
    async click(op, ctx) {
      const el = await P.waitFor(() => P.findByRole('button', op.names.length ? op.names : [], scopeOf())[0], STEP_TIMEOUT_MS, `button ${op.names[0]}`, ctx.signal);
      if (el.disabled || el.getAttribute('aria-disabled') === 'true') throw new Error(`button ${op.names[0]} is disabled`);
      el.click();
      return `pressed "${P.accessibleName(el).trim()}"`;
    },
    async wait_dialog(op, ctx) {
      await P.waitFor(() => P.openDialog(), STEP_TIMEOUT_MS, 'the dialog', ctx.signal);
      return 'dialog open';
    },
    async fill(op, ctx) {
      const el = await P.waitFor(() => P.findField(op.label.length ? op.label : [], scopeOf()), STEP_TIMEOUT_MS, `field ${op.label[0]}`, ctx.signal);
      P.typeInto(el, op.value);
      if (el.value !== op.value) throw new Error(`field ${op.label[0]} did not take the value`);
      return `filled "${op.label[0]}"`;
    },
    async check(op, ctx) {
      const el = await P.waitFor(() => P.findField(op.label, scopeOf()), STEP_TIMEOUT_MS, `option ${op.label[0]}`, ctx.signal);
      if (!(el instanceof HTMLInputElement) || !/^(checkbox|radio)$/.test(el.type)) throw new Error(`${op.label[0]} is not a checkbox`);
      if (el.checked !== op.checked) el.click();
      if (el.checked !== op.checked) throw new Error(`${op.label[0]} did not change`);
      return `${op.checked ? 'ticked' : 'unticked'} "${op.label[0]}"`;
    },
    async set_scopes(op, ctx) {
      const dialog = await P.waitFor(() => P.openDialog(), STEP_TIMEOUT_MS, 'the scope picker', ctx.signal);
      const search = await P.waitFor(() => P.findField(op.search, dialog), STEP_TIMEOUT_MS, 'the scope search box', ctx.signal);
      const box = (scope) => P.findField([P.normalizeLabel(scope)], dialog);
      for (const scope of op.scopes) {
        P.typeInto(search, scope);
        const el = await P.waitFor(() => box(scope), STEP_TIMEOUT_MS, `scope ${scope} in the picker`, ctx.signal);
        if (!el.checked) el.click();
      }
      P.typeInto(search, '');
      await new Promise((r) => setTimeout(r, 50));
      // Untick anything else (Atlassian may pre-tick scopes), then verify the ticked set exactly.
      const scopeBoxes = () =>
        [...dialog.querySelectorAll('input[type="checkbox"]')].filter((el) => {
          const label = el.labels?.[0]?.textContent ?? el.getAttribute('aria-label') ?? '';
          return /^[a-z-]+:[a-z0-9:._-]+$/i.test(label.trim());
        });
      const labelOf = (el) => (el.labels?.[0]?.textContent ?? el.getAttribute('aria-label') ?? '').trim();
      let unticked = 0;
      for (const el of scopeBoxes()) {
        if (el.checked && !op.scopes.includes(labelOf(el))) {
          el.click();
          unticked++;
        }
      }
      const ticked = scopeBoxes().filter((el) => el.checked).map(labelOf).sort();
      const wanted = [...op.scopes].sort();
      if (JSON.stringify(ticked) !== JSON.stringify(wanted)) {
        throw new Error(`the picker holds ${ticked.join(' ')} instead of ${wanted.join(' ')}`);
      }
      return `ticked exactly ${wanted.length} scopes${unticked ? `, unticked ${unticked} pre-ticked` : ''}`;
    },
    async final(op, ctx) {
      const el = await P.waitFor(() => P.findByRole('button', op.names, scopeOf())[0], STEP_TIMEOUT_MS, `button ${op.names[0]}`, ctx.signal);
      ctx.afterFinal = true;
      if (op.press) {
        el.click();
        return `pressed "${P.accessibleName(el).trim()}" (allowed in settings)`;
      }
      el.dataset.twOutline = el.style.outline;
      el.style.outline = '3px solid #e56910';
      el.style.outlineOffset = '2px';
      highlighted = el;
      el.focus();
      return `waiting for your click on "${P.accessibleName(el).trim()}"`;
    },
    async await_secret(op, ctx) {
      // The one-time display is recognised by its copy button; its content is never read.
      await P.waitFor(() => P.findByRole('button', op.names, document)[0], ADMIN_TIMEOUT_MS, 'the new credential', ctx.signal);
      ctx.created = true;
      return 'credential created';
    },
  };

  async function runStage(job, index, stage) {
    const abort = new AbortController();
    running = { job, abort };
    mountChecklist(job);
    const ctx = { signal: abort.signal, afterFinal: false, skipRest: false, created: false, nextWaitPaths: null, quotaLines: quotaCandidates() };
    const log = [];
    let error = '';
    for (let i = 0; i < stage.ops.length && !ctx.skipRest; i++) {
      const op = stage.ops[i];
      ctx.nextWaitPaths = stage.ops[i + 1]?.op === 'wait_path' ? stage.ops[i + 1].paths : null;
      try {
        const did = await OPS[op.op](op, ctx);
        if (did) log.push(did);
        if (did === 'navigated') return; // the page is reloading; the next page resumes the job
        if (did === 'already there') i++; // skip the wait_path too
      } catch (e) {
        error = String(e?.message ?? e);
        break;
      }
    }
    clearHighlight();
    if (abort.signal.aborted) return;
    running = null;
    const reply = await ask({
      type: TW.content.handoff_report, job, stage: index, ok: !error, log, error,
      quota_lines: [...ctx.quotaLines, ...quotaCandidates()], created: ctx.created,
    });
    mountChecklist(job);
    if (reply?.ok && reply.stage && !reply.stopped && !reply.done) runStage(job, reply.stage_index, reply.stage);
  }

  async function onPage() {
    if (running) return; // SPA navigation inside a running stage (wait_path handles it)
    const reply = await ask({ type: TW.content.handoff_next, url: location.href, quota_lines: quotaCandidates() });
    if (!reply?.ok || !reply.job) return;
    mountChecklist(reply.job);
    if (reply.stage) runStage(reply.job, reply.stage_index, reply.stage);
  }

  api.runtime.onMessage.addListener((message) => {
    if (message?.type === TW.tabMessage && message.action === TW.action.cancel_handoff) {
      running?.abort.abort();
      running = null;
      clearHighlight();
      // Close a dialog the drive had opened: nothing is created until someone presses Create.
      P.openDialog()?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', code: 'Escape', bubbles: true }));
      document.querySelector(`iframe[${ATTR}="checklist"]`)?.remove();
    }
  });

  const onUrl = () => {
    if (location.href === lastUrl) return;
    lastUrl = location.href;
    onPage().catch(() => {});
  };
  setInterval(onUrl, 500);
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', onUrl, { once: true });
  else onUrl();
})();
