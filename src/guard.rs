//! The personal-token guard's decisions: given what happened on the page and the effective settings,
//! which attempts are held, what the panel offers, what it recommends for each answer to "what is
//! this token for?", what each choice does to the held attempt, and what goes in the local record.
//!
//! Pure: the clock and the person's identity are passed in.

use serde::{Deserialize, Serialize};

use crate::atlassian::limits::CredentialKind;
use crate::handoff;
use crate::policy::{GuardMode, Settings};
use crate::scopes::{solver, templates};

/// How many days a scoped personal token for one's own use should live, at most.
pub const PERSONAL_EXPIRY_DAYS: u32 = 30;
/// How many days a service-account credential should live before rotation, at most.
pub const SERVICE_ACCOUNT_EXPIRY_DAYS: u32 = 90;
/// Shortest reason accepted when policy requires one.
pub const MIN_REASON_CHARS: usize = 10;
/// How many entries the local record keeps.
pub const RECORD_LIMIT: usize = 25;

/// How many pending attempts are remembered (older ones are forgotten).
pub const PENDING_LIMIT: usize = 10;
/// How many prepared (not yet armed) attempts are kept: one per tab on the tokens page is the use;
/// older ones are dropped first, so preparing never pushes out an attempt a person is deciding.
pub const PREPARED_LIMIT: usize = 3;
/// Longest token label and reason kept (a label is only a hint; a reason goes in the record).
const LABEL_CHARS: usize = 200;
const REASON_CHARS: usize = 500;

/// What the person chose in the guard's panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Choice {
    ServiceAccount,
    AskAdmin,
    ContinuePersonal,
    NotNow,
}

/// What the content script should do with the attempt it is holding (or with its own UI).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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

/// An attempt the guard is holding while the person decides.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PendingAttempt {
    pub id: u32,
    pub control: String,
    pub label: String,
    pub started_ms: f64,
    /// The unguessable key the core gave our content script with the attempt (which hands it to its
    /// panel frame by message): the panel renders, and its choice counts, only with it.
    #[serde(default)]
    pub key: String,
    /// A panel has rendered the attempt: the key is spent, so a second frame (a page framing
    /// panel.html with a reused id and key) gets nothing.
    #[serde(default)]
    pub shown: bool,
    /// `false` while the attempt is only *prepared*: the content script has its panel loaded,
    /// hidden, before any click ([`Attempts::prepare`]). Nothing can be chosen for it until the
    /// person's click arms it ([`Attempts::arm`]).
    #[serde(default = "armed_by_default")]
    pub armed: bool,
    /// What the tokens page's prefilled link said the token is for (`appId=`), if anything.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app: Option<crate::atlassian::pages::PrefillApp>,
}

fn armed_by_default() -> bool {
    true
}

/// The attempts being held, newest last, at most [`PENDING_LIMIT`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Attempts {
    pub next_attempt: u32,
    pub attempts: Vec<PendingAttempt>,
}

impl Attempts {
    /// Holds a new attempt and returns its id (never 0: 0 means "no attempt" on the wire).
    pub fn hold(&mut self, control: &str, label: &str, now_ms: f64, key: &str) -> u32 {
        self.push(control, label, now_ms, key, true)
    }

    /// Prepares an attempt before any click, so the content script can load its panel hidden and
    /// the click only reveals it. Not armed: [`Attempts::armed`] does not find it.
    pub fn prepare(&mut self, now_ms: f64, key: &str) -> u32 {
        let prepared = self.attempts.iter().filter(|a| !a.armed).count();
        if prepared >= PREPARED_LIMIT {
            if let Some(i) = self.attempts.iter().position(|a| !a.armed) {
                self.attempts.remove(i);
            }
        }
        self.push("prepared", "", now_ms, key, false)
    }

