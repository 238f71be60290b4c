//! The protocol between the extension's scripts (content script, panel, popup, options) and the
//! core in the background: typed requests in, typed replies out, as JSON-shaped values.
//!
//! Every request is parsed strictly; anything malformed gets an error reply (never a panic), because
//! a message can come from a stale content script or a confused page. The web layer loads the state,
//! settings and policy, passes the clock in, and does the browser chores a reply asks for (relay an
//! action to the tab, open a URL).

use serde::{Deserialize, Serialize};

use crate::atlassian::admin;
use crate::atlassian::limits::CredentialKind;
use crate::atlassian::pages::{self, PageKind};
use crate::atlassian::token_list::{self, LastUse};
use crate::guard::{self, Decision, Outcome, PanelModel, Record, RecordEntry, Use};
use crate::handoff::{self, HandoffJob};
use crate::plan::{self, GuardMode, PagePlan};
use crate::policy::{Effective, Feature};
use crate::report;

/// A request to the core.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Request {
    /// Is the core up? Answers with the version.
    Ping {},
    /// The content script arrived on (or navigated to) a URL: which page is it, and what is the plan?
    PageFacts { url: String },
    /// The content script held a watched control (or recognised a creation dialog).
    GuardTriggered {
        url: String,
        control: String,
        #[serde(default)]
        label: String,
    },
    /// The panel asks what to show for an attempt.
    PanelModel { attempt: u32 },
    /// The person chose in the panel.
    PanelChoice {
        attempt: u32,
        choice: Choice,
        #[serde(default)]
        answer: Option<Use>,
        #[serde(default)]
        name: String,
        #[serde(default)]
        reason: String,
        /// The org the person picked, when they administer several.
        #[serde(default)]
        org: String,
    },
    /// The rows of the person's token list: which look like integrations?
    TokenRows { rows: Vec<TokenRow> },
    /// "Move to a service account" beside an existing token (with its scopes, when the page lists them).
    Migrate {
        label: String,
        #[serde(default)]
        scopes: Vec<String>,
    },
    /// Rows of Insights → API token activity: which to mark, and how.
    ActivityRows { rows: Vec<ActivityRow> },
    /// Rows of the service-accounts list: which lack an owner and a purpose.
    ServiceAccountRows { rows: Vec<ServiceAccountRow> },
    /// What the popup shows.
    PopupModel {
        #[serde(default)]
        url: String,
    },
    /// Effective settings for the options page: values, locks, policy problems.
    SettingsModel {},
    /// The `inform` banner's close button.
    DismissBanner {},
    /// On admin.atlassian.com: is there a hand-off job to drive here, and what is its next stage?
    HandoffNext {
        url: String,
        /// Short page texts that may be the quota line ("3 of 5 service accounts used").
        #[serde(default)]
        quota_lines: Vec<String>,
    },
    /// The content script finished (or could not finish) a stage of a job.
    HandoffReport {
        job: String,
        stage: usize,
        ok: bool,
        #[serde(default)]
        log: Vec<String>,
        #[serde(default)]
        error: String,
        #[serde(default)]
        quota_lines: Vec<String>,
        /// The one-time secret is on screen: the credential exists.
        #[serde(default)]
        created: bool,
    },
    /// The side checklist asks what to show for a job.
    HandoffModel { job: String },
    /// The person cancelled a job from the checklist.
    HandoffCancel { job: String },
    /// The popup on the API tokens page: open the guard's panel in that tab.
    OpenGuard { tab: u32 },
    /// The popup's "Create a service account with a template".
    PopupJob {
        template: String,
        /// `service_account_oauth` for OAuth 2.0 client credentials; an API token otherwise.
        #[serde(default)]
        credential: Option<CredentialKind>,
    },
}

/// One row of the token list, as the content script read it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TokenRow {
    pub label: String,
    pub last_used: String,
    /// `Date.parse(last_used)` in the page's browser, when it parses.
    #[serde(default)]
    pub last_used_ms: Option<f64>,
}

