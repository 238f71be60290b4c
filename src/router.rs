//! The background's router: each request goes to the module that decides it, one short arm per
//! request. The types on the wire are in `protocol`; the decisions live in `guard` (attempts and
//! choices), `handoff` (jobs, the drive, the checklist), `insights` (table marks) and `reporting`
//! (enterprise reports). The router only loads what a decision needs from the state and stores
//! what it returns.
//!
//! The web layer loads the state, settings and policy, passes the clock in, and does the browser
//! chores a reply asks for (relay an action to the tab, open a URL).

use crate::atlassian::admin;
use crate::atlassian::limits::CredentialKind;
use crate::atlassian::pages;
use crate::guard::{self, Choice, PanelModel, TabAction, Use};
use crate::handoff::{self, HandoffJob, StageReport};
use crate::insights;
use crate::plan;
use crate::policy::{Effective, Feature};
use crate::protocol::{
    self, ContentReply, ContentRequest, PageReply, PageRequest, ProtocolError, Reply, Request,
    Sender,
};
use crate::reporting;
use crate::state::CoreState;

/// What the web layer passes in with each request: the clock, the effective settings, and values
/// only the browser can produce.
#[derive(Debug, Clone)]
pub struct Env {
    pub now_ms: f64,
    pub settings: Effective,
    /// The logged-in person's email (for the owner in a job description), when known.
    pub owner: String,
    /// A fresh random id for a job this request may create.
    pub fresh_id: String,
    /// The person's Atlassian account id, fetched only when policy wants it in reports.
    pub account_id: String,
    /// The browser tab a content script's message came from (`sender.tab.id`), and the ids of the
    /// tabs open now: a job's lease is held by one tab, and void once that tab is closed.
    pub tab: Option<i64>,
    pub open_tabs: Vec<i64>,
}

impl Env {
    /// Whether policy left a feature on.
    fn enabled(&self, feature: Feature) -> bool {
        !self.settings.settings.disabled_features.contains(&feature)
    }
}

/// Whether a request needs the open tabs (a job's lease is void once its tab is closed).
pub fn needs_tabs(request: &Request) -> bool {
    matches!(
        request,
        Request::Content(
            ContentRequest::HandoffNext { .. }
                | ContentRequest::HandoffReport { .. }
                | ContentRequest::HandoffHeartbeat { .. }
        )
    )
}

/// Whether a request needs the person's identity (the web layer fetches it only then).
pub fn needs_owner(request: &Request) -> bool {
    matches!(
        request,
        Request::Page(
            PageRequest::PanelChoice {
                choice: Choice::ServiceAccount,
                ..
            } | PageRequest::PanelModel { .. }
        ) | Request::Content(ContentRequest::Migrate { .. })
    )
}

/// Whether a request may produce a report that carries the account id (the web layer fetches it then).
pub fn needs_account_id(request: &Request, settings: &crate::policy::Settings) -> bool {
    settings.report_account_id
        && !settings.report_url.is_empty()
        && matches!(request, Request::Page(PageRequest::PanelChoice { .. }))
}

/// Answers one request, updating the state.
pub fn handle(request: Request, state: &mut CoreState, env: &Env) -> Result<Reply, ProtocolError> {
    state.jobs.retain(|j| !j.is_expired(env.now_ms));
    state.offers.retain(|o| !o.job.is_expired(env.now_ms));
    let reply = match request {
        Request::Content(r) => content(r, state, env).map(Reply::Content),
        Request::Page(r) => page(r, state, env).map(Reply::Page),
    };
    state.prune();
    reply
}