    /// Arms a prepared attempt for the control the person pressed: `Some(id)`, or `None` when it is
    /// not (or no longer) a prepared attempt; the caller then holds a new one.
    pub fn arm(&mut self, id: u32, control: &str, label: &str, now_ms: f64) -> Option<u32> {
        let a = self.attempts.iter_mut().find(|a| a.id == id && !a.armed)?;
        a.armed = true;
        a.control = control.to_string();
        a.label = label.chars().take(LABEL_CHARS).collect();
        a.started_ms = now_ms;
        Some(id)
    }

    /// Records what the page's URL says the attempt's token is for (see [`PendingAttempt::app`]).
    pub fn set_app(&mut self, id: u32, app: Option<crate::atlassian::pages::PrefillApp>) {
        if let Some(a) = self.attempts.iter_mut().find(|a| a.id == id) {
            a.app = app;
        }
    }

    fn push(&mut self, control: &str, label: &str, now_ms: f64, key: &str, armed: bool) -> u32 {
        self.next_attempt = self.next_attempt.wrapping_add(1).max(1);
        self.attempts.push(PendingAttempt {
            id: self.next_attempt,
            control: control.to_string(),
            label: label.chars().take(LABEL_CHARS).collect(),
            started_ms: now_ms,
            key: key.to_string(),
            shown: false,
            armed,
            app: None,
        });
        if self.attempts.len() > PENDING_LIMIT {
            // The oldest prepared attempt goes first: it has no person waiting on it.
            let i = self.attempts.iter().position(|a| !a.armed).unwrap_or(0);
            self.attempts.remove(i);
        }
        self.next_attempt
    }

    /// Any attempt, armed or only prepared (the panel may render a prepared one, hidden).
    pub fn find(&self, id: u32) -> Option<&PendingAttempt> {
        self.attempts.iter().find(|a| a.id == id)
    }

    /// The attempt for a panel that presents `key`: to render, the first time only (`render`); for its
    /// choice, the key alone. A wrong or empty key finds nothing, and a spent one renders nothing.
    pub fn admit(&mut self, id: u32, key: &str, render: bool) -> Option<&PendingAttempt> {
        let a = self
            .attempts
            .iter_mut()
            .find(|a| a.id == id && !a.key.is_empty() && a.key == key)?;
        if render {
            if a.shown {
                return None;
            }
            a.shown = true;
        }
        Some(a)
    }

    /// An armed attempt: one a person's click started, which a choice may decide.
    pub fn armed(&self, id: u32) -> Option<&PendingAttempt> {
        self.attempts.iter().find(|a| a.id == id && a.armed)
    }

    /// Forgets a decided attempt, so a second choice for it is an error, not a second release.
    pub fn forget(&mut self, id: u32) {
        self.attempts.retain(|a| a.id != id);
    }
}

/// Whether a held control on a page starts an attempt under a mode (`off` and `inform` never hold).
pub fn holds_attempts(mode: GuardMode) -> bool {
    !matches!(mode, GuardMode::Off | GuardMode::Inform)
}

/// The answer to "what is this token for?".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "template")]
pub enum Use {
    /// One of the use-case templates, by id.
    Template(String),
    /// An integration we have no template for.
    SomethingElse,
    /// Only the person, from their own machine: a personal token is legitimate.
    OnlyMe,
}

/// One template as the panel lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UseOption {
    pub id: String,
    pub name: String,
    pub purpose: String,
}

/// Everything the panel needs to render one attempt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PanelModel {
    pub attempt: u32,
    pub mode: GuardMode,
    /// Which control was held (`create_classic_token`, `create_scoped_token`, `creation_dialog`).
    pub control: String,
    /// What the person had typed as the token's label, when we saw it (never the token itself).
    pub label: String,
    /// Whether the person looks like an org admin (orgs seen on admin.atlassian.com, or policy).
    pub admin_likely: bool,
    pub orgs: Vec<String>,
    pub uses: Vec<UseOption>,
    pub can_continue: bool,
    pub reason_required: bool,
    pub admin_contact: String,
    pub request_url_template: String,
    pub max_expiry_days: u32,
    /// The logged-in person's email, for the owner line of the service account the panel offers.
    #[serde(default)]
    pub owner: String,
    /// Whether, after the panel's one click, the extension presses Atlassian's final buttons too.
    #[serde(default)]
    pub press_final: bool,
    /// The recommendation (and the service account it would create) for every answer the panel
    /// offers, computed by the background ([`with_advice`]) so that the panel's own wasm carries no
    /// catalog or solver: it only looks the answer up ([`PanelModel::advice_for`]). Empty until
    /// `with_advice` fills it.
    #[serde(default)]
    pub advice: Vec<AnswerAdvice>,
    /// What the page's prefilled link said the token is for: the panel says what that means
    /// (Bitbucket tokens escape the org's block policy; an AI agent has org-owned options) and
    /// lists the matching templates first ([`for_app`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app: Option<crate::atlassian::pages::PrefillApp>,
}

