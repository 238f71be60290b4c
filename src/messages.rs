//! The protocol between the extension's scripts (content script, panel, popup, options) and the
//! core in the background: typed requests in, typed replies out, as JSON-shaped values.
//!
//! Every request is parsed strictly; anything malformed gets an error reply (never a panic), because
//! a message can come from a stale content script or a confused page. The web layer converts
//! JavaScript values to and from these types and does the browser mechanics a reply asks for.

use serde::{Deserialize, Serialize};

use crate::atlassian::pages::{self, PageKind};
use crate::plan::{self, GuardMode, PagePlan};

/// A request to the core.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Request {
    /// Is the core up? Answers with the version.
    Ping,
    /// The content script arrived on (or navigated to) a URL: which page is it, and what is the plan?
    PageFacts { url: String },
    /// The content script stopped a watched control (or recognised a creation dialog).
    GuardTriggered { url: String, control: String },
    /// The person chose in the panel.
    PanelChoice { attempt: u32, choice: Choice },
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
    /// Forward `action` to the tab the request came from, for attempt `attempt`.
    TabMessage {
        attempt: u32,
        action: TabAction,
    },
}

/// Why a request could not be answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProtocolError {
    pub error: String,
}

/// The part of the core's state that lives across messages (kept by the web layer).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CoreState {
    pub mode: GuardMode,
    pub next_attempt: u32,
    pub known_orgs: Vec<String>,
}

/// Parses a request from JSON, with an error that says what was wrong.
pub fn parse(value: serde_json::Value) -> Result<Request, ProtocolError> {
    serde_json::from_value(value).map_err(|e| ProtocolError {
        error: format!("malformed message: {e}"),
    })
}

/// Answers one request, updating the state.
pub fn handle(request: Request, state: &mut CoreState) -> Reply {
    match request {
        Request::Ping => Reply::Pong {
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
                plan::plan_for_mode(state.mode)
                    .pages
                    .into_iter()
                    .find(|p| p.kind == kind)
            });
            Reply::Page {
                page,
                org_id,
                mode: state.mode,
                plan,
            }
        }
        Request::GuardTriggered { url, control: _ } => {
            if state.mode == GuardMode::Off || pages::classify(&url) != Some(PageKind::ApiTokens) {
                return Reply::Ignore;
            }
            state.next_attempt = state.next_attempt.wrapping_add(1);
            Reply::ShowPanel {
                attempt: state.next_attempt,
            }
        }
        Request::PanelChoice { attempt, choice } => {
            let action = match choice {
                Choice::ContinuePersonal | Choice::NotNow if state.mode != GuardMode::Block => {
                    TabAction::Release
                }
                _ => TabAction::Cancel,
            };
            Reply::TabMessage { attempt, action }
        }
    }
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
pub fn respond(value: serde_json::Value, state: &mut CoreState) -> serde_json::Value {
    to_json(parse(value).map(|req| handle(req, state)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
        ] {
            let reply = respond(bad.clone(), &mut state);
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
        );
        assert_eq!(reply["ok"], true);
        assert_eq!(reply["page"], "api_tokens");
        assert_eq!(reply["plan"]["intercept"][0]["id"], "create_classic_token");

        let reply = respond(
            json!({"type": "page_facts", "url": "https://admin.atlassian.com/o/6a1b2c3d-0000-4000-8000-00000000c0de/users"}),
            &mut state,
        );
        assert_eq!(reply["page"], "admin_org");
        assert_eq!(state.known_orgs, ["6a1b2c3d-0000-4000-8000-00000000c0de"]);

        let reply = respond(
            json!({"type": "page_facts", "url": "https://example.com/"}),
            &mut state,
        );
        assert_eq!(reply["page"], serde_json::Value::Null);
        assert_eq!(reply["plan"], serde_json::Value::Null);
    }

    #[test]
    fn a_trigger_opens_a_panel_and_choices_release_or_cancel() {
        let mut state = CoreState::default();
        let url = "https://id.atlassian.com/manage-profile/security/api-tokens";
        let reply = respond(
            json!({"type": "guard_triggered", "url": url, "control": "create_classic_token"}),
            &mut state,
        );
        assert_eq!(reply["type"], "show_panel");
        let attempt = reply["attempt"].as_u64().unwrap();
        let reply = respond(
            json!({"type": "panel_choice", "attempt": attempt, "choice": "not_now"}),
            &mut state,
        );
        assert_eq!(reply["action"], "release");
        let reply = respond(
            json!({"type": "panel_choice", "attempt": attempt, "choice": "service_account"}),
            &mut state,
        );
        assert_eq!(reply["action"], "cancel");

        state.mode = GuardMode::Block;
        let reply = respond(
            json!({"type": "panel_choice", "attempt": attempt, "choice": "continue_personal"}),
            &mut state,
        );
        assert_eq!(reply["action"], "cancel");
        state.mode = GuardMode::Off;
        let reply = respond(
            json!({"type": "guard_triggered", "url": url, "control": "x"}),
            &mut state,
        );
        assert_eq!(reply["type"], "ignore");
    }
}