fn content(
    request: ContentRequest,
    state: &mut CoreState,
    env: &Env,
) -> Result<ContentReply, ProtocolError> {
    let settings = &env.settings.settings;
    Ok(match request {
        ContentRequest::Ping {} => ContentReply::Pong {
            version: crate::VERSION.into(),
        },
        ContentRequest::PageFacts { url } => {
            let page = pages::classify(&url);
            let org_id = pages::org_id_from_url(&url);
            state.learn_org(org_id.as_ref());
            let plan = page.and_then(|kind| plan::page_plan(settings.guard_mode, kind));
            ContentReply::Page {
                page,
                org_id,
                mode: settings.guard_mode,
                plan,
            }
        }
        ContentRequest::PreparePanel { url } => {
            if !guard::holds_attempts(settings.guard_mode)
                || pages::classify(&url) != Some(pages::PageKind::ApiTokens)
            {
                return Ok(ContentReply::Ignore);
            }
            let key = env.fresh_id.clone();
            let attempt = state.attempts.prepare(env.now_ms, &key);
            state.attempts.set_app(attempt, pages::prefill_app(&url));
            ContentReply::PanelPrepared { attempt, key }
        }
        ContentRequest::GuardTriggered {
            url,
            control,
            label,
            prepared,
        } => {
            if !guard::holds_attempts(settings.guard_mode)
                || pages::classify(&url) != Some(pages::PageKind::ApiTokens)
            {
                return Ok(ContentReply::Ignore);
            }
            state.record.count_seen();
            // The panel the content script prepared is armed when it is still known (its frame has
            // the key already); otherwise (evicted, or the worker's state was reset) a new attempt
            // is held and a fresh panel mounted, as without preparing.
            if let Some(attempt) = (prepared != 0)
                .then(|| state.attempts.arm(prepared, &control, &label, env.now_ms))
                .flatten()
            {
                let key = state
                    .attempts
                    .find(attempt)
                    .map(|a| a.key.clone())
                    .unwrap_or_default();
                state.attempts.set_app(attempt, pages::prefill_app(&url));
                return Ok(ContentReply::ShowPanel { attempt, key });
            }
            let key = env.fresh_id.clone();
            let attempt = state.attempts.hold(&control, &label, env.now_ms, &key);
            state.attempts.set_app(attempt, pages::prefill_app(&url));
            ContentReply::ShowPanel { attempt, key }
        }
        ContentRequest::TokenRows { rows } => {
            let (integration, stale) =
                insights::mark_token_rows(&rows, env.now_ms, env.enabled(Feature::MigrationLinks));
            ContentReply::TokenMarks { integration, stale }
        }
        ContentRequest::Migrate { label, scopes } => {
            // An in-page link (a page script could have drawn or clicked it): it only opens the
            // consent view. The job is made by the admin's click there (`OfferAccept`).
            if !env.enabled(Feature::MigrationLinks) {
                return Ok(ContentReply::Ignore);
            }
            let model = panel_model(state, env, "migration", &label);
            let mut job = guard::handoff_job(guard::JobInput {
                id: env.fresh_id.clone(),
                now_ms: env.now_ms,
                source: handoff::Source::Migration,
                orgs: &model.orgs,
                name_hint: &label,
                owner: &env.owner,
                answer: &Use::SomethingElse,
                model: &model,
            });
            if !scopes.is_empty() {
                job.scopes = scopes.into_iter().take(100).collect();
            }
            job.expires_ms = env.now_ms + crate::state::OFFER_LIFETIME_MS;
            let offer = job.id.clone();
            state.offers.retain(|o| o.job.id != offer);
            state.offers.push(crate::state::Offer { job, shown: false });
            ContentReply::ShowOffer { offer }
        }
        ContentRequest::ActivityRows { rows } => ContentReply::ActivityMarks {
            marks: insights::mark_activity_rows(
                &rows,
                env.now_ms,
                env.enabled(Feature::MigrationLinks),
            ),
            scopes: insights::activity_scopes(&rows),
        },
        ContentRequest::ServiceAccountRows { rows } => ContentReply::ServiceAccountMarks {
            unowned: insights::unowned_service_accounts(&rows),
        },
        ContentRequest::TableNotRecognised { table, headers } => {
            insights::note_unrecognised_table(
                &mut state.unrecognised_tables,
                &table,
                &headers,
                env.now_ms,
            )
            .map_err(ProtocolError::new)?;
            ContentReply::Noted
        }
        ContentRequest::HandoffNext { url, quota_lines } => {
            let quota = quota_lines.iter().find_map(|l| admin::read_quota(l));
            if quota.is_some() {
                state.quota = quota;
            }
            let nothing = ContentReply::Handoff {
                job: None,
                stage_index: 0,
                stage: None,
                stopped: false,
                done: false,
                ask_org: None,
            };
            if !env.enabled(Feature::AdminHelper) {
                return Ok(nothing);
            }
            let org = pages::org_id_from_url(&url);
            state.learn_org(org.as_ref());
            let several_orgs = panel_model(state, env, "handoff", "").orgs.len() > 1;
            // One job drives per org at a time: while another job of this org has a live owner tab
            // (not this one), this tab only shows its own job.
            let busy: Vec<String> = state
                .jobs
                .iter()
                .filter(|j| !j.progress.done && j.org_id.is_some() && j.org_id == org)
                .filter(|j| {
                    j.lease_holder(&env.open_tabs, env.now_ms)
                        .is_some_and(|t| Some(t) != env.tab)
                })
                .map(|j| j.id.clone())
                .collect();
            let Some(job) = active_job(state, org.as_deref()) else {
                return Ok(nothing);
            };
            // A job without an org, when the admin administers several: the admin picks, in the
            // checklist; the first admin tab of whichever org never takes it by itself.
            if job.org_id.is_none() && several_orgs && org.is_some() {
                let mut reply = handoff_reply(job, None);
                if let ContentReply::Handoff { ask_org, .. } = &mut reply {
                    *ask_org = org;
                }
                return Ok(reply);
            }
            if !busy.is_empty() && !busy.contains(&job.id) {
                return Ok(handoff_reply(job, None));
            }
            // One owner tab per job: another live tab's lease means this tab only shows the job.
            if !job.claim(env.tab, &env.open_tabs, env.now_ms) {
                return Ok(handoff_reply(job, None));
            }
            if job.org_id.is_none() {
                job.org_id = org.clone();
            }
            if quota.is_some() {
                job.progress.quota = quota;
            }
            let stage =
                handoff::next_stage(job, settings.allow_final_click, env.now_ms, org.is_some());
            handoff_reply(job, stage)
        }
        ContentRequest::HandoffHeartbeat { job } => {
            let j = find_job(state, &job)?;
            // Renews the owner's lease only; any other tab changes nothing.
            if j.lease_holder(&env.open_tabs, env.now_ms) == env.tab {
                j.claim(env.tab, &env.open_tabs, env.now_ms);
            }
            handoff_reply(j, None)
        }
        ContentRequest::HandoffReport {
            job,
            stage,
            ok,
            log,
            error,
            quota_lines,
            created,
        } => {
            let press = settings.allow_final_click;
            let j = find_job(state, &job)?;
            // A report from a tab that does not hold the lease (a stale second tab) changes nothing.
            if !j.claim(env.tab, &env.open_tabs, env.now_ms) {
                return Ok(handoff_reply(j, None));
            }
            let total = handoff::stages(j, press, env.now_ms).len();
            j.progress.record_report(
                StageReport {
                    stage,
                    ok,
                    log,
                    error,
                    quota: quota_lines.iter().find_map(|l| admin::read_quota(l)),
                    created,
                },
                total,
            );
            let next = handoff::next_stage(j, press, env.now_ms, true);
            handoff_reply(j, next)
        }
    })
}