/// The recommendation for one answer to "what is this token for?".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnswerAdvice {
    pub answer: Use,
    pub advice: Advice,
    /// What "Create a service account instead" would create for this answer, named from the
    /// token's label (the panel renames it as the person types a name: [`handoff::suggest_name`]).
    #[serde(default)]
    pub consent: Option<handoff::ConsentModel>,
}

impl PanelModel {
    /// The precomputed recommendation for an answer (`None` when the background did not send one,
    /// which the panel shows as "no recommendation" rather than guessing).
    pub fn advice_for(&self, answer: &Use) -> Option<&Advice> {
        self.advice
            .iter()
            .find(|a| a.answer == *answer)
            .map(|a| &a.advice)
    }

    /// The precomputed consent for an answer (see [`AnswerAdvice::consent`]).
    pub fn consent_for(&self, answer: &Use) -> Option<&handoff::ConsentModel> {
        self.advice
            .iter()
            .find(|a| a.answer == *answer)
            .and_then(|a| a.consent.as_ref())
    }
}

/// The model for a token the page's link says is for `app`: the templates of that product first
/// (in their usual order), the rest after, so the likeliest answer is the first one offered.
pub fn for_app(
    mut model: PanelModel,
    app: Option<crate::atlassian::pages::PrefillApp>,
) -> PanelModel {
    use crate::atlassian::pages::PrefillApp;
    model.app = app;
    // The app a scoped token is made for, as `Product::app` names it.
    let wanted = match app {
        Some(PrefillApp::Bitbucket) => Some("Bitbucket"),
        Some(PrefillApp::Confluence) => Some("Confluence"),
        Some(PrefillApp::Jira) => Some("Jira"),
        // An agent on the Rovo MCP server reads and writes Jira and Confluence: no reorder.
        Some(PrefillApp::RovoMcp) | None => None,
    };
    let first =
        |id: &str| wanted.is_some() && templates::find(id).map(|t| t.product.app()) == wanted;
    let (mut matching, rest): (Vec<_>, Vec<_>) = model.uses.drain(..).partition(|u| first(&u.id));
    matching.extend(rest);
    model.uses = matching;
    model
}

/// Fills in the recommendation for every answer the panel offers: each listed template, "something
/// else" and "only me". The solver runs here, in the background, once per answer (all templates
/// together take a few milliseconds; see docs/performance.md).
pub fn with_advice(mut model: PanelModel, now_ms: f64) -> PanelModel {
    let answers: Vec<Use> = model
        .uses
        .iter()
        .map(|u| Use::Template(u.id.clone()))
        .chain([Use::SomethingElse, Use::OnlyMe])
        .collect();
    model.advice = answers
        .into_iter()
        .map(|answer| AnswerAdvice {
            advice: advise(&model, &answer),
            consent: (answer != Use::OnlyMe).then(|| consent_preview(&model, &answer, "", now_ms)),
            answer,
        })
        .collect();
    model
}