/// One row of API token activity, as the content script read it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActivityRow {
    pub label: String,
    /// The owner cell's text (name, and the email where the page shows it).
    #[serde(default)]
    pub owner: String,
    #[serde(default)]
    pub owner_status: String,
    #[serde(default)]
    pub last_used: String,
    #[serde(default)]
    pub last_used_ms: Option<f64>,
    #[serde(default)]
    pub scopes: String,
}

/// One row of the service-accounts list.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceAccountRow {
    pub name: String,
    #[serde(default)]
    pub description: String,
}

/// How a token-activity row is marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ActivityMark {
    /// Used recently by an active owner: looks like an integration; move it to a service account.
    Migrate,
    /// Unused for 90 days or more (or never): a revoke candidate.
    RevokeCandidate,
    /// The owner is no longer active: revoke or migrate now.
    Orphaned,
}

/// What the person chose in the guard's panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Choice {
    ServiceAccount,
    AskAdmin,
    ContinuePersonal,
    NotNow,
}

/// What the content script should do with the attempt it is holding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TabAction {
    /// Remove the panel and let Atlassian's own control proceed.
    Release,
    /// Remove the panel and drop the attempt.
    Cancel,
    /// Remove the `inform` banner.
    DismissBanner,
    /// Stop driving a hand-off job and remove its checklist.
    CancelHandoff,
    /// Open the guard's panel, as if a create button had been pressed (from the popup).
    OpenPanel,
}

/// A reply from the core. Serialised with `ok: true` beside it (see [`to_json`]).
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Reply {
    Pong {
        version: &'static str,
    },
    Page {
        page: Option<PageKind>,
        org_id: Option<String>,
        mode: GuardMode,
        plan: Option<PagePlan>,
    },
    ShowPanel {
        attempt: u32,
    },
    Ignore,
    PanelModel {
        model: PanelModel,
    },
    /// The result of a choice. The background relays `action` to the tab and opens `open_url`.
    Choice {
        attempt: u32,
        action: Option<TabAction>,
        open_url: Option<String>,
        need_reason: bool,
        job: Option<String>,
    },
    TokenMarks {
        /// Indexes of the rows that look like integrations.
        integration: Vec<usize>,
        /// Indexes of the rows unused for 90 days or more (or never used).
        stale: Vec<usize>,
    },
    Open {
        open_url: String,
        job: String,
    },
    ActivityMarks {
        marks: Vec<Option<ActivityMark>>,
        /// Rows' scopes as read from the page, for the migration link.
        scopes: Vec<Vec<String>>,
    },
    ServiceAccountMarks {
        /// Indexes of accounts whose description records no owner and purpose.
        unowned: Vec<usize>,
    },
    Popup {
        version: &'static str,
        page: Option<PageKind>,
        record: Record,
        orgs: Vec<String>,
        pending_jobs: usize,
        settings: Box<Effective>,
        /// The org of the admin page the popup was opened on, if any.
        org_id: Option<String>,
        /// The quota line last seen, with the warning it deserves under the plan.
        quota: Option<(u32, u32)>,
        quota_warning: Option<handoff::QuotaWarning>,
        templates: Vec<guard::UseOption>,
    },
    Settings {
        effective: Box<Effective>,
    },
    /// What to drive next on this admin page (`stage` is absent when there is nothing to do now).
    Handoff {
        job: Option<String>,
        stage_index: usize,
        stage: Option<handoff::Stage>,
        stopped: bool,
        done: bool,
    },
    Checklist {
        model: Box<handoff::ChecklistModel>,
    },
    /// Send `action` to the content script of tab `tab` (the background does it).
    Relay {
        tab: u32,
        attempt: u32,
        action: TabAction,
    },
}

/// Why a request could not be answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProtocolError {
    pub error: String,
}