fn page(
    request: PageRequest,
    state: &mut CoreState,
    env: &Env,
) -> Result<PageReply, ProtocolError> {
    let settings = &env.settings.settings;
    Ok(match request {
        PageRequest::Ping {} => PageReply::Pong {
            version: crate::VERSION.into(),
        },
        PageRequest::PanelModel { attempt, key } => {
            let pending = admit_attempt(state, attempt, &key, true)?;
            let mut model = guard::for_app(
                panel_model(state, env, &pending.control, &pending.label),
                pending.app,
            );
            model.attempt = attempt;
            model.owner = env.owner.clone();
            PageReply::PanelModel {
                model: guard::with_advice(model, env.now_ms),
            }
        }
        PageRequest::PanelChoice {
            attempt,
            key,
            choice,
            answer,
            name,
            reason,
            org,
        } => {
            // Only an attempt a person's click armed can be decided: a prepared panel is hidden.
            let pending = admit_attempt(state, attempt, &key, false)?;
            if !pending.armed {
                return Err(ProtocolError::new(format!("unknown attempt {attempt}")));
            }
            let answer = answer.unwrap_or(Use::SomethingElse);
            let Some(chosen) =
                guard::choose(choice, settings.guard_mode, &answer, &reason, env.now_ms)
            else {
                return Ok(choice_reply(attempt, None, None, true, None));
            };
            state.attempts.forget(attempt);
            if let Some(event) = reporting::event_for(
                chosen.outcome,
                &chosen.reason,
                env.now_ms,
                settings,
                &state.known_orgs,
                &env.account_id,
            ) {
                reporting::enqueue(&mut state.report_queue, &event, env.now_ms);
            }
            state.record.add(chosen.entry);
            let (open_url, job) = if chosen.starts_job {
                let mut model = panel_model(state, env, &pending.control, &pending.label);
                if model.orgs.contains(&org) {
                    model.orgs = vec![org];
                }
                let hint = if name.trim().is_empty() {
                    pending.label.clone()
                } else {
                    name
                };
                let source = handoff::Source::Guard;
                let (url, id) = start_job(state, env, source, &hint, &answer, &model);
                (Some(url), Some(id))
            } else {
                (None, None)
            };
            choice_reply(attempt, Some(chosen.action), open_url, false, job)
        }
        PageRequest::PopupModel { url } => PageReply::Popup {
            version: crate::VERSION.into(),
            page: pages::classify(&url),
            record: state.record.clone(),
            orgs: state.known_orgs.clone(),
            pending_jobs: state.jobs.len(),
            settings: Box::new(env.settings.clone()),
            org_id: pages::org_id_from_url(&url),
            quota: state.quota,
            quota_warning: state.quota.and_then(|(used, _)| {
                handoff::quota_warning(used, settings.plan.service_account_limit())
            }),
            templates: guard::panel_model(0, "popup", "", settings, &[]).uses,
        },
        PageRequest::SettingsModel {} => PageReply::Settings {
            effective: Box::new(env.settings.clone()),
        },
        PageRequest::Diagnostics { clear } => {
            if clear {
                state.unrecognised_tables.clear();
            }
            PageReply::Diagnostics {
                unrecognised_tables: state.unrecognised_tables.clone(),
            }
        }
        PageRequest::HandoffModel { job } => {
            let j = find_job(state, &job)?;
            let limit = settings.plan.service_account_limit();
            PageReply::Checklist {
                model: Box::new(handoff::checklist_model(
                    j,
                    settings.allow_final_click,
                    limit,
                    env.now_ms,
                )),
            }
        }
        PageRequest::PopupJob {
            template,
            credential,
        } => {
            let Some(t) = crate::scopes::templates::find(&template) else {
                return Err(ProtocolError::new(format!("unknown template {template}")));
            };
            let model = panel_model(state, env, "popup", "");
            let answer = Use::Template(t.id.to_string());
            let (open_url, job) =
                start_job(state, env, handoff::Source::Popup, "", &answer, &model);
            // The popup lists templates, not what will be created: its click is no consent to press
            // Atlassian's final buttons, which wait for the admin's own click.
            if let Some(j) = state.jobs.iter_mut().find(|j| j.id == job) {
                j.consented = false;
            }
            if credential == Some(CredentialKind::ServiceAccountOauth) {
                if let Some(j) = state.jobs.iter_mut().find(|j| j.id == job) {
                    j.credential = CredentialKind::ServiceAccountOauth;
                }
            }
            PageReply::Open { open_url, job }
        }
        PageRequest::OfferModel { offer } => {
            let o = find_offer(state, &offer)?;
            if o.shown {
                return Err(ProtocolError::new(format!("unknown offer {offer}")));
            }
            o.shown = true;
            let job = o.job.clone();
            let model = panel_model(state, env, "migration", "");
            PageReply::Consent {
                model: Box::new(guard::consent(&job, &model, env.now_ms)),
            }
        }
        PageRequest::OfferAccept { offer } => {
            // Only an offer the consent view rendered can be accepted.
            if !find_offer(state, &offer)?.shown {
                return Err(ProtocolError::new(format!("unknown offer {offer}")));
            }
            let at = state.offers.iter().position(|o| o.job.id == offer);
            let Some(mut job) = at.map(|i| state.offers.remove(i).job) else {
                return Err(ProtocolError::new(format!("unknown offer {offer}")));
            };
            job.expires_ms = env.now_ms + handoff::JOB_LIFETIME_MS;
            let orgs = panel_model(state, env, "migration", "").orgs;
            let (open_url, job) = keep_job(state, job, &orgs);
            PageReply::Open { open_url, job }
        }
        PageRequest::OfferDecline { offer } => {
            state.offers.retain(|o| o.job.id != offer);
            PageReply::Pong {
                version: crate::VERSION.into(),
            }
        }
        PageRequest::OpenGuard { tab } => PageReply::Relay {
            tab,
            attempt: 0,
            action: TabAction::OpenPanel,
        },
        PageRequest::HandoffUseOrg { job, org } => {
            // Only an org the admin is known to administer, for a job that has none yet.
            if !panel_model(state, env, "handoff", "").orgs.contains(&org) {
                return Err(ProtocolError::new(format!("unknown org {org}")));
            }
            let j = find_job(state, &job)?;
            if j.org_id.is_none() {
                j.org_id = Some(org);
            }
            let limit = settings.plan.service_account_limit();
            PageReply::Checklist {
                model: Box::new(handoff::checklist_model(
                    j,
                    settings.allow_final_click,
                    limit,
                    env.now_ms,
                )),
            }
        }
        PageRequest::HandoffCancel { job } => {
            state.jobs.retain(|j| j.id != job);
            choice_reply(0, Some(TabAction::CancelHandoff), None, false, Some(job))
        }
        PageRequest::DismissBanner {} => {
            choice_reply(0, Some(TabAction::DismissBanner), None, false, None)
        }
    })
}

fn choice_reply(
    attempt: u32,
    action: Option<TabAction>,
    open_url: Option<String>,
    need_reason: bool,
    job: Option<String>,
) -> PageReply {
    PageReply::Choice {
        attempt,
        action,
        open_url,
        need_reason,
        job,
    }
}

