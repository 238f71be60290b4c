//! The protocol between the extension's scripts (content script, panel, popup, options) and the
//! core in the background: typed requests in, typed replies out, as JSON-shaped values.
//!
//! Every request is parsed strictly; anything malformed gets an error reply (never a panic), because
//! a message can come from a stale content script or a confused page. The web layer loads the state,
//! settings and policy, passes the clock in, and does the browser chores a reply asks for (relay an
//! action to the tab, open a URL).

use serde::{Deserialize, Serialize};

use crate::atlassian::pages::{self, PageKind};
use crate::atlassian::token_list::{self, LastUse};
use crate::guard::{self, Decision, Outcome, PanelModel, Record, RecordEntry, Use};
use crate::handoff::{self, HandoffJob};
use crate::plan::{self, GuardMode, PagePlan};
use crate::policy::Effective;

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
    },
    /// The rows of the person's token list: which look like integrations?
    TokenRows { rows: Vec<TokenRow> },
    /// "Move to a service account" beside an existing token.
    Migrate { label: String },
    /// What the popup shows.
    PopupModel {
        #[serde(default)]
        url: String,
    },
    /// Effective settings for the options page: values, locks, policy problems.
    SettingsModel {},
    /// The `inform` banner's close button.
    DismissBanner {},
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
    Popup {
        version: &'static str,
        page: Option<PageKind>,
        record: Record,
        orgs: Vec<String>,
        pending_jobs: usize,
        settings: Box<Effective>,
    },
    Settings {
        effective: Box<Effective>,
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
                    state.record.add(RecordEntry {
                        at_ms: env.now_ms,
                        outcome,
                        reason,
                        template,
                    });
                    let (open_url, job) = if choice == Choice::ServiceAccount {
                        let model = guard::panel_model(
                            attempt,
                            &pending.control,
                            &pending.label,
                            &env.settings.settings,
                            &state.known_orgs,
                        );
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
            let mut integration = Vec::new();
            let mut stale = Vec::new();
            for (i, row) in rows.iter().enumerate() {
                let last = token_list::read_last_used(&row.last_used, row.last_used_ms, env.now_ms);
                if token_list::looks_like_integration(last, guard::RECENT_USE_DAYS) {
                    integration.push(i);
                } else if matches!(last, Some(LastUse::Never))
                    || matches!(last, Some(LastUse::DaysAgo(d)) if d >= STALE_DAYS)
                {
                    stale.push(i);
                }
            }
            Reply::TokenMarks { integration, stale }
        }
        Request::Migrate { label } => {
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
            Reply::Open { open_url, job }
        }
        Request::PopupModel { url } => Reply::Popup {
            version: crate::VERSION,
            page: pages::classify(&url),
            record: state.record.clone(),
            orgs: state.known_orgs.clone(),
            pending_jobs: state.jobs.len(),
            settings: Box::new(env.settings.clone()),
        },
        Request::SettingsModel {} => Reply::Settings {
            effective: Box::new(env.settings.clone()),
        },
        Request::DismissBanner {} => Reply::Choice {
            attempt: 0,
            action: Some(TabAction::DismissBanner),
            open_url: None,
            need_reason: false,
            job: None,
        },
    })
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