/// An attempt the guard is holding while the person decides.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PendingAttempt {
    pub id: u32,
    pub control: String,
    pub label: String,
    pub started_ms: f64,
}

/// The part of the core's state that lives across messages (kept by the web layer in storage).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct CoreState {
    pub next_attempt: u32,
    pub known_orgs: Vec<String>,
    pub attempts: Vec<PendingAttempt>,
    pub record: Record,
    pub jobs: Vec<HandoffJob>,
    /// Guard outcomes waiting to be reported (only when policy sets a report URL).
    pub report_queue: Vec<report::Queued>,
    /// The service-account quota line last seen on admin.atlassian.com: (used, limit).
    pub quota: Option<(u32, u32)>,
}

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
}

/// How many pending attempts are remembered (older ones are forgotten).
const PENDING_LIMIT: usize = 10;
/// Unused this long (or never used) makes a token a revoke candidate.
const STALE_DAYS: u32 = 90;

/// Parses a request from JSON, with an error that says what was wrong.
pub fn parse(value: serde_json::Value) -> Result<Request, ProtocolError> {
    serde_json::from_value(value).map_err(|e| ProtocolError {
        error: format!("malformed message: {e}"),
    })
}

/// Whether a request needs the person's identity (the web layer fetches it only then).
pub fn needs_owner(request: &Request) -> bool {
    matches!(
        request,
        Request::PanelChoice {
            choice: Choice::ServiceAccount,
            ..
        } | Request::Migrate { .. }
    )
}

/// Whether a request may produce a report that carries the account id (the web layer fetches it then).
pub fn needs_account_id(request: &Request, settings: &crate::policy::Settings) -> bool {
    settings.report_account_id
        && !settings.report_url.is_empty()
        && matches!(request, Request::PanelChoice { .. })
}