fn handoff_reply(job: &HandoffJob, stage: Option<handoff::Stage>) -> ContentReply {
    let p = &job.progress;
    ContentReply::Handoff {
        job: Some(job.id.clone()),
        stage_index: p.stage,
        stage,
        stopped: p.stopped.is_some(),
        done: p.done,
        ask_org: None,
    }
}

/// The panel model with the orgs this person is known to administer.
fn panel_model(state: &CoreState, env: &Env, control: &str, label: &str) -> PanelModel {
    guard::panel_model(0, control, label, &env.settings.settings, &state.known_orgs)
}

/// The job to drive on an admin page: the newest unfinished one for this org (or for no org yet).
fn active_job<'a>(state: &'a mut CoreState, org: Option<&str>) -> Option<&'a mut HandoffJob> {
    state
        .jobs
        .iter_mut()
        .rev()
        .find(|j| !j.progress.done && (j.org_id.is_none() || j.org_id.as_deref() == org))
}

fn find_job<'a>(state: &'a mut CoreState, job: &str) -> Result<&'a mut HandoffJob, ProtocolError> {
    state
        .jobs
        .iter_mut()
        .find(|j| j.id == job)
        .ok_or_else(|| ProtocolError::new(format!("unknown job {job}")))
}

fn find_offer<'a>(
    state: &'a mut CoreState,
    offer: &str,
) -> Result<&'a mut crate::state::Offer, ProtocolError> {
    state
        .offers
        .iter_mut()
        .find(|o| o.job.id == offer)
        .ok_or_else(|| ProtocolError::new(format!("unknown offer {offer}")))
}

/// The attempt for a panel presenting `key` (see `guard::Attempts::admit`); an unknown attempt and a
/// wrong or spent key get the same answer, so a framing page learns nothing.
fn admit_attempt(
    state: &mut CoreState,
    attempt: u32,
    key: &str,
    render: bool,
) -> Result<guard::PendingAttempt, ProtocolError> {
    state
        .attempts
        .admit(attempt, key, render)
        .cloned()
        .ok_or_else(|| ProtocolError::new(format!("unknown attempt {attempt}")))
}

/// Creates a hand-off job for an extension page's request, keeps it in the state, and says where to
/// open Atlassian Administration.
fn start_job(
    state: &mut CoreState,
    env: &Env,
    source: handoff::Source,
    hint: &str,
    answer: &Use,
    model: &PanelModel,
) -> (String, String) {
    let job = guard::handoff_job(guard::JobInput {
        id: env.fresh_id.clone(),
        now_ms: env.now_ms,
        source,
        orgs: &model.orgs,
        name_hint: hint,
        owner: &env.owner,
        answer,
        model,
    });
    keep_job(state, job, &model.orgs)
}

/// Keeps a job the admin asked for by a click in an extension page (the only callers: page
/// requests), so it is consented, and says where to open Atlassian Administration.
fn keep_job(state: &mut CoreState, mut job: HandoffJob, orgs: &[String]) -> (String, String) {
    job.consented = true;
    let id = job.id.clone();
    state.jobs.retain(|j| j.id != id);
    state.jobs.push(job);
    (handoff::admin_start_url(orgs), id)
}