/// Builds the panel model for an attempt (without the advice: see [`with_advice`]).
pub fn panel_model(
    attempt: u32,
    control: &str,
    label: &str,
    settings: &Settings,
    learnt_orgs: &[String],
) -> PanelModel {
    let mut orgs: Vec<String> = settings.org_ids.clone();
    for o in learnt_orgs {
        if !orgs.contains(o) {
            orgs.push(o.clone());
        }
    }
    let uses = templates::TEMPLATES
        .iter()
        .filter(|t| {
            settings.allowed_templates.is_empty()
                || settings.allowed_templates.iter().any(|a| a == t.id)
        })
        .map(|t| UseOption {
            id: t.id.into(),
            name: t.name.into(),
            purpose: t.purpose.into(),
        })
        .collect();
    PanelModel {
        attempt,
        mode: settings.guard_mode,
        control: control.to_string(),
        label: label.chars().take(200).collect(),
        admin_likely: !orgs.is_empty(),
        orgs,
        uses,
        can_continue: settings.guard_mode != GuardMode::Block,
        reason_required: settings.guard_mode == GuardMode::RequireReason,
        admin_contact: settings.admin_contact.clone(),
        request_url_template: settings.request_url_template.clone(),
        max_expiry_days: settings.max_expiry_days,
        owner: String::new(),
        press_final: settings.allow_final_click,
        advice: Vec::new(),
        app: None,
    }
}

/// What the consent view shows for a job: its values, each scope with one line of reason (the
/// template's operations that need it, else the scope catalog's description).
pub fn consent(
    job: &handoff::HandoffJob,
    model: &PanelModel,
    now_ms: f64,
) -> handoff::ConsentModel {
    let lines = job
        .template
        .as_ref()
        .map(|t| advise(model, &Use::Template(t.clone())).scopes)
        .unwrap_or_default();
    handoff::consent_model(job, model.press_final, now_ms, |scope| {
        lines
            .iter()
            .find(|l| l.scope == scope)
            .map(|l| l.reason.clone())
            .filter(|r| !r.is_empty())
            .or_else(|| {
                crate::scopes::catalog::scope_by_name(scope)
                    .and_then(crate::scopes::catalog::scope)
                    .map(|r| r.description().to_string())
                    .filter(|d| !d.is_empty())
            })
            .unwrap_or_default()
    })
}

/// The consent the panel shows beside "Create a service account instead": the job that click makes.
pub fn consent_preview(
    model: &PanelModel,
    answer: &Use,
    name_hint: &str,
    now_ms: f64,
) -> handoff::ConsentModel {
    let hint = name_or_label(name_hint, model);
    let job = handoff_job(JobInput {
        id: String::new(),
        now_ms,
        source: handoff::Source::Guard,
        orgs: &model.orgs,
        name_hint: hint,
        owner: &model.owner,
        answer,
        model,
    });
    consent(&job, model, now_ms)
}

/// One recommended scope and why it is there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScopeLine {
    pub scope: String,
    pub reason: String,
}

/// What the panel recommends for an answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Advice {
    /// The choice the panel makes primary.
    pub primary: Choice,
    /// A personal token is a fine answer here (personal use from one's own machine).
    pub personal_ok: bool,
    pub credential: CredentialKind,
    pub scopes: Vec<ScopeLine>,
    pub exposure: u32,
    pub baseline_exposure: u32,
    /// How many times less the recommended scopes expose than the classic baseline, rounded to the
    /// nearest whole number (the panel shows it only when it rounds to 2 or more). A whole number so
    /// that the panel's module needs no float parsing or formatting (src/wire.rs).
    #[serde(default)]
    pub exposure_times: Option<u32>,
    pub expiry_days: u32,
    pub warnings: Vec<String>,
    /// The template's name, for descriptions and requests.
    pub purpose: String,
}