/// Answers one request, updating the state.
pub fn handle(request: Request, state: &mut CoreState, env: &Env) -> Result<Reply, ProtocolError> {
    let mode = env.settings.settings.guard_mode;
    state.jobs.retain(|j| !j.is_expired(env.now_ms));
    Ok(match request {
        Request::Ping {} => Reply::Pong {
            version: crate::VERSION,
        },
        Request::PageFacts { url } => {
            let page = pages::classify(&url);
            let org_id = pages::org_id_from_url(&url);
            if let Some(id) = &org_id {
                if !state.known_orgs.contains(id) {
                    state.known_orgs.push(id.clone());
                }
            }
            let plan = page.and_then(|kind| {
                plan::plan_for_mode(mode)
                    .pages
                    .into_iter()
                    .find(|p| p.kind == kind)
            });
            Reply::Page {
                page,
                org_id,
                mode,
                plan,
            }
        }
        Request::GuardTriggered {
            url,
            control,
            label,
        } => {
            if matches!(mode, GuardMode::Off | GuardMode::Inform)
                || pages::classify(&url) != Some(PageKind::ApiTokens)
            {
                return Ok(Reply::Ignore);
            }
            state.next_attempt = state.next_attempt.wrapping_add(1).max(1);
            state.record.count_seen();
            state.attempts.push(PendingAttempt {
                id: state.next_attempt,
                control,
                label: label.chars().take(200).collect(),
                started_ms: env.now_ms,
            });
            if state.attempts.len() > PENDING_LIMIT {
                state.attempts.remove(0);
            }
            Reply::ShowPanel {
                attempt: state.next_attempt,
            }
        }
        Request::PanelModel { attempt } => {
            let pending = find_attempt(state, attempt)?;
            let model = guard::panel_model(
                attempt,
                &pending.control,
                &pending.label,
                &env.settings.settings,
                &state.known_orgs,
            );
            Reply::PanelModel { model }
        }
        Request::PanelChoice {
            attempt,
            choice,
            answer,
            name,
            reason,
            org,
        } => {
            let pending = find_attempt(state, attempt)?.clone();
            let answer = answer.unwrap_or(Use::SomethingElse);
            match guard::decide(choice, mode, &reason) {
                Decision::NeedReason => Reply::Choice {
                    attempt,
                    action: None,
                    open_url: None,
                    need_reason: true,
                    job: None,
                },
                Decision::Proceed { action, outcome } => {
                    state.attempts.retain(|a| a.id != attempt);
                    let template = match &answer {
                        Use::Template(id) => Some(id.clone()),
                        _ => None,
                    };
                    let reason = if outcome == Outcome::ContinuedPersonal {
                        reason.chars().take(500).collect()
                    } else {
                        String::new()
                    };
                    let settings = &env.settings.settings;
                    if !settings.report_url.is_empty() {
                        let event = report::ReportEvent {
                            event: report::event_name(outcome, !reason.is_empty()),
                            time: report::iso_time(env.now_ms),
                            org_id: match (settings.org_ids.as_slice(), state.known_orgs.as_slice())
                            {
                                ([one], _) | ([], [one]) => Some(one.clone()),
                                _ => None,
                            },
                            reason: reason.clone(),
                            version: crate::VERSION,
                            account_id: (settings.report_account_id && !env.account_id.is_empty())
                                .then(|| env.account_id.clone()),
                        };
                        report::enqueue(&mut state.report_queue, &event, env.now_ms);
                    }
                    state.record.add(RecordEntry {
                        at_ms: env.now_ms,
                        outcome,
                        reason,
                        template,
                    });
                    let (open_url, job) = if choice == Choice::ServiceAccount {
                        let mut model = guard::panel_model(
                            attempt,
                            &pending.control,
                            &pending.label,
                            &env.settings.settings,
                            &state.known_orgs,
                        );
                        if model.orgs.contains(&org) {
                            model.orgs = vec![org];
                        }
                        let hint = if name.trim().is_empty() {
                            pending.label.clone()
                        } else {
                            name
                        };
                        let (url, id) =
                            start_job(state, env, handoff::Source::Guard, &hint, &answer, &model);
                        (Some(url), Some(id))
                    } else {
                        (None, None)
                    };
                    Reply::Choice {
                        attempt,
                        action: Some(action),
                        open_url,
                        need_reason: false,
                        job,
                    }
                }
            }
        }
        Request::TokenRows { rows } => {
            let rows = if disabled(env, Feature::MigrationLinks) {
                Vec::new()
            } else {
                rows
            };
            let mut integration = Vec::new();
            let mut stale = Vec::new();
            for (i, row) in rows.iter().enumerate() {
                let last = token_list::read_last_used(&row.last_used, row.last_used_ms, env.now_ms);
                if is_recent(last) {
                    integration.push(i);
                } else if is_stale(last) {
                    stale.push(i);
                }
            }
            Reply::TokenMarks { integration, stale }
        }
        Request::Migrate { label, scopes } => {
            let model = guard::panel_model(
                0,
                "migration",
                &label,
                &env.settings.settings,
                &state.known_orgs,
            );
            let (open_url, job) = start_job(
                state,
                env,
                handoff::Source::Migration,
                &label,
                &Use::SomethingElse,
                &model,
            );
            if !scopes.is_empty() {
                if let Some(j) = state.jobs.iter_mut().find(|j| j.id == job) {
                    j.scopes = scopes;
                }
            }
            Reply::Open { open_url, job }
        }
        Request::ActivityRows { rows } => {
            let marks = rows
                .iter()
                .map(|row| {
                    let last =
                        token_list::read_last_used(&row.last_used, row.last_used_ms, env.now_ms);
                    match admin::owner_active(&row.owner_status) {
                        Some(false) => Some(ActivityMark::Orphaned),
                        // A service account's own token is already where it should be.
                        _ if row.owner.contains(admin::SERVICE_ACCOUNT_EMAIL_DOMAIN) => None,
                        _ if disabled(env, Feature::MigrationLinks) && is_recent(last) => None,
                        _ if is_recent(last) => Some(ActivityMark::Migrate),
                        _ if is_stale(last) => Some(ActivityMark::RevokeCandidate),
                        _ => None,
                    }
                })
                .collect();
            let scopes = rows
                .iter()
                .map(|r| admin::scopes_in_cell(&r.scopes))
                .collect();
            Reply::ActivityMarks { marks, scopes }
        }
        Request::ServiceAccountRows { rows } => Reply::ServiceAccountMarks {
            unowned: rows
                .iter()
                .enumerate()
                .filter(|(_, r)| handoff::parse_description(&r.description).is_none())
                .map(|(i, _)| i)
                .collect(),
        },
        Request::PopupModel { url } => Reply::Popup {
            version: crate::VERSION,
            page: pages::classify(&url),
            record: state.record.clone(),
            orgs: state.known_orgs.clone(),
            pending_jobs: state.jobs.len(),
            settings: Box::new(env.settings.clone()),
            org_id: pages::org_id_from_url(&url),
            quota: state.quota,
            quota_warning: state.quota.and_then(|(used, _)| {
                handoff::quota_warning(used, env.settings.settings.plan.service_account_limit())
            }),
            templates: guard::panel_model(0, "popup", "", &env.settings.settings, &[]).uses,
        },
        Request::SettingsModel {} => Reply::Settings {
            effective: Box::new(env.settings.clone()),
        },
        Request::HandoffNext { url, quota_lines } => {
            if let Some(q) = quota_lines.iter().find_map(|l| admin::read_quota(l)) {
                state.quota = Some(q);
            }
            if disabled(env, Feature::AdminHelper) {
                return Ok(Reply::Handoff {
                    job: None,
                    stage_index: 0,
                    stage: None,
                    stopped: false,
                    done: false,
                });
            }
            let org = pages::org_id_from_url(&url);
            if let Some(id) = &org {
                if !state.known_orgs.contains(id) {
                    state.known_orgs.push(id.clone());
                }
            }
            let Some(job) = active_job(state, org.as_deref()) else {
                return Ok(Reply::Handoff {
                    job: None,
                    stage_index: 0,
                    stage: None,
                    stopped: false,
                    done: false,
                });
            };
            if job.org_id.is_none() {
                job.org_id = org.clone();
            }
            if let Some(q) = quota_lines.iter().find_map(|l| admin::read_quota(l)) {
                job.progress.quota = Some(q);
            }
            let settings = &env.settings.settings;
            let stages = handoff::stages(job, settings.allow_final_click, env.now_ms);
            let p = &job.progress;
            let stage = (org.is_some() && p.stopped.is_none() && !p.done)
                .then(|| stages.get(p.stage).cloned())
                .flatten();
            Reply::Handoff {
                job: Some(job.id.clone()),
                stage_index: p.stage,
                stage,
                stopped: p.stopped.is_some(),
                done: p.done,
            }
        }
        Request::HandoffReport {
            job,
            stage,
            ok,
            log,
            error,
            quota_lines,
            created,
        } => {
            let quota = quota_lines.iter().find_map(|l| admin::read_quota(l));
            let press = env.settings.settings.allow_final_click;
            let now = env.now_ms;
            let Some(j) = state.jobs.iter_mut().find(|j| j.id == job) else {
                return Err(ProtocolError {
                    error: format!("unknown job {job}"),
                });
            };
            let total = handoff::stages(j, press, now).len();
            let p = &mut j.progress;
            p.log.extend(
                log.into_iter()
                    .map(|l| l.chars().take(200).collect::<String>()),
            );
            if p.log.len() > 100 {
                let excess = p.log.len() - 100;
                p.log.drain(..excess);
            }
            if quota.is_some() {
                p.quota = quota;
            }
            if stage == p.stage {
                if ok {
                    p.stage += 1;
                    p.done = created || p.stage >= total;
                } else {
                    p.stopped = Some(error.chars().take(300).collect());
                }
            }
            if created {
                p.done = true;
            }
            let stage_index = p.stage;
            let (stopped, done) = (p.stopped.is_some(), p.done);
            let next = (!stopped && !done)
                .then(|| handoff::stages(j, press, now).get(stage_index).cloned())
                .flatten();
            Reply::Handoff {
                job: Some(job),
                stage_index,
                stage: next,
                stopped,
                done,
            }
        }
        Request::HandoffModel { job } => {
            let Some(j) = state.jobs.iter().find(|j| j.id == job) else {
                return Err(ProtocolError {
                    error: format!("unknown job {job}"),
                });
            };
            let settings = &env.settings.settings;
            let limit = settings.plan.service_account_limit();
            let used = j.progress.quota.map(|(used, _)| used);
            Reply::Checklist {
                model: Box::new(handoff::ChecklistModel {
                    job: j.clone(),
                    progress: j.progress.clone(),
                    stage_ids: handoff::stages(j, settings.allow_final_click, env.now_ms)
                        .iter()
                        .map(|s| s.id)
                        .collect(),
                    role: handoff::role_for(j),
                    expiry: handoff::expiry_date(env.now_ms, j.expiry_days),
                    limit,
                    quota_warning: used.and_then(|u| handoff::quota_warning(u, limit)),
                }),
            }
        }
        Request::PopupJob {
            template,
            credential,
        } => {
            let Some(t) = crate::scopes::templates::find(&template) else {
                return Err(ProtocolError {
                    error: format!("unknown template {template}"),
                });
            };
            let model =
                guard::panel_model(0, "popup", "", &env.settings.settings, &state.known_orgs);
            let answer = Use::Template(t.id.to_string());
            let (open_url, job) =
                start_job(state, env, handoff::Source::Popup, "", &answer, &model);
            if credential == Some(CredentialKind::ServiceAccountOauth) {
                if let Some(j) = state.jobs.iter_mut().find(|j| j.id == job) {
                    j.credential = CredentialKind::ServiceAccountOauth;
                }
            }
            Reply::Open { open_url, job }
        }
        Request::OpenGuard { tab } => Reply::Relay {
            tab,
            attempt: 0,
            action: TabAction::OpenPanel,
        },
        Request::HandoffCancel { job } => {
            state.jobs.retain(|j| j.id != job);
            Reply::Choice {
                attempt: 0,
                action: Some(TabAction::CancelHandoff),
                open_url: None,
                need_reason: false,
                job: Some(job),
            }
        }
        Request::DismissBanner {} => Reply::Choice {
            attempt: 0,
            action: Some(TabAction::DismissBanner),
            open_url: None,
            need_reason: false,
            job: None,
        },
    })
}

