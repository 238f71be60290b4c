//! The wire protocol between the extension's scripts and the core in the background: typed
//! requests in, typed replies out, as JSON objects tagged by `type`.
//!
//! Requests are split by who may send them. A content script runs inside Atlassian's page (the
//! least trusted place) and may send only [`ContentRequest`]s; an extension page (panel, checklist,
//! popup, options) may also send [`PageRequest`]s, which start jobs, open tabs or show settings. The
//! background tells the two apart from the browser's `sender` ([`Sender::of`]) and refuses a page
//! request from a content script, as uBlock Origin's `privileged` channels do.
//!
//! Every request is parsed strictly; anything malformed gets an error reply (never a panic). The JS
//! side takes its tags from `generated/protocol.js` ([`protocol_js`]), so a renamed tag breaks the
//! build's static test instead of a message at run time.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::atlassian::limits::CredentialKind;
use crate::atlassian::pages::PageKind;
use crate::guard::{Choice, PanelModel, Record, TabAction, Use, UseOption};
use crate::handoff::{self, ChecklistModel, QuotaWarning};
use crate::insights::{ActivityMark, ActivityRow, ServiceAccountRow, TokenRow};
use crate::plan::PagePlan;
use crate::policy::{Effective, GuardMode};

/// Who sent a message, as the browser reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sender {
    /// A content script in a tab on an Atlassian page.
    ContentScript,
    /// One of the extension's own pages (panel and checklist frames, popup, options).
    ExtensionPage,
}

impl Sender {
    /// Classifies the browser's `sender`: an extension page has the extension's own URL (the panel
    /// is one even inside a tab's frame); a content script has a tab and the page's URL. Anything
    /// else (no tab, no extension URL) is not answered.
    pub fn of(sender_url: &str, has_tab: bool, extension_base: &str) -> Option<Sender> {
        if !extension_base.is_empty() && sender_url.starts_with(extension_base) {
            Some(Sender::ExtensionPage)
        } else if has_tab {
            Some(Sender::ContentScript)
        } else {
            None
        }
    }
}

/// What a content script may ask.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum ContentRequest {
    /// Is the core up? Answers with the version.
    Ping {},
    /// The content script arrived on (or navigated to) a URL: which page is it, and what is the plan?
    PageFacts { url: String },
    /// The content script entered a page whose create buttons it holds: prepare an attempt whose
    /// panel it can load hidden, so that a click only reveals it (`panel_prepared`, or `ignore`).
    PreparePanel { url: String },
    /// The content script held a watched control (or recognised a creation dialog), revealing the
    /// panel of the attempt it `prepared` (0: none, mount a fresh one).
    GuardTriggered {
        url: String,
        control: String,
        #[serde(default)]
        label: String,
        #[serde(default, skip_serializing_if = "is_zero")]
        prepared: u32,
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
    /// A page that should hold `table` (a plan table id) shows a table whose columns were not
    /// recognised: its headers, for the options page's list of what was not recognised.
    TableNotRecognised { table: String, headers: Vec<String> },
    /// On admin.atlassian.com: is there a hand-off job to drive here, and what is its next stage?
    HandoffNext {
        url: String,
        /// Short page texts that may be the quota line ("3 of 5 service accounts used").
        #[serde(default)]
        quota_lines: Vec<String>,
    },
    /// The owner tab's drive is alive (sent every `handoff::HEARTBEAT_MS` while it runs): renews its lease.
    HandoffHeartbeat { job: String },
    /// The content script finished (or could not finish) a stage of a job.
    HandoffReport {
        job: String,
        stage: usize,
        ok: bool,
        #[serde(default)]
        log: Vec<handoff::DriveNote>,
        #[serde(default)]
        error: Option<handoff::DriveNote>,
        #[serde(default)]
        quota_lines: Vec<String>,
        /// The one-time secret is on screen: the credential exists.
        #[serde(default)]
        created: bool,
    },
}