/// The recommendation for an answer. Service accounts for integrations, a short-lived scoped personal
/// token for personal use; the scopes always come from the solver.
pub fn advise(model: &PanelModel, answer: &Use) -> Advice {
    let personal_ok = *answer == Use::OnlyMe;
    let template = match answer {
        Use::Template(id) => templates::find(id),
        _ => None,
    };
    // Service accounts get Jira and Confluence scopes; a Bitbucket template keeps its own credential
    // kind (Bitbucket is not offered for service-account tokens: BCLOUD-23832).
    let credential = match template {
        _ if personal_ok => CredentialKind::ScopedPersonalToken,
        Some(t) if t.credential == CredentialKind::BitbucketToken => CredentialKind::BitbucketToken,
        _ => CredentialKind::ServiceAccountToken,
    };
    let primary = if personal_ok && model.can_continue {
        Choice::ContinuePersonal
    } else if model.admin_likely {
        Choice::ServiceAccount
    } else {
        Choice::AskAdmin
    };
    let days = if personal_ok {
        PERSONAL_EXPIRY_DAYS
    } else {
        SERVICE_ACCOUNT_EXPIRY_DAYS
    };
    let mut advice = Advice {
        primary,
        personal_ok,
        credential,
        scopes: Vec::new(),
        exposure: 0,
        baseline_exposure: 0,
        exposure_times: None,
        expiry_days: days.min(model.max_expiry_days.max(1)),
        warnings: Vec::new(),
        purpose: String::new(),
    };
    if let Some(template) = template {
        {
            let (operations, _unresolved) = templates::resolve(template);
            let rec = solver::solve(&operations, credential);
            advice.scopes = rec
                .scopes
                .iter()
                .map(|c| ScopeLine {
                    scope: c.scope.clone(),
                    reason: c.needed_by.join(", "),
                })
                .collect();
            advice.exposure = rec.exposure;
            advice.baseline_exposure = rec.baseline_exposure;
            // `as` saturates: a ratio beyond u32 (or NaN, which the solver never gives) cannot wrap.
            advice.exposure_times = rec.exposure_ratio.map(|r| r.round() as u32);
            advice.warnings = rec.warnings;
            advice.purpose = template.name.to_string();
        }
    }
    advice
}

/// What a choice does to the held attempt, or why it cannot be taken yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "result")]
pub enum Decision {
    Proceed {
        action: TabAction,
        outcome: Outcome,
    },
    /// Policy requires a reason of at least [`MIN_REASON_CHARS`] characters.
    NeedReason,
}

/// What happened to an attempt, as the local record (and enterprise reporting) counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    ServiceAccount,
    AskedAdmin,
    ContinuedPersonal,
    Dismissed,
    Blocked,
}

/// Decides a choice under a mode.
pub fn decide(choice: Choice, mode: GuardMode, reason: &str) -> Decision {
    let proceed = |action, outcome| Decision::Proceed { action, outcome };
    match choice {
        Choice::ServiceAccount => proceed(TabAction::Cancel, Outcome::ServiceAccount),
        Choice::AskAdmin => proceed(TabAction::Cancel, Outcome::AskedAdmin),
        Choice::ContinuePersonal => match mode {
            GuardMode::Block => proceed(TabAction::Cancel, Outcome::Blocked),
            GuardMode::RequireReason if reason.trim().chars().count() < MIN_REASON_CHARS => {
                Decision::NeedReason
            }
            _ => proceed(TabAction::Release, Outcome::ContinuedPersonal),
        },
        Choice::NotNow => match mode {
            GuardMode::Block => proceed(TabAction::Cancel, Outcome::Blocked),
            _ => proceed(TabAction::Release, Outcome::Dismissed),
        },
    }
}

/// A choice taken: what the tab does, what the record counts, and whether a hand-off job starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Chosen {
    pub action: TabAction,
    pub outcome: Outcome,
    /// The person's reason, kept only for "continue with a personal token" (trimmed to 500 chars).
    pub reason: String,
    pub entry: RecordEntry,
    /// "Create a service account instead": the router starts a hand-off job.
    pub starts_job: bool,
}