/// The job to drive on an admin page: the newest unfinished one for this org (or for no org yet).
fn active_job<'a>(state: &'a mut CoreState, org: Option<&str>) -> Option<&'a mut HandoffJob> {
    state
        .jobs
        .iter_mut()
        .rev()
        .find(|j| !j.progress.done && (j.org_id.is_none() || j.org_id.as_deref() == org))
}

/// Whether policy switched a feature off.
fn disabled(env: &Env, feature: Feature) -> bool {
    env.settings.settings.disabled_features.contains(&feature)
}

/// Used recently enough to look like an integration.
fn is_recent(last: Option<LastUse>) -> bool {
    token_list::looks_like_integration(last, guard::RECENT_USE_DAYS)
}

/// Unused for [`STALE_DAYS`] or more, or never used.
fn is_stale(last: Option<LastUse>) -> bool {
    matches!(last, Some(LastUse::Never))
        || matches!(last, Some(LastUse::DaysAgo(d)) if d >= STALE_DAYS)
}

fn find_attempt(state: &CoreState, attempt: u32) -> Result<&PendingAttempt, ProtocolError> {
    state
        .attempts
        .iter()
        .find(|a| a.id == attempt)
        .ok_or_else(|| ProtocolError {
            error: format!("unknown attempt {attempt}"),
        })
}