/// What only an extension page may ask.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum PageRequest {
    /// Is the core up? Answers with the version.
    Ping {},
    /// The panel asks what to show for an attempt, with the key our content script handed it.
    PanelModel {
        attempt: u32,
        #[serde(default)]
        key: String,
    },
    /// The person chose in the panel.
    PanelChoice {
        attempt: u32,
        #[serde(default)]
        key: String,
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
    /// What the popup shows.
    PopupModel {
        #[serde(default)]
        url: String,
    },
    /// Effective settings for the options page: values, locks, policy problems.
    SettingsModel {},
    /// The options page's list of what was not recognised; `clear` empties it first.
    Diagnostics {
        #[serde(default)]
        clear: bool,
    },
    /// The `inform` banner's close button.
    DismissBanner {},
    /// The side checklist asks what to show for a job.
    HandoffModel { job: String },
    /// The person cancelled a job from the checklist.
    HandoffCancel { job: String },
    /// The admin chose, in the checklist, the org for a job that had none.
    HandoffUseOrg { job: String, org: String },
    /// The consent view asks what an offer would create (answered once per offer).
    OfferModel { offer: String },
    /// The admin's one click in the consent view: the offer becomes a consented job.
    OfferAccept { offer: String },
    /// The consent view was closed: the offer is dropped.
    OfferDecline { offer: String },
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

/// A parsed request, with the kind of sender it was accepted from.
#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    Content(ContentRequest),
    Page(PageRequest),
}

/// A reply to a content script.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ContentReply {
    Pong {
        version: String,
    },
    Page {
        page: Option<PageKind>,
        org_id: Option<String>,
        mode: GuardMode,
        plan: Option<PagePlan>,
    },
    ShowPanel {
        attempt: u32,
        /// For the panel frame only (handed over by message, never in its URL): see `Attempts::admit`.
        key: String,
    },
    /// A prepared attempt: load its panel hidden (`panel.html?attempt=…`), reveal it on the click.
    PanelPrepared {
        attempt: u32,
        /// Handed to the panel frame by message, as for `show_panel`.
        key: String,
    },
    Ignore,
    TokenMarks {
        /// Indexes of the rows that look like integrations.
        integration: Vec<usize>,
        /// Indexes of the rows unused for 90 days or more (or never used).
        stale: Vec<usize>,
    },
    /// An in-page link was clicked (by the person: untrusted events never ask): show the consent view
    /// for `offer` (an unguessable id, handed to the frame by message, never in its URL). Nothing is
    /// created and no tab opens until the admin's click in that extension page.
    ShowOffer {
        offer: String,
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
    /// Recorded; nothing to do on the page.
    Noted,
    /// What to drive next on this admin page (`stage` is absent when there is nothing to do now).
    Handoff {
        job: Option<String>,
        stage_index: usize,
        stage: Option<handoff::Stage>,
        stopped: bool,
        done: bool,
        /// The job has no org and the admin administers several: this page's org, which the checklist
        /// offers to use (the admin's click there decides; a tab never takes the job by itself).
        ask_org: Option<String>,
    },
}

/// A reply to an extension page (each page reads only the reply it expects: `web::browser::tell`,
/// `web::checklist::start_offer`, and `wire` in the panel).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum PageReply {
    Pong {
        version: String,
    },
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
    Open {
        open_url: String,
        job: String,
    },
    Popup {
        version: String,
        page: Option<PageKind>,
        record: Record,
        orgs: Vec<String>,
        pending_jobs: usize,
        settings: Box<Effective>,
        /// The org of the admin page the popup was opened on, if any.
        org_id: Option<String>,
        /// The quota line last seen, with the warning it deserves under the plan.
        quota: Option<(u32, u32)>,
        quota_warning: Option<QuotaWarning>,
        templates: Vec<UseOption>,
    },
    Settings {
        effective: Box<Effective>,
    },
    /// What the core saw and could not recognise (the options page lists it).
    Diagnostics {
        /// Tables expected on admin pages that could not be read, newest first.
        unrecognised_tables: Vec<crate::insights::TableNotice>,
    },
    Checklist {
        model: Box<ChecklistModel>,
    },
    /// What the consent view shows.
    Consent {
        model: Box<handoff::ConsentModel>,
    },
    /// Send `action` to the content script of tab `tab` (the background does it).
    Relay {
        tab: u32,
        attempt: u32,
        action: TabAction,
    },
}

/// A reply of either kind, serialised as itself (the kinds share the `type` tag space).
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum Reply {
    Content(ContentReply),
    Page(PageReply),
}

/// Why a request could not be answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProtocolError {
    pub error: String,
}

impl ProtocolError {
    pub fn new(error: impl Into<String>) -> Self {
        ProtocolError {
            error: error.into(),
        }
    }
}

/// The message the background sends to a tab's content script to carry a [`TabAction`].
pub const TAB_ACTION_MESSAGE: &str = "tw_action";