/// What a choice in the panel amounts to, or `None` while policy still wants a reason.
pub fn choose(
    choice: Choice,
    mode: GuardMode,
    answer: &Use,
    reason: &str,
    now_ms: f64,
) -> Option<Chosen> {
    let Decision::Proceed { action, outcome } = decide(choice, mode, reason) else {
        return None;
    };
    let reason: String = if outcome == Outcome::ContinuedPersonal {
        reason.chars().take(REASON_CHARS).collect()
    } else {
        String::new()
    };
    let template = match answer {
        Use::Template(id) => Some(id.clone()),
        _ => None,
    };
    Some(Chosen {
        action,
        outcome,
        entry: RecordEntry {
            at_ms: now_ms,
            outcome,
            reason: reason.clone(),
            template,
        },
        reason,
        starts_job: choice == Choice::ServiceAccount,
    })
}

/// The local record of attempts the popup shows. Never leaves the browser unless enterprise policy
/// sets a report URL.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Record {
    pub seen: u32,
    pub service_account: u32,
    pub asked_admin: u32,
    pub continued_personal: u32,
    pub dismissed: u32,
    pub blocked: u32,
    pub recent: Vec<RecordEntry>,
}

/// One decided attempt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordEntry {
    pub at_ms: f64,
    pub outcome: Outcome,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
}

impl Record {
    pub fn count_seen(&mut self) {
        self.seen = self.seen.saturating_add(1);
    }

    pub fn add(&mut self, entry: RecordEntry) {
        let counter = match entry.outcome {
            Outcome::ServiceAccount => &mut self.service_account,
            Outcome::AskedAdmin => &mut self.asked_admin,
            Outcome::ContinuedPersonal => &mut self.continued_personal,
            Outcome::Dismissed => &mut self.dismissed,
            Outcome::Blocked => &mut self.blocked,
        };
        *counter = counter.saturating_add(1);
        self.recent.insert(0, entry);
        self.recent.truncate(RECORD_LIMIT);
    }
}

/// Builds the hand-off job for "Create a service account instead".
pub struct JobInput<'a> {
    pub id: String,
    pub now_ms: f64,
    pub source: handoff::Source,
    pub orgs: &'a [String],
    pub name_hint: &'a str,
    pub owner: &'a str,
    pub answer: &'a Use,
    pub model: &'a PanelModel,
}

// How a job's name, purpose, owner and description follow from the answer and the name typed: shared
// by `handoff_job` and `renamed_consent` (the panel's live preview), which must agree.
fn job_purpose(template_purpose: &str, name_hint: &str) -> String {
    if template_purpose.is_empty() {
        name_hint.trim().to_string()
    } else {
        template_purpose.to_string()
    }
}

fn job_owner(owner: &str) -> &str {
    if owner.is_empty() {
        "unknown (set before creating)"
    } else {
        owner
    }
}

fn job_name(template: Option<&str>, name_hint: &str) -> String {
    let fallback = template
        .map(|t| format!("{t}-bot"))
        .unwrap_or_else(|| "integration".into());
    handoff::suggest_name(name_hint, &fallback)
}

fn job_description(owner: &str, purpose: &str, now_ms: f64) -> String {
    let purpose = if purpose.is_empty() {
        "integration"
    } else {
        purpose
    };
    handoff::describe(owner, purpose, &crate::util::date::iso_date(now_ms))
}

/// The name the person typed, or the page's label for the token when they typed none: the hint
/// both the background's precomputed consent and the panel's renamed one start from.
fn name_or_label<'a>(typed: &'a str, model: &'a PanelModel) -> &'a str {
    if typed.trim().is_empty() {
        model.label.as_str()
    } else {
        typed
    }
}

/// The panel's consent as the person types a name: the precomputed one (scopes, roles, expiry, from
/// the background) with the name and description `handoff_job` will give the job for that name.
/// No solver here: the panel's wasm module has none.
pub fn renamed_consent(
    base: &handoff::ConsentModel,
    model: &PanelModel,
    answer: &Use,
    typed: &str,
    now_ms: f64,
) -> handoff::ConsentModel {
    let hint = name_or_label(typed, model);
    let (template, template_purpose) = match answer {
        Use::Template(id) => model
            .uses
            .iter()
            .find(|u| &u.id == id)
            .map(|u| (Some(u.id.as_str()), u.name.as_str()))
            .unwrap_or((None, "")),
        _ => (None, ""),
    };
    let purpose = job_purpose(template_purpose, hint);
    handoff::ConsentModel {
        name: job_name(template, hint),
        description: job_description(job_owner(&model.owner), &purpose, now_ms),
        ..base.clone()
    }
}