/// Creates a hand-off job, keeps it in the state, and says where to open Atlassian Administration.
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
    let id = job.id.clone();
    state.jobs.retain(|j| j.id != id);
    state.jobs.push(job);
    (handoff::admin_start_url(&model.orgs), id)
}

/// A reply or an error as the JSON the scripts receive: `{ok: true, type, …}` or `{ok: false, error}`.
pub fn to_json(result: Result<Reply, ProtocolError>) -> serde_json::Value {
    let mut value = match &result {
        Ok(reply) => serde_json::to_value(reply),
        Err(err) => serde_json::to_value(err),
    }
    .unwrap_or_else(|e| serde_json::json!({ "error": e.to_string() }));
    if let Some(obj) = value.as_object_mut() {
        obj.insert("ok".into(), result.is_ok().into());
    }
    value
}

/// Parse, handle and serialise in one step: what the background does with each message.
pub fn respond(value: serde_json::Value, state: &mut CoreState, env: &Env) -> serde_json::Value {
    to_json(parse(value).and_then(|req| handle(req, state, env)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy;
    use serde_json::json;

    const TOKENS: &str = "https://id.atlassian.com/manage-profile/security/api-tokens";
    const ORG: &str = "6a1b2c3d-0000-4000-8000-00000000c0de";

    fn env_with(settings: serde_json::Value, policy: serde_json::Value) -> Env {
        Env {
            now_ms: 1_795_824_000_000.0,
            settings: policy::effective(&settings, &policy),
            owner: "jane@acme.example".into(),
            fresh_id: "job-1".into(),
            account_id: "557058:abc".into(),
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
        let model = respond(
            json!({"type": "panel_model", "attempt": attempt}),
            &mut state,
            &e,
        );
        assert_eq!(model["model"]["can_continue"], true);
        assert_eq!(model["model"]["admin_likely"], false);
        let reply = respond(
            json!({"type": "panel_choice", "attempt": attempt, "choice": "not_now"}),
            &mut state,
            &e,
        );
        assert_eq!(reply["action"], "release");
        // The attempt is decided: a second choice for it is an error, not a second release.
        let again = respond(
            json!({"type": "panel_choice", "attempt": attempt, "choice": "not_now"}),
            &mut state,
            &e,
        );
        assert_eq!(again["ok"], false);
        assert_eq!((state.record.seen, state.record.dismissed), (1, 1));
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
        let reply = respond(
            json!({"type": "panel_choice", "attempt": attempt, "choice": "service_account",
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
        let r = respond(
            json!({"type": "panel_choice", "attempt": attempt, "choice": "continue_personal"}),
            &mut state,
            &strict,
        );
        assert_eq!(r["need_reason"], true);
        assert_eq!(r["action"], serde_json::Value::Null);
        let r = respond(
            json!({"type": "panel_choice", "attempt": attempt, "choice": "continue_personal", "reason": "only my laptop, for a day"}),
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
        let r = respond(
            json!({"type": "panel_choice", "attempt": attempt, "choice": "not_now"}),
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
            respond(
                json!({"type": "panel_choice", "attempt": attempt, "choice": "continue_personal", "reason": "laptop only, one hour"}),
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
    fn migration_starts_a_job_named_after_the_token() {
        let mut state = CoreState::default();
        let r = respond(
            json!({"type": "migrate", "label": "jira-sync-bot"}),
            &mut state,
            &env(),
        );
        assert_eq!(r["open_url"], "https://admin.atlassian.com/");
        assert_eq!(
            state.jobs[0].replaces_token.as_deref(),
            Some("jira-sync-bot")
        );
        assert_eq!(state.jobs[0].name, "jira-sync-bot");
    }
}