/// Parse, handle and serialise in one step: what the background does with each message.
pub fn respond(
    value: serde_json::Value,
    sender: Sender,
    state: &mut CoreState,
    env: &Env,
) -> serde_json::Value {
    protocol::to_json(protocol::parse(value, sender).and_then(|req| handle(req, state, env)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy;
    use serde_json::json;

    /// The tests speak as an extension page, which may send every request.
    fn respond(v: serde_json::Value, state: &mut CoreState, env: &Env) -> serde_json::Value {
        super::respond(v, Sender::ExtensionPage, state, env)
    }

    const TOKENS: &str = "https://id.atlassian.com/manage-profile/security/api-tokens";
    const ORG: &str = "6a1b2c3d-0000-4000-8000-00000000c0de";

    fn env_with(settings: serde_json::Value, policy: serde_json::Value) -> Env {
        Env {
            now_ms: 1_795_824_000_000.0,
            settings: policy::effective(&settings, &policy),
            owner: "jane@acme.example".into(),
            fresh_id: "job-1".into(),
            account_id: "557058:abc".into(),
            tab: Some(1),
            open_tabs: vec![1],
        }
    }
    fn env() -> Env {
        env_with(json!({}), json!(null))
    }

    #[test]
    fn malformed_messages_get_an_error_reply() {
        let mut state = CoreState::default();
        for bad in [
            json!(null),
            json!(42),
            json!({}),
            json!({"type": "nope"}),
            json!({"type": "page_facts"}),
            json!({"type": "page_facts", "url": 7}),
            json!({"type": "ping", "extra": true}),
            json!({"type": "panel_choice", "attempt": -1, "choice": "not_now"}),
            json!({"type": "token_rows", "rows": [{"label": 1}]}),
        ] {
            let reply = respond(bad.clone(), &mut state, &env());
            assert_eq!(reply["ok"], false, "{bad}");
            assert!(
                reply["error"]
                    .as_str()
                    .unwrap()
                    .starts_with("malformed message"),
                "{reply}"
            );
        }
        assert_eq!(state, CoreState::default());
    }

    #[test]
    fn an_unrecognised_admin_table_reaches_the_options_page_and_can_be_cleared() {
        let mut state = CoreState::default();
        let reply = super::respond(
            json!({"type": "table_not_recognised", "table": "activity", "headers": ["Key", "Holder"]}),
            Sender::ContentScript,
            &mut state,
            &env(),
        );
        assert_eq!(reply["type"], "noted", "{reply}");
        let reply = super::respond(
            json!({"type": "table_not_recognised", "table": "users", "headers": []}),
            Sender::ContentScript,
            &mut state,
            &env(),
        );
        assert_eq!(reply["ok"], false, "{reply}");
        // Only an extension page reads (or clears) the list.
        let refused = super::respond(
            json!({"type": "diagnostics"}),
            Sender::ContentScript,
            &mut state,
            &env(),
        );
        assert_eq!(refused["ok"], false, "{refused}");
        let reply = respond(json!({"type": "diagnostics"}), &mut state, &env());
        assert_eq!(
            reply["unrecognised_tables"][0]["headers"],
            json!(["Key", "Holder"])
        );
        assert_eq!(reply["unrecognised_tables"][0]["table"], "activity");
        let reply = respond(
            json!({"type": "diagnostics", "clear": true}),
            &mut state,
            &env(),
        );
        assert_eq!(reply["unrecognised_tables"], json!([]));
        assert!(state.unrecognised_tables.is_empty());
    }

    #[test]
    fn the_tokens_page_gets_its_plan_and_admin_pages_teach_the_org() {
        let mut state = CoreState::default();
        let reply = respond(
            json!({"type": "page_facts", "url": "https://id.atlassian.com/manage/api-tokens"}),
            &mut state,
            &env(),
        );
        assert_eq!(reply["ok"], true);
        assert_eq!(reply["page"], "api_tokens");
        assert_eq!(reply["plan"]["intercept"][0]["id"], "create_classic_token");

        let url = format!("https://admin.atlassian.com/o/{ORG}/users");
        let reply = respond(
            json!({"type": "page_facts", "url": url}),
            &mut state,
            &env(),
        );
        assert_eq!(reply["page"], "admin_org");
        assert_eq!(state.known_orgs, [ORG]);

        let reply = respond(
            json!({"type": "page_facts", "url": "https://example.com/"}),
            &mut state,
            &env(),
        );
        assert_eq!(reply["page"], serde_json::Value::Null);
        assert_eq!(reply["plan"], serde_json::Value::Null);
    }

    #[test]
    fn a_prefilled_link_for_bitbucket_or_an_agent_reaches_the_panel() {
        for (app, first_product) in [("bitbucket", Some("Bitbucket")), ("mcp", None)] {
            let mut state = CoreState::default();
            let e = env();
            let url =
                format!("{TOKENS}?autofillToken&expiryDays=max&appId={app}&selectedScopes=all");
            // Prepared before the click, then armed by it: the app is known either way.
            let prepared = respond(json!({"type": "prepare_panel", "url": url}), &mut state, &e);
            let reply = respond(
                json!({"type": "guard_triggered", "url": url, "control": "create_scoped_token",
                       "prepared": prepared["attempt"]}),
                &mut state,
                &e,
            );
            let (attempt, key) = (reply["attempt"].clone(), reply["key"].clone());
            let model = respond(
                json!({"type": "panel_model", "attempt": attempt, "key": key}),
                &mut state,
                &e,
            );
            let want = if app == "mcp" { "rovo_mcp" } else { app };
            assert_eq!(model["model"]["app"], want, "{model}");
            let first = model["model"]["uses"][0]["id"]
                .as_str()
                .unwrap()
                .to_string();
            let product = crate::scopes::templates::find(&first).map(|t| t.product.app());
            match first_product {
                Some(p) => assert_eq!(product, Some(p), "{first}"),
                // An agent's token keeps the usual order (Jira first).
                None => assert_eq!(first, crate::scopes::templates::TEMPLATES[0].id),
            }
        }
        // Without a prefilled app the model says nothing about one.
        let mut state = CoreState::default();
        let reply = respond(
            json!({"type": "guard_triggered", "url": TOKENS, "control": "create_classic_token"}),
            &mut state,
            &env(),
        );
        let model = respond(
            json!({"type": "panel_model", "attempt": reply["attempt"], "key": reply["key"]}),
            &mut state,
            &env(),
        );
        assert_eq!(model["model"].get("app"), None, "{model}");
    }

    #[test]
    fn a_trigger_opens_a_panel_whose_choice_releases_or_cancels_and_is_recorded() {
        let mut state = CoreState::default();
        let e = env();
        let reply = respond(
            json!({"type": "guard_triggered", "url": TOKENS, "control": "create_classic_token"}),
            &mut state,
            &e,
        );
        assert_eq!(reply["type"], "show_panel");
        let attempt = reply["attempt"].as_u64().unwrap();
        let key = reply["key"].as_str().unwrap().to_string();
        let model = respond(
            json!({"type": "panel_model", "attempt": attempt, "key": key}),
            &mut state,
            &e,
        );
        assert_eq!(model["model"]["can_continue"], true);
        assert_eq!(model["model"]["admin_likely"], false);
        // The key is single-use, and needed: a page framing panel.html with a reused or guessed id
        // and key gets nothing to render, and a choice without the key is refused.
        for (k, what) in [
            (key.as_str(), "reused"),
            ("guess", "guessed"),
            ("", "empty"),
        ] {
            let r = respond(
                json!({"type": "panel_model", "attempt": attempt, "key": k}),
                &mut state,
                &e,
            );
            assert_eq!(r["ok"], false, "{what} key");
        }
        let forged = respond(
            json!({"type": "panel_choice", "attempt": attempt, "key": "guess", "choice": "not_now"}),
            &mut state,
            &e,
        );
        assert_eq!(forged["ok"], false);
        let reply = respond(
            json!({"type": "panel_choice", "attempt": attempt, "key": key, "choice": "not_now"}),
            &mut state,
            &e,
        );
        assert_eq!(reply["action"], "release");
        // The attempt is decided: a second choice for it is an error, not a second release.
        let again = respond(
            json!({"type": "panel_choice", "attempt": attempt, "key": key, "choice": "not_now"}),
            &mut state,
            &e,
        );
        assert_eq!(again["ok"], false);
        assert_eq!((state.record.seen, state.record.dismissed), (1, 1));
    }

    #[test]
    fn a_prepared_panel_renders_hidden_and_only_the_click_arms_it() {
        let mut state = CoreState::default();
        let e = env();
        let reply = respond(
            json!({"type": "prepare_panel", "url": TOKENS}),
            &mut state,
            &e,
        );
        assert_eq!(reply["type"], "panel_prepared");
        let prepared = reply["attempt"].as_u64().unwrap();
        let key = reply["key"].as_str().unwrap().to_string();
        assert!(!key.is_empty());
        // The hidden panel gets its model, advice included (the panel's wasm has no solver) ...
        let model = respond(
            json!({"type": "panel_model", "attempt": prepared, "key": key}),
            &mut state,
            &e,
        );
        assert_eq!(model["model"]["attempt"], prepared);
        assert!(!model["model"]["advice"].as_array().unwrap().is_empty());
        // ... but nothing can be chosen for it before a person's click arms it.
        let early = respond(
            json!({"type": "panel_choice", "attempt": prepared, "key": key, "choice": "not_now"}),
            &mut state,
            &e,
        );
        assert_eq!(early["ok"], false);
        assert_eq!(state.record.seen, 0);
        let reply = respond(
            json!({"type": "guard_triggered", "url": TOKENS, "control": "create_classic_token",
                   "prepared": prepared}),
            &mut state,
            &e,
        );
        assert_eq!(
            (reply["type"].as_str(), reply["attempt"].as_u64()),
            (Some("show_panel"), Some(prepared))
        );
        let reply = respond(
            json!({"type": "panel_choice", "attempt": prepared, "key": key, "choice": "not_now"}),
            &mut state,
            &e,
        );
        assert_eq!(reply["action"], "release");
        assert_eq!((state.record.seen, state.record.dismissed), (1, 1));
        // A prepared id that is no longer known (decided, or never issued) holds a new attempt.
        let reply = respond(
            json!({"type": "guard_triggered", "url": TOKENS, "control": "create_classic_token",
                   "prepared": prepared}),
            &mut state,
            &e,
        );
        assert_ne!(reply["attempt"].as_u64(), Some(prepared));
        // Preparing is only for the tokens page.
        let other = respond(
            json!({"type": "prepare_panel", "url": "https://id.atlassian.com/manage-profile"}),
            &mut state,
            &e,
        );
        assert_eq!(other["type"], "ignore");
    }

    #[test]
    fn preparing_never_pushes_out_an_attempt_a_person_is_deciding() {
        let mut attempts = guard::Attempts::default();
        let held = attempts.hold("create_classic_token", "", 0.0, "k");
        for _ in 0..(guard::PENDING_LIMIT * 3) {
            attempts.prepare(0.0, "p");
        }
        assert!(attempts.armed(held).is_some());
        let prepared = attempts.attempts.iter().filter(|a| !a.armed).count();
        assert_eq!(prepared, guard::PREPARED_LIMIT);
    }

    #[test]
    fn a_service_account_choice_makes_a_job_and_opens_the_admin_org() {
        let mut state = CoreState::default();
        let e = env();
        respond(
            json!({"type": "page_facts", "url": format!("https://admin.atlassian.com/o/{ORG}/overview")}),
            &mut state,
            &e,
        );
        let reply = respond(
            json!({"type": "guard_triggered", "url": TOKENS, "control": "create_scoped_token"}),
            &mut state,
            &e,
        );
        let attempt = reply["attempt"].as_u64().unwrap();
        let key = reply["key"].as_str().unwrap().to_string();
        let reply = respond(
            json!({"type": "panel_choice", "attempt": attempt, "key": key, "choice": "service_account",
                   "answer": {"kind": "template", "template": "jira-read-only-reporting"}, "name": "Weekly report"}),
            &mut state,
            &e,
        );
        assert_eq!(reply["action"], "cancel");
        assert_eq!(
            reply["open_url"],
            format!("https://admin.atlassian.com/o/{ORG}/overview")
        );
        assert_eq!(reply["job"], "job-1");
        let job = &state.jobs[0];
        assert_eq!(job.name, "weekly-report");
        assert_eq!(job.org_id.as_deref(), Some(ORG));
        assert!(job
            .description
            .starts_with("Owner: jane@acme.example · Purpose: Jira read-only reporting"));
        assert!(!job.scopes.is_empty());
        assert_eq!(state.record.service_account, 1);
        // Jobs expire.
        let mut later = e.clone();
        later.now_ms += handoff::JOB_LIFETIME_MS + 1.0;
        respond(json!({"type": "ping"}), &mut state, &later);
        assert!(state.jobs.is_empty());
    }

    #[test]
    fn modes_change_what_a_trigger_and_a_choice_do() {
        let mut state = CoreState::default();
        let off = env_with(json!({"guardMode": "off"}), json!(null));
        let r = respond(
            json!({"type": "guard_triggered", "url": TOKENS, "control": "x"}),
            &mut state,
            &off,
        );
        assert_eq!(r["type"], "ignore");

        let strict = env_with(
            json!({"guardMode": "off"}),
            json!({"guardMode": "require_reason"}),
        );
        let r = respond(
            json!({"type": "guard_triggered", "url": TOKENS, "control": "x"}),
            &mut state,
            &strict,
        );
        let attempt = r["attempt"].as_u64().unwrap();
        let key = r["key"].as_str().unwrap().to_string();
        let r = respond(
            json!({"type": "panel_choice", "attempt": attempt, "key": key, "choice": "continue_personal"}),
            &mut state,
            &strict,
        );
        assert_eq!(r["need_reason"], true);
        assert_eq!(r["action"], serde_json::Value::Null);
        let r = respond(
            json!({"type": "panel_choice", "attempt": attempt, "key": key, "choice": "continue_personal", "reason": "only my laptop, for a day"}),
            &mut state,
            &strict,
        );
        assert_eq!(r["action"], "release");
        assert_eq!(state.record.recent[0].reason, "only my laptop, for a day");

        let block = env_with(json!({}), json!({"guardMode": "block"}));
        let r = respond(
            json!({"type": "guard_triggered", "url": TOKENS, "control": "x"}),
            &mut state,
            &block,
        );
        let attempt = r["attempt"].as_u64().unwrap();
        let key = r["key"].as_str().unwrap().to_string();
        let r = respond(
            json!({"type": "panel_choice", "attempt": attempt, "key": key, "choice": "not_now"}),
            &mut state,
            &block,
        );
        assert_eq!(r["action"], "cancel");
        assert_eq!(state.record.blocked, 1);
    }

    #[test]
    fn outcomes_are_queued_for_reporting_only_when_policy_sets_a_report_url() {
        let mut state = CoreState::default();
        let choose = |state: &mut CoreState, env: &Env| {
            let r = respond(
                json!({"type": "guard_triggered", "url": TOKENS, "control": "x"}),
                state,
                env,
            );
            let attempt = r["attempt"].as_u64().unwrap();
            let key = r["key"].as_str().unwrap().to_string();
            respond(
                json!({"type": "panel_choice", "attempt": attempt, "key": key, "choice": "continue_personal", "reason": "laptop only, one hour"}),
                state,
                env,
            );
        };
        choose(&mut state, &env());
        assert!(state.report_queue.is_empty());
        let reporting = env_with(
            json!({}),
            json!({"reportUrl": "https://r.acme.example/tw", "orgIds": [ORG]}),
        );
        choose(&mut state, &reporting);
        let body = &state.report_queue[0].body;
        assert_eq!(body["event"], "continued_with_reason");
        assert_eq!(body["reason"], "laptop only, one hour");
        assert_eq!(body["orgId"], ORG);
        assert_eq!(
            body.get("accountId"),
            None,
            "the account id only when policy asks"
        );
        let with_id = env_with(
            json!({}),
            json!({"reportUrl": "https://r.acme.example/tw", "reportAccountId": true}),
        );
        choose(&mut state, &with_id);
        assert_eq!(state.report_queue[1].body["accountId"], "557058:abc");
    }

    #[test]
    fn token_rows_are_sorted_into_integrations_and_stale_ones() {
        let mut state = CoreState::default();
        let r = respond(
            json!({"type": "token_rows", "rows": [
                {"label": "jira-sync-bot", "last_used": "yesterday"},
                {"label": "old-report-script", "last_used": "120 days ago"},
                {"label": "test", "last_used": "Never"},
                {"label": "odd", "last_used": "??"},
            ]}),
            &mut state,
            &env(),
        );
        assert_eq!(r["integration"], json!([0]));
        assert_eq!(r["stale"], json!([1, 2]));
    }

    #[test]
    fn activity_rows_are_marked_and_unowned_service_accounts_found() {
        let mut state = CoreState::default();
        let r = respond(
            json!({"type": "activity_rows", "rows": [
                {"label": "ci", "owner_status": "Active", "last_used": "yesterday", "scopes": "read:jira-work, write:jira-work"},
                {"label": "old", "owner_status": "Active", "last_used": "120 days ago"},
                {"label": "gone", "owner_status": "Deactivated", "last_used": "2 days ago"},
                {"label": "odd", "owner_status": "?", "last_used": "??"},
                {"label": "sa", "owner": "ci-bot ci-bot@serviceaccount.atlassian.com", "owner_status": "Active", "last_used": "today"},
            ]}),
            &mut state,
            &env(),
        );
        assert_eq!(
            r["marks"],
            json!(["migrate", "revoke_candidate", "orphaned", null, null])
        );
        assert_eq!(r["scopes"][0], json!(["read:jira-work", "write:jira-work"]));
        let r = respond(
            json!({"type": "service_account_rows", "rows": [
                {"name": "a", "description": "Owner: alice@acme.example · Purpose: CI · Created: 2026-10-01"},
                {"name": "b", "description": ""},
                {"name": "c", "description": "builds"},
            ]}),
            &mut state,
            &env(),
        );
        assert_eq!(r["unowned"], json!([1, 2]));
    }

    #[test]
    fn policy_can_switch_features_off() {
        let mut state = CoreState::default();
        let off = env_with(
            json!({}),
            json!({"disabledFeatures": ["migration_links", "admin_helper"]}),
        );
        let r = respond(
            json!({"type": "token_rows", "rows": [{"label": "a", "last_used": "yesterday"}]}),
            &mut state,
            &off,
        );
        assert_eq!(r["integration"], json!([]));
        let r = respond(
            json!({"type": "activity_rows", "rows": [{"label": "a", "owner_status": "Active", "last_used": "yesterday"}]}),
            &mut state,
            &off,
        );
        assert_eq!(r["marks"], json!([null]));
        respond(json!({"type": "migrate", "label": "x"}), &mut state, &env());
        let r = respond(
            json!({"type": "handoff_next", "url": format!("https://admin.atlassian.com/o/{ORG}/overview")}),
            &mut state,
            &off,
        );
        assert_eq!(r["job"], serde_json::Value::Null);
    }

    #[test]
    fn an_in_page_link_only_offers_and_the_consent_views_click_makes_the_job() {
        let mut state = CoreState::default();
        let r = respond(
            json!({"type": "migrate", "label": "jira-sync-bot", "scopes": ["read:jira-work"]}),
            &mut state,
            &env(),
        );
        assert_eq!(r["type"], "show_offer");
        assert_eq!(r.get("open_url"), None, "no tab opens from the page");
        assert!(state.jobs.is_empty(), "no job from the page");
        let offer = r["offer"].as_str().unwrap().to_string();
        // Accepting an offer no consent view has shown is refused.
        let early = respond(
            json!({"type": "offer_accept", "offer": offer}),
            &mut state,
            &env(),
        );
        assert_eq!(early["ok"], false);
        let m = respond(
            json!({"type": "offer_model", "offer": offer}),
            &mut state,
            &env(),
        );
        assert_eq!(m["type"], "consent");
        assert_eq!(m["model"]["name"], "jira-sync-bot");
        assert_eq!(m["model"]["role_label"], "Jira → User");
        assert_eq!(
            m["model"]["press_final"], true,
            "by default the drive goes to the end"
        );
        assert_eq!(m["model"]["scopes"][0]["scope"], "read:jira-work");
        assert!(m["model"]["description"]
            .as_str()
            .unwrap()
            .starts_with("Owner: jane@acme.example"));
        // Single use: a second view of the same offer (a page framing it again) gets nothing.
        let again = respond(
            json!({"type": "offer_model", "offer": offer}),
            &mut state,
            &env(),
        );
        assert_eq!(again["ok"], false);
        let r = respond(
            json!({"type": "offer_accept", "offer": offer}),
            &mut state,
            &env(),
        );
        assert_eq!(r["type"], "open");
        assert_eq!(r["open_url"], "https://admin.atlassian.com/");
        assert_eq!(state.jobs.len(), 1);
        assert!(state.jobs[0].consented);
        assert_eq!(
            state.jobs[0].replaces_token.as_deref(),
            Some("jira-sync-bot")
        );
        assert!(state.offers.is_empty());
        let twice = respond(
            json!({"type": "offer_accept", "offer": offer}),
            &mut state,
            &env(),
        );
        assert_eq!(twice["ok"], false, "one job per offer");
        // A content script cannot send the consent view's requests.
        let from_page = super::respond(
            json!({"type": "offer_accept", "offer": offer}),
            Sender::ContentScript,
            &mut state,
            &env(),
        );
        assert_eq!(from_page["ok"], false);
    }

    #[test]
    fn policy_can_require_the_admins_own_click_on_the_final_buttons() {
        let mut state = CoreState::default();
        let strict = env_with(json!({}), json!({"allowFinalClick": false}));
        let r = respond(
            json!({"type": "guard_triggered", "url": TOKENS, "control": "x"}),
            &mut state,
            &strict,
        );
        let attempt = r["attempt"].as_u64().unwrap();
        let key = r["key"].as_str().unwrap().to_string();
        let m = respond(
            json!({"type": "panel_model", "attempt": attempt, "key": key}),
            &mut state,
            &strict,
        );
        assert_eq!(m["model"]["press_final"], false);
        respond(
            json!({"type": "panel_choice", "attempt": attempt, "key": key, "choice": "service_account",
                   "answer": {"kind": "template", "template": "jira-read-only-reporting"}}),
            &mut state,
            &strict,
        );
        let job = state.jobs[0].clone();
        assert!(job.consented);
        let finals = |press: bool| {
            handoff::stages(&job, press, 0.0)
                .iter()
                .flat_map(|s| s.ops.clone())
                .filter(|op| matches!(op, handoff::Op::Final { press: true, .. }))
                .count()
        };
        assert_eq!(finals(strict.settings.settings.allow_final_click), 0);
        assert_eq!(finals(env().settings.settings.allow_final_click), 2);
    }

    fn job_for(id: &str, org: Option<&str>) -> HandoffJob {
        let model = guard::panel_model(0, "x", "", &policy::Settings::default(), &[]);
        let mut j = guard::handoff_job(guard::JobInput {
            id: id.into(),
            now_ms: 1_795_824_000_000.0,
            source: handoff::Source::Guard,
            orgs: &[],
            name_hint: id,
            owner: "me@x.example",
            answer: &Use::Template("jira-read-only-reporting".into()),
            model: &model,
        });
        j.org_id = org.map(str::to_string);
        j.consented = true;
        j
    }

    fn next(state: &mut CoreState, tab: i64, tabs: &[i64], url: &str) -> serde_json::Value {
        let mut e = env();
        e.tab = Some(tab);
        e.open_tabs = tabs.to_vec();
        respond(json!({"type": "handoff_next", "url": url}), state, &e)
    }

    #[test]
    fn one_job_drives_per_org_and_a_job_without_org_waits_for_the_admins_pick() {
        let page = format!("https://admin.atlassian.com/o/{ORG}/overview");
        let mut state = CoreState::default();
        state.learn_org(Some(&ORG.to_string()));
        state.jobs = vec![job_for("a", Some(ORG)), job_for("b", Some(ORG))];
        // Tab 1 takes the newest (b); tab 2 would take b too, which tab 1 holds: it only shows it.
        let r1 = next(&mut state, 1, &[1, 2], &page);
        assert_eq!(
            (r1["job"].as_str(), r1["stage"].is_null()),
            (Some("b"), false)
        );
        let r2 = next(&mut state, 2, &[1, 2], &page);
        assert!(r2["stage"].is_null(), "the second tab does not drive");
        // Once b is done, a is next for tab 2; while b is unfinished and tab 1 holds it, no third
        // tab drives another job of the org.
        state.jobs[1].progress.done = true;
        let r2 = next(&mut state, 2, &[1, 2], &page);
        assert_eq!(r2["job"], "a");
        assert!(!r2["stage"].is_null());
        state.jobs[1].progress.done = false;
        let r3 = next(&mut state, 3, &[1, 2, 3], &page);
        assert!(
            r3["stage"].is_null(),
            "b's owner (tab 1) is live: one job per org at a time"
        );

        // No org on the job, several orgs known: the tab asks, it does not claim.
        let mut state = CoreState::default();
        state.learn_org(Some(&ORG.to_string()));
        state.learn_org(Some(&"other-org".to_string()));
        state.jobs = vec![job_for("c", None)];
        let r = next(&mut state, 1, &[1], &page);
        assert_eq!(r["ask_org"], ORG);
        assert!(r["stage"].is_null());
        assert!(state.jobs[0].lease.is_none() && state.jobs[0].org_id.is_none());
        let bad = respond(
            json!({"type": "handoff_use_org", "job": "c", "org": "not-mine"}),
            &mut state,
            &env(),
        );
        assert_eq!(bad["ok"], false, "only an org the admin administers");
        let ok = respond(
            json!({"type": "handoff_use_org", "job": "c", "org": ORG}),
            &mut state,
            &env(),
        );
        assert_eq!(ok["type"], "checklist");
        let r = next(&mut state, 1, &[1], &page);
        assert!(!r["stage"].is_null(), "now it drives");
        assert_eq!(r["ask_org"], serde_json::Value::Null);
    }

    #[test]
    fn the_owner_tabs_heartbeat_keeps_its_lease_and_no_other_tab_can_renew_it() {
        let page = format!("https://admin.atlassian.com/o/{ORG}/overview");
        let mut state = CoreState::default();
        state.learn_org(Some(&ORG.to_string()));
        state.jobs = vec![job_for("a", Some(ORG))];
        next(&mut state, 1, &[1, 2], &page);
        let beat = |state: &mut CoreState, tab: i64, at: f64| {
            let mut e = env();
            e.tab = Some(tab);
            e.open_tabs = vec![1, 2];
            e.now_ms += at;
            respond(json!({"type": "handoff_heartbeat", "job": "a"}), state, &e);
        };
        let until = |state: &CoreState| state.jobs[0].lease.unwrap().until_ms;
        let first = until(&state);
        beat(&mut state, 2, 10_000.0);
        assert_eq!(
            until(&state),
            first,
            "another tab's heartbeat renews nothing"
        );
        for k in 1..=10 {
            beat(&mut state, 1, k as f64 * handoff::HEARTBEAT_MS);
        }
        assert_eq!(state.jobs[0].lease.unwrap().tab, 1);
        assert!(
            until(&state) > first + 9.0 * handoff::HEARTBEAT_MS,
            "the owner's beats renew it"
        );
    }
}