pub fn handoff_job(input: JobInput<'_>) -> handoff::HandoffJob {
    let advice = advise(input.model, input.answer);
    let template = match input.answer {
        Use::Template(id) => templates::find(id).map(|t| t.id.to_string()),
        _ => None,
    };
    let purpose = job_purpose(&advice.purpose, input.name_hint);
    let owner = job_owner(input.owner);
    handoff::HandoffJob {
        id: input.id,
        created_ms: input.now_ms,
        expires_ms: input.now_ms + handoff::JOB_LIFETIME_MS,
        source: input.source,
        org_id: match input.orgs {
            [one] => Some(one.clone()),
            _ => None,
        },
        name: job_name(template.as_deref(), input.name_hint),
        description: job_description(owner, &purpose, input.now_ms),
        owner: owner.to_string(),
        purpose,
        template,
        scopes: advice.scopes.iter().map(|s| s.scope.clone()).collect(),
        credential: CredentialKind::ServiceAccountToken,
        expiry_days: advice.expiry_days,
        replaces_token: (input.source == handoff::Source::Migration)
            .then(|| input.name_hint.to_string()),
        progress: handoff::Progress::default(),
        lease: None,
        // The router consents a job only when an extension page's click asked for it.
        consented: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(mode: GuardMode, orgs: &[&str]) -> PanelModel {
        let settings = Settings {
            guard_mode: mode,
            ..Settings::default()
        };
        let orgs: Vec<String> = orgs.iter().map(|s| s.to_string()).collect();
        panel_model(1, "create_classic_token", "Jira sync", &settings, &orgs)
    }

    #[test]
    fn admins_get_the_service_account_first_and_others_the_request() {
        let answer = Use::Template(templates::TEMPLATES[0].id.into());
        assert_eq!(
            advise(&model(GuardMode::Warn, &["abc123ab"]), &answer).primary,
            Choice::ServiceAccount
        );
        assert_eq!(
            advise(&model(GuardMode::Warn, &[]), &answer).primary,
            Choice::AskAdmin
        );
    }

    #[test]
    fn the_panel_model_carries_the_advice_for_every_answer_it_offers() {
        let m = with_advice(model(GuardMode::Warn, &["abc123ab"]), 0.0);
        for u in &m.uses {
            let answer = Use::Template(u.id.clone());
            assert_eq!(
                m.advice_for(&answer),
                Some(&advise(&m, &answer)),
                "{}",
                u.id
            );
        }
        for answer in [Use::SomethingElse, Use::OnlyMe] {
            assert_eq!(m.advice_for(&answer), Some(&advise(&m, &answer)));
        }
        assert_eq!(m.advice_for(&Use::Template("no-such".into())), None);
        // The panel's live rename agrees with the job the click makes.
        for u in &m.uses {
            let answer = Use::Template(u.id.clone());
            let base = m.consent_for(&answer).unwrap();
            assert_eq!(
                renamed_consent(base, &m, &answer, "Nightly Export", 0.0),
                consent_preview(&m, &answer, "Nightly Export", 0.0)
            );
        }
        let other = Use::SomethingElse;
        assert_eq!(
            renamed_consent(
                m.consent_for(&other).unwrap(),
                &m,
                &other,
                "Sync to CRM",
                0.0
            ),
            consent_preview(&m, &other, "Sync to CRM", 0.0)
        );
        // What the panel receives reads back whole (the wire is JSON; no floats left in the model).
        let back: PanelModel = serde_json::from_str(&serde_json::to_string(&m).unwrap()).unwrap();
        assert_eq!(back, m);
    }

    #[test]
    fn personal_use_is_steered_to_a_short_scoped_token_without_scolding() {
        let a = advise(&model(GuardMode::Warn, &[]), &Use::OnlyMe);
        assert!(a.personal_ok);
        assert_eq!(a.primary, Choice::ContinuePersonal);
        assert_eq!(a.credential, CredentialKind::ScopedPersonalToken);
        assert_eq!(a.expiry_days, PERSONAL_EXPIRY_DAYS);
        // Under block, even personal use goes through an admin.
        assert_eq!(
            advise(&model(GuardMode::Block, &[]), &Use::OnlyMe).primary,
            Choice::AskAdmin
        );
    }

    #[test]
    fn template_advice_comes_from_the_solver_with_reasons() {
        for t in templates::TEMPLATES {
            let a = advise(&model(GuardMode::Warn, &[]), &Use::Template(t.id.into()));
            assert!(!a.scopes.is_empty(), "{}", t.id);
            assert!(a.scopes.iter().all(|s| !s.reason.is_empty()), "{}", t.id);
            assert_eq!(a.purpose, t.name);
        }
    }

    #[test]
    fn choices_under_each_mode() {
        use GuardMode::*;
        let release = |o| Decision::Proceed {
            action: TabAction::Release,
            outcome: o,
        };
        let cancel = |o| Decision::Proceed {
            action: TabAction::Cancel,
            outcome: o,
        };
        assert_eq!(
            decide(Choice::NotNow, Warn, ""),
            release(Outcome::Dismissed)
        );
        assert_eq!(
            decide(Choice::ContinuePersonal, Warn, ""),
            release(Outcome::ContinuedPersonal)
        );
        assert_eq!(
            decide(Choice::ContinuePersonal, RequireReason, "too short"),
            Decision::NeedReason
        );
        assert_eq!(
            decide(
                Choice::ContinuePersonal,
                RequireReason,
                "my own laptop script"
            ),
            release(Outcome::ContinuedPersonal)
        );
        assert_eq!(
            decide(Choice::ContinuePersonal, Block, "a very good reason"),
            cancel(Outcome::Blocked)
        );
        assert_eq!(decide(Choice::NotNow, Block, ""), cancel(Outcome::Blocked));
        assert_eq!(
            decide(Choice::ServiceAccount, Warn, ""),
            cancel(Outcome::ServiceAccount)
        );
    }

    #[test]
    fn the_record_counts_and_keeps_a_bounded_history() {
        let mut r = Record::default();
        for i in 0..30 {
            r.count_seen();
            r.add(RecordEntry {
                at_ms: i as f64,
                outcome: Outcome::Dismissed,
                reason: String::new(),
                template: None,
            });
        }
        assert_eq!(
            (r.seen, r.dismissed, r.recent.len()),
            (30, 30, RECORD_LIMIT)
        );
        assert_eq!(r.recent[0].at_ms, 29.0);
    }

    #[test]
    fn a_job_records_owner_purpose_scopes_and_expiry() {
        let m = model(GuardMode::Warn, &["abc123ab"]);
        let t = templates::TEMPLATES[0];
        let job = handoff_job(JobInput {
            id: "job1".into(),
            now_ms: 1_795_824_000_000.0,
            source: handoff::Source::Guard,
            orgs: &m.orgs,
            name_hint: "Jira Sync!",
            owner: "jane@acme.example",
            answer: &Use::Template(t.id.into()),
            model: &m,
        });
        assert_eq!(job.name, "jira-sync");
        assert_eq!(job.org_id.as_deref(), Some("abc123ab"));
        assert_eq!(job.template.as_deref(), Some(t.id));
        assert!(!job.scopes.is_empty());
        assert_eq!(job.expiry_days, SERVICE_ACCOUNT_EXPIRY_DAYS);
        let d = handoff::parse_description(&job.description).unwrap();
        assert_eq!(
            (d.owner.as_str(), d.purpose.as_str()),
            ("jane@acme.example", t.name)
        );
        assert!(job.description.contains("2026-11-28"));
    }
}