/// The tags of an internally tagged enum, in declaration order, read from serde's own "unknown
/// variant" message, so no list is kept by hand.
fn tags_of<T: serde::de::DeserializeOwned>() -> Vec<String> {
    let probe = serde_json::json!({ "type": "\u{1}" });
    let Err(e) = serde_json::from_value::<T>(probe) else {
        return Vec::new();
    };
    let text = e.to_string();
    let Some((_, list)) = text.split_once("expected one of ") else {
        return Vec::new();
    };
    list.split(", ")
        .map(|t| {
            t.trim_matches(|c: char| c == '`' || c.is_whitespace())
                .to_string()
        })
        .collect()
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// Tags a content script may send.
pub fn content_tags() -> Vec<String> {
    tags_of::<ContentRequest>()
}

/// Tags only an extension page may send.
pub fn page_tags() -> Vec<String> {
    tags_of::<PageRequest>()
}

/// The tags of [`ContentReply`] (it is not `Deserialize`: its page plans and stages are static
/// tables, so the list is kept here and checked against the enum by a test).
pub const CONTENT_REPLY_TAGS: &[&str] = &[
    "pong",
    "page",
    "show_panel",
    "panel_prepared",
    "ignore",
    "token_marks",
    "show_offer",
    "activity_marks",
    "service_account_marks",
    "noted",
    "handoff",
];

/// How deep a message may nest (objects and arrays). The background script refuses deeper messages
/// before they reach the core (`extension/background.js`, same limit); this is the core's own check.
pub const MAX_DEPTH: usize = 16;

/// Whether `value` nests deeper than [`MAX_DEPTH`], walked without recursion so a hostile message
/// cannot overflow the stack here.
pub fn too_deep(value: &Value) -> bool {
    let mut stack = vec![(value, 0usize)];
    while let Some((v, depth)) = stack.pop() {
        let children: Box<dyn Iterator<Item = &Value>> = match v {
            Value::Array(items) => Box::new(items.iter()),
            Value::Object(map) => Box::new(map.values()),
            _ => continue,
        };
        if depth >= MAX_DEPTH {
            return true;
        }
        stack.extend(children.map(|c| (c, depth + 1)));
    }
    false
}

/// Parses a request from a sender, with an error that says what was wrong.
pub fn parse(value: Value, sender: Sender) -> Result<Request, ProtocolError> {
    if too_deep(&value) {
        return Err(ProtocolError::new(format!(
            "malformed message: nested deeper than {MAX_DEPTH}"
        )));
    }
    let tag = value
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let is_content = content_tags().contains(&tag);
    let malformed = |e: serde_json::Error| ProtocolError::new(format!("malformed message: {e}"));
    match sender {
        Sender::ContentScript if !is_content && page_tags().contains(&tag) => Err(
            ProtocolError::new(format!("refused: {tag} is for extension pages only")),
        ),
        Sender::ContentScript => serde_json::from_value(value)
            .map(Request::Content)
            .map_err(malformed),
        Sender::ExtensionPage if is_content && !page_tags().contains(&tag) => {
            serde_json::from_value(value)
                .map(Request::Content)
                .map_err(malformed)
        }
        Sender::ExtensionPage => serde_json::from_value(value)
            .map(Request::Page)
            .map_err(malformed),
    }
}

/// A reply or an error as the JSON the scripts receive: `{ok: true, type, …}` or `{ok: false, error}`.
pub fn to_json(result: Result<Reply, ProtocolError>) -> Value {
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

/// Reads a page reply as the pages receive it (`ok: false` becomes the error).
pub fn read_page_reply(mut value: Value) -> Result<PageReply, ProtocolError> {
    let Some(obj) = value.as_object_mut() else {
        return Err(ProtocolError::new("malformed reply: not an object"));
    };
    match obj.remove("ok") {
        Some(Value::Bool(true)) => serde_json::from_value(value)
            .map_err(|e| ProtocolError::new(format!("malformed reply: {e}"))),
        _ => Err(ProtocolError::new(
            obj.get("error")
                .and_then(Value::as_str)
                .unwrap_or("malformed reply")
                .to_string(),
        )),
    }
}

/// `generated/protocol.js`: the tags the scripts send and read, as frozen objects on
/// `globalThis.TokenWardenProtocol` (a content script is a classic script, the background a module:
/// both can read a global).
pub fn protocol_js() -> String {
    fn object(tags: &[String]) -> String {
        let body: Vec<String> = tags.iter().map(|t| format!("{t}: '{t}'")).collect();
        format!("Object.freeze({{ {} }})", body.join(", "))
    }
    let owned = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let mut page_replies = tags_of::<PageReply>();
    let mut replies = owned(CONTENT_REPLY_TAGS);
    replies.append(&mut page_replies);
    let mut seen = std::collections::BTreeSet::new();
    replies.retain(|t| seen.insert(t.clone()));
    let actions: Vec<String> = [
        TabAction::Release,
        TabAction::Cancel,
        TabAction::DismissBanner,
        TabAction::CancelHandoff,
        TabAction::OpenPanel,
    ]
    .iter()
    .filter_map(|a| serde_json::to_value(a).ok())
    .filter_map(|v| v.as_str().map(str::to_string))
    .collect();
    format!(
        "// Generated by `token-warden dev protocol` from src/protocol.rs: do not edit.\n\
         // The message tags: `content` requests any script may send, `page` requests only extension\n\
         // pages may send (the background refuses them from a content script).\n\
         globalThis.TokenWardenProtocol = Object.freeze({{\n  content: {},\n  page: {},\n  reply: {},\n  action: {},\n  tabMessage: '{}',\n}});\n",
        object(&content_tags()),
        object(&page_tags()),
        object(&replies),
        object(&actions),
        TAB_ACTION_MESSAGE,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const EXT: &str = "chrome-extension://abcdefghijklmnop/";

    #[test]
    fn senders_are_told_apart_by_the_browser_sender() {
        let page = format!("{EXT}panel.html?attempt=3");
        assert_eq!(Sender::of(&page, true, EXT), Some(Sender::ExtensionPage));
        assert_eq!(
            Sender::of(&format!("{EXT}popup.html"), false, EXT),
            Some(Sender::ExtensionPage)
        );
        assert_eq!(
            Sender::of(
                "https://id.atlassian.com/manage-profile/security/api-tokens",
                true,
                EXT
            ),
            Some(Sender::ContentScript)
        );
        assert_eq!(Sender::of("https://evil.example/", false, EXT), None);
        // A page that puts the extension's URL in its query is still a page.
        assert_eq!(
            Sender::of(&format!("https://evil.example/?{EXT}"), true, EXT),
            Some(Sender::ContentScript)
        );
        assert_eq!(Sender::of(&page, true, ""), Some(Sender::ContentScript));
    }

    #[test]
    fn a_message_nested_deeper_than_the_limit_is_refused() {
        let mut deep = json!("leaf");
        for _ in 0..300 {
            deep = json!([deep]);
        }
        let message = json!({"type": "token_rows", "rows": deep});
        let err = parse(message, Sender::ContentScript).unwrap_err();
        assert_eq!(err.error, "malformed message: nested deeper than 16");
        // The documented shapes stay well inside the limit.
        let rows = json!({"type": "activity_rows", "rows": [{"label": "a", "owner": "o",
            "owner_status": "Active", "last_used": "today", "last_used_ms": null, "scopes": ""}]});
        assert!(parse(rows, Sender::ContentScript).is_ok());
    }

    #[test]
    fn the_tag_lists_come_from_the_enums() {
        assert_eq!(
            content_tags(),
            [
                "ping",
                "page_facts",
                "prepare_panel",
                "guard_triggered",
                "token_rows",
                "migrate",
                "activity_rows",
                "service_account_rows",
                "table_not_recognised",
                "handoff_next",
                "handoff_heartbeat",
                "handoff_report"
            ]
        );
        assert_eq!(
            page_tags(),
            [
                "ping",
                "panel_model",
                "panel_choice",
                "popup_model",
                "settings_model",
                "diagnostics",
                "dismiss_banner",
                "handoff_model",
                "handoff_cancel",
                "handoff_use_org",
                "offer_model",
                "offer_accept",
                "offer_decline",
                "open_guard",
                "popup_job"
            ]
        );
    }

    #[test]
    fn page_requests_are_refused_from_content_scripts() {
        for tag in page_tags().iter().filter(|t| *t != "ping") {
            let err = parse(json!({"type": tag, "job": "x"}), Sender::ContentScript).unwrap_err();
            assert_eq!(
                err.error,
                format!("refused: {tag} is for extension pages only")
            );
        }
        let popup_job = json!({"type": "popup_job", "template": "jira-read-only-reporting"});
        assert!(matches!(
            parse(popup_job, Sender::ExtensionPage),
            Ok(Request::Page(PageRequest::PopupJob { .. }))
        ));
        // Pages may also send what a content script sends.
        assert_eq!(
            parse(
                json!({"type": "page_facts", "url": "https://x/"}),
                Sender::ExtensionPage
            ),
            Ok(Request::Content(ContentRequest::PageFacts {
                url: "https://x/".into()
            }))
        );
        assert_eq!(
            parse(json!({"type": "ping"}), Sender::ContentScript),
            Ok(Request::Content(ContentRequest::Ping {}))
        );
    }

    #[test]
    fn requests_and_page_replies_go_both_ways() {
        let requests = [
            json!({"type": "guard_triggered", "url": "u", "control": "c", "label": "l"}),
            json!({"type": "handoff_report", "job": "j", "stage": 1, "ok": false, "log": [{"code": "pressed", "name": "Create",
                   "what": "none", "wanted": "", "count": 0, "unticked": 0}],
                   "error": {"code": "not_found", "what": "button", "name": "Next", "wanted": "",
                   "count": 0, "unticked": 0}, "quota_lines": ["3 of 5"], "created": false}),
            json!({"type": "activity_rows", "rows": [{"label": "a", "owner": "o", "owner_status": "Active",
                   "last_used": "today", "last_used_ms": null, "scopes": ""}]}),
        ];
        for r in requests {
            let parsed: ContentRequest = serde_json::from_value(r.clone()).unwrap();
            assert_eq!(serde_json::to_value(&parsed).unwrap(), r);
        }
        let choice = PageRequest::PanelChoice {
            attempt: 2,
            key: "k".into(),
            choice: Choice::ServiceAccount,
            answer: Some(Use::Template("jira-read-only-reporting".into())),
            name: "n".into(),
            reason: String::new(),
            org: "o".into(),
        };
        let wire = serde_json::to_value(&choice).unwrap();
        assert_eq!(wire["type"], "panel_choice");
        assert_eq!(serde_json::from_value::<PageRequest>(wire).unwrap(), choice);

        let reply = PageReply::Choice {
            attempt: 2,
            action: Some(TabAction::Cancel),
            open_url: None,
            need_reason: false,
            job: Some("j".into()),
        };
        let wire = to_json(Ok(Reply::Page(reply.clone())));
        assert_eq!(wire["ok"], true);
        assert_eq!(read_page_reply(wire), Ok(reply));
        assert_eq!(
            read_page_reply(to_json(Err(ProtocolError::new("unknown job x")))),
            Err(ProtocolError::new("unknown job x"))
        );
    }

    #[test]
    fn the_content_reply_tags_match_the_enum() {
        // Adding a variant breaks this match, which is the reminder to add its tag.
        fn exhaustive(r: &ContentReply) {
            match r {
                ContentReply::Pong { .. }
                | ContentReply::Page { .. }
                | ContentReply::ShowPanel { .. }
                | ContentReply::PanelPrepared { .. }
                | ContentReply::Ignore
                | ContentReply::TokenMarks { .. }
                | ContentReply::ShowOffer { .. }
                | ContentReply::ActivityMarks { .. }
                | ContentReply::ServiceAccountMarks { .. }
                | ContentReply::Noted
                | ContentReply::Handoff { .. } => {}
            }
        }
        let examples = [
            ContentReply::Pong {
                version: "v".into(),
            },
            ContentReply::Page {
                page: None,
                org_id: None,
                mode: GuardMode::Warn,
                plan: None,
            },
            ContentReply::ShowPanel {
                attempt: 1,
                key: "k".into(),
            },
            ContentReply::PanelPrepared {
                attempt: 2,
                key: "k".into(),
            },
            ContentReply::Ignore,
            ContentReply::TokenMarks {
                integration: vec![],
                stale: vec![],
            },
            ContentReply::ShowOffer { offer: "o".into() },
            ContentReply::ActivityMarks {
                marks: vec![],
                scopes: vec![],
            },
            ContentReply::ServiceAccountMarks { unowned: vec![] },
            ContentReply::Noted,
            ContentReply::Handoff {
                job: None,
                stage_index: 0,
                stage: None,
                stopped: false,
                done: false,
                ask_org: None,
            },
        ];
        let tags: Vec<String> = examples
            .iter()
            .map(|r| {
                exhaustive(r);
                serde_json::to_value(r).unwrap()["type"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        assert_eq!(tags, CONTENT_REPLY_TAGS);
    }

    #[test]
    fn the_generated_js_names_every_tag() {
        let js = protocol_js();
        for tag in content_tags()
            .into_iter()
            .chain(page_tags())
            .chain(tags_of::<PageReply>())
        {
            assert!(js.contains(&format!("{tag}: '{tag}'")), "{tag}");
        }
        assert!(js.contains("show_panel: 'show_panel'"));
        assert!(js.contains("cancel_handoff: 'cancel_handoff'"));
        assert!(js.contains("tabMessage: 'tw_action'"));
    }
}
