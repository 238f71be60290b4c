//! A service-account hand-off job: what to create on admin.atlassian.com (suggested name, a description
//! that records owner and purpose, the template and its scopes, the expiry), and the text of a request
//! to an admin. Pure data and functions; the background keeps jobs in extension storage, never in a
//! URL, and a job never holds a secret.

use serde::{Deserialize, Serialize};

use crate::atlassian::admin::{self, Names};
use crate::atlassian::limits::CredentialKind;
use crate::util::date::iso_date;
use crate::util::percent::percent_encode;

/// How long a job waits to be picked up on admin.atlassian.com.
pub const JOB_LIFETIME_MS: f64 = 2.0 * 60.0 * 60.0 * 1000.0;
/// Longest name we suggest (Atlassian derives the account's email from it).
pub const MAX_NAME_LEN: usize = 40;
/// Marker that ends every description Token Warden writes, so lists can recognise them.
pub const DESCRIPTION_MARK: &str = "via Token Warden";

/// Where a job came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// The guard's panel on id.atlassian.com.
    Guard,
    /// The popup's quick action.
    Popup,
    /// A "Move to a service account" link beside an existing token.
    Migration,
}

/// One service account (and its credential) to create.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HandoffJob {
    pub id: String,
    pub created_ms: f64,
    pub expires_ms: f64,
    pub source: Source,
    pub org_id: Option<String>,
    pub name: String,
    pub description: String,
    pub owner: String,
    pub purpose: String,
    pub template: Option<String>,
    pub scopes: Vec<String>,
    pub credential: CredentialKind,
    pub expiry_days: u32,
    /// The label of the personal token this service account replaces, if any.
    pub replaces_token: Option<String>,
    /// How far the drive on admin.atlassian.com got.
    #[serde(default)]
    pub progress: Progress,
    /// The tab that drives the job now, if any (see [`HandoffJob::claim`]).
    #[serde(default)]
    pub lease: Option<Lease>,
    /// The admin agreed, by a click in an extension page that showed what will be created (the
    /// guard's panel, the popup, the consent view an in-page link opens), that the drive goes to the
    /// end. Only then may it press Atlassian's final buttons (and only when settings allow it: see
    /// [`presses_final`]). A page script cannot set it: no content-script request does.
    #[serde(default)]
    pub consented: bool,
}

/// Whether the drive of `job` presses Atlassian's final Create buttons itself: the admin consented
/// in the extension's own UI, and settings (policy `allowFinalClick`, default true) do not require the
/// admin's own click on those buttons.
pub fn presses_final(job: &HandoffJob, allow_final_click: bool) -> bool {
    allow_final_click && job.consented
}

/// What the consent view shows before its one button: everything the drive will create.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConsentModel {
    /// The offer (or job) this consent is for.
    pub id: String,
    pub name: String,
    pub description: String,
    /// The app role as the admin page shows it ("Jira → User").
    pub role_label: String,
    pub credential: CredentialKind,
    pub scopes: Vec<ConsentScope>,
    /// The credential's expiry date (YYYY-MM-DD), and its length in days.
    pub expiry: String,
    pub expiry_days: u32,
    /// Whether the extension will press Atlassian's final Create buttons after the consent (false when
    /// policy requires the admin's own click there).
    pub press_final: bool,
    /// The label of the personal token this replaces, if any.
    pub replaces_token: Option<String>,
}

/// One scope and one line saying why it is needed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConsentScope {
    pub scope: String,
    pub reason: String,
}

/// The consent view's model for a job (or a job not yet made), `reason` giving each scope's line.
pub fn consent_model(
    job: &HandoffJob,
    allow_final_click: bool,
    now_ms: f64,
    reason: impl Fn(&str) -> String,
) -> ConsentModel {
    ConsentModel {
        id: job.id.clone(),
        name: job.name.clone(),
        description: job.description.clone(),
        role_label: admin::role_label(role_for(job)).to_string(),
        credential: job.credential,
        scopes: job
            .scopes
            .iter()
            .map(|s| ConsentScope {
                scope: s.clone(),
                reason: reason(s),
            })
            .collect(),
        expiry: expiry_date(now_ms, job.expiry_days),
        expiry_days: job.expiry_days,
        press_final: allow_final_click,
        replaces_token: job.replaces_token.clone(),
    }
}

/// Which tab drives a job, until when. A lease is renewed by every message of its tab, and is void
/// once it runs out or its tab is closed, so a crash or a closed tab never blocks the job for long.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Lease {
    pub tab: i64,
    pub until_ms: f64,
}

/// How long a lease lasts without a message from its tab. The owner tab's drive sends a heartbeat
/// every [`HEARTBEAT_MS`] while it runs (also while it waits for the admin's click on a final button),
/// so a live tab keeps its job and a crashed or frozen one loses it within a minute and a half.
pub const LEASE_MS: f64 = 90.0 * 1000.0;
/// How often the owner tab renews its lease (`handoff_heartbeat`); the content script uses this value.
pub const HEARTBEAT_MS: f64 = 15.0 * 1000.0;

impl HandoffJob {
    pub fn is_expired(&self, now_ms: f64) -> bool {
        now_ms >= self.expires_ms
    }

    /// The tab holding a live lease on the job (open, not run out), if any.
    pub fn lease_holder(&self, open_tabs: &[i64], now_ms: f64) -> Option<i64> {
        self.lease
            .filter(|l| l.until_ms > now_ms && open_tabs.contains(&l.tab))
            .map(|l| l.tab)
    }

    /// Claims (or renews) the job for `tab`: true when this tab may drive it, false while another open
    /// tab holds a live lease. A message without a tab (not from a content script) never claims.
    pub fn claim(&mut self, tab: Option<i64>, open_tabs: &[i64], now_ms: f64) -> bool {
        let Some(tab) = tab else {
            return false;
        };
        if let Some(lease) = self.lease {
            let live = lease.until_ms > now_ms && open_tabs.contains(&lease.tab);
            if live && lease.tab != tab {
                return false;
            }
        }
        self.lease = Some(Lease {
            tab,
            until_ms: now_ms + LEASE_MS,
        });
        true
    }
}

/// A service-account name from what the person typed as the token label: lower case, ASCII letters,
/// digits and single dashes, at most [`MAX_NAME_LEN`]; `fallback` when nothing usable is left (for
/// example a label written entirely in Japanese).
pub fn suggest_name(label: &str, fallback: &str) -> String {
    let mut name = String::new();
    for c in label.trim().chars().flat_map(lowercase_for_name) {
        if c.is_ascii_alphanumeric() {
            name.push(c);
        } else if !name.ends_with('-') && !name.is_empty() {
            name.push('-');
        }
        if name.len() >= MAX_NAME_LEN {
            break;
        }
    }
    let name = name.trim_matches('-').to_string();
    if name.len() < 2 {
        let fb = suggest_name_plain(fallback);
        return if fb.len() < 2 {
            "integration".into()
        } else {
            fb
        };
    }
    name
}

/// What `char::to_lowercase` gives, as far as [`suggest_name`] can tell: it keeps only ASCII letters
/// and digits and turns any run of other characters into one dash. Only two non-ASCII characters
/// lower-case to ASCII letters (checked over every `char` in the tests); every other non-ASCII
/// character stays a separator. Written out so that the panel's wasm module, which renames as the
/// person types, carries no Unicode case tables (about 11 KB).
fn lowercase_for_name(c: char) -> impl Iterator<Item = char> {
    let (first, second) = match c {
        // LATIN CAPITAL LETTER I WITH DOT ABOVE: "i" and a combining dot.
        '\u{130}' => ('i', Some('\u{307}')),
        // KELVIN SIGN: "k".
        '\u{212a}' => ('k', None),
        c => (c.to_ascii_lowercase(), None),
    };
    std::iter::once(first).chain(second)
}

fn suggest_name_plain(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-")
        .chars()
        .take(MAX_NAME_LEN)
        .collect()
}

/// The description Token Warden writes on a service account: Atlassian keeps no owner for service
/// accounts, so the owner, purpose and date live here, in one documented format:
/// `Owner: <who> · Purpose: <what> · Created: <YYYY-MM-DD> · via Token Warden`.
pub fn describe(owner: &str, purpose: &str, date: &str) -> String {
    let clean = |s: &str| {
        s.replace('·', "-")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    format!(
        "Owner: {} · Purpose: {} · Created: {} · {DESCRIPTION_MARK}",
        clean(owner),
        clean(purpose),
        clean(date)
    )
}

/// What a description records, when it follows [`describe`]'s format (or at least names an owner and
/// a purpose, however it was written).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DescribedOwner {
    pub owner: String,
    pub purpose: String,
}

/// Reads owner and purpose back from a description; `None` when either is missing.
pub fn parse_description(description: &str) -> Option<DescribedOwner> {
    let field = |name: &str| -> Option<String> {
        description.split('·').find_map(|part| {
            let (k, v) = part.split_once(':')?;
            (k.trim().eq_ignore_ascii_case(name) && !v.trim().is_empty())
                .then(|| v.trim().to_string())
        })
    };
    Some(DescribedOwner {
        owner: field("owner")?,
        purpose: field("purpose")?,
    })
}

/// Where to send an admin to start: the org's overview when exactly one org is known, else the org
/// picker. (The service-accounts page's own path is unconfirmed; the admin-side helper finds it.)
pub fn admin_start_url(orgs: &[String]) -> String {
    match orgs {
        [one] => format!("https://admin.atlassian.com/o/{one}/overview"),
        _ => "https://admin.atlassian.com/".into(),
    }
}

/// Fills a request-form URL template: each `{key}` of `values` becomes its percent-encoded value
/// (other braces stay as they are). One pass with char patterns: a substring search would bring
/// its panic formatting and Unicode tables into the panel's wasm module.
pub fn fill_url_template(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some((before, after)) = rest.split_once('{') {
        out.push_str(before);
        let filled = after.split_once('}').and_then(|(key, tail)| {
            let (_, value) = values.iter().find(|(k, _)| *k == key)?;
            Some((value, tail))
        });
        match filled {
            Some((value, tail)) => {
                out.push_str(&percent_encode(value));
                rest = tail;
            }
            // Not one of ours: keep the brace and look for the next one after it.
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_drive_note_has_a_message_in_every_language() {
        let locales = [
            ("en", include_str!("../extension/_locales/en/messages.json")),
            ("de", include_str!("../extension/_locales/de/messages.json")),
            ("es", include_str!("../extension/_locales/es/messages.json")),
            ("fr", include_str!("../extension/_locales/fr/messages.json")),
            ("ja", include_str!("../extension/_locales/ja/messages.json")),
        ];
        for (lang, raw) in locales {
            let messages: serde_json::Value = serde_json::from_str(raw).unwrap();
            let keys = DriveCode::ALL
                .iter()
                .map(|c| {
                    format!(
                        "drive_{}",
                        serde_json::to_value(c).unwrap().as_str().unwrap()
                    )
                })
                .chain(DriveThing::ALL.iter().map(|w| {
                    format!(
                        "drive_what_{}",
                        serde_json::to_value(w).unwrap().as_str().unwrap()
                    )
                }));
            for key in keys {
                assert!(messages[&key]["message"].is_string(), "{lang} lacks {key}");
            }
        }
    }

    #[test]
    fn a_stage_report_keeps_codes_caps_names_and_reads_unknown_codes_as_unknown() {
        let note: DriveNote = serde_json::from_value(serde_json::json!(
            {"code": "from_the_future", "what": "hologram", "name": "x".repeat(5000)}
        ))
        .unwrap();
        assert_eq!(
            (note.code, note.what),
            (DriveCode::Unknown, DriveThing::Unknown)
        );
        let mut p = Progress::default();
        p.record_report(
            StageReport {
                stage: 0,
                ok: false,
                log: vec![DriveNote {
                    code: DriveCode::Pressed,
                    name: "Create".into(),
                    ..DriveNote::default()
                }],
                error: Some(note),
                ..StageReport::default()
            },
            3,
        );
        assert_eq!(p.log[0].code, DriveCode::Pressed);
        let stopped = p.stopped.unwrap();
        assert_eq!(stopped.code, DriveCode::Unknown);
        assert_eq!(stopped.name.chars().count(), NOTE_NAME_CHARS);
    }

    #[test]
    fn names_come_from_labels() {
        assert_eq!(suggest_name("Jira Sync Bot!", "x"), "jira-sync-bot");
        assert_eq!(
            suggest_name("  --CI / builds__2026 ", "x"),
            "ci-builds-2026"
        );
        assert_eq!(suggest_name("レポート", "jira-reporting"), "jira-reporting");
        assert_eq!(suggest_name("", ""), "integration");
        let long = suggest_name(&"a".repeat(100), "x");
        assert_eq!(long.len(), MAX_NAME_LEN);
        for label in ["Ünïcödé tøken", "a b c", "x", "!!!", "ok-name"] {
            let n = suggest_name(label, "fallback-name");
            assert!(n.len() >= 2 && n.len() <= MAX_NAME_LEN, "{n}");
            assert!(
                n.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{n}"
            );
            assert!(
                !n.starts_with('-') && !n.ends_with('-') && !n.contains("--"),
                "{n}"
            );
        }
    }

    #[test]
    fn descriptions_round_trip() {
        let d = describe(
            "jane.doe@acme.example",
            "Nightly Jira · report",
            "2026-11-28",
        );
        assert_eq!(d, "Owner: jane.doe@acme.example · Purpose: Nightly Jira - report · Created: 2026-11-28 · via Token Warden");
        let parsed = parse_description(&d).unwrap();
        assert_eq!(parsed.owner, "jane.doe@acme.example");
        assert_eq!(parsed.purpose, "Nightly Jira - report");
        assert_eq!(parse_description("CI builds"), None);
        assert_eq!(parse_description("Owner: bob · Purpose:"), None);
        assert!(parse_description("owner: bob · purpose: deploys").is_some());
    }

    #[test]
    fn dates() {
        assert_eq!(iso_date(0.0), "1970-01-01");
        assert_eq!(iso_date(1_795_824_000_000.0), "2026-11-28");
        assert_eq!(iso_date(951_782_400_000.0), "2000-02-29");
    }

    #[test]
    fn urls() {
        assert_eq!(admin_start_url(&[]), "https://admin.atlassian.com/");
        assert_eq!(
            admin_start_url(&["abc".into()]),
            "https://admin.atlassian.com/o/abc/overview"
        );
        assert_eq!(
            fill_url_template(
                "https://desk.example/new?n={name}&s={scopes}",
                &[("name", "a b"), ("scopes", "read:x&y")]
            ),
            "https://desk.example/new?n=a%20b&s=read%3Ax%26y"
        );
    }

    #[test]
    fn url_templates_fill_as_one_replace_per_key_did() {
        // The earlier definition, one `str::replace` per key, as the reference.
        let by_replace = |template: &str, values: &[(&str, &str)]| {
            let mut out = template.to_string();
            for (key, value) in values {
                out = out.replace(&format!("{{{key}}}"), &percent_encode(value));
            }
            out
        };
        let values = [
            ("name", "a {scopes} b"),
            ("scopes", "read:x&y"),
            ("expiry", "90"),
            ("requester", ""),
        ];
        for template in [
            "",
            "plain",
            "{name}",
            "{{name}}",
            "{name}{scopes}{name}",
            "a{b{name}c}d",
            "{unknown}&n={name}",
            "{",
            "}{",
            "{name",
            "x={expiry}&r={requester}&é={name}😀{",
        ] {
            assert_eq!(
                fill_url_template(template, &values),
                by_replace(template, &values),
                "{template}"
            );
        }
    }

    #[test]
    fn names_lower_case_every_char_as_to_lowercase_does() {
        // The earlier definition, with the full Unicode lower-casing, as the reference.
        let reference = |label: &str| {
            let mut name = String::new();
            for c in label.trim().chars().flat_map(char::to_lowercase) {
                if c.is_ascii_alphanumeric() {
                    name.push(c);
                } else if !name.ends_with('-') && !name.is_empty() {
                    name.push('-');
                }
                if name.len() >= MAX_NAME_LEN {
                    break;
                }
            }
            name.trim_matches('-').to_string()
        };
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            // Always at least "ab-cd", so the fallback never applies.
            let label = format!("ab{c}cd{c}");
            assert_eq!(
                suggest_name(&label, ""),
                reference(&label),
                "U+{:04X}",
                c as u32
            );
        }
        assert_eq!(suggest_name("\u{212a}elvin", "x"), "kelvin");
        assert_eq!(suggest_name("\u{130}stanbul", "x"), "i-stanbul");
    }
}

// ---- Driving admin.atlassian.com ----------------------------------------------------------------
//
// The flow is data: stages of small operations that the content script performs the way a person
// would (follow a link by its name, fill a field by its label, tick a box by its label), stopping
// with the final button highlighted for the admin's own click. Any operation that cannot be done
// with certainty stops the drive, and the side checklist lets the admin finish by hand.

/// One thing the content script does on the page.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Op {
    /// Follow the navigation link with one of these names; if there is none, go to `fallback_url`.
    FollowLink { names: Names, fallback_url: String },
    /// Wait until the URL path matches one of these patterns (the `pages` pattern language).
    WaitPath { paths: &'static [&'static str] },
    /// Once the list has finished loading (no busy table, the `ready` button enabled): if it already
    /// has an account with this exact name (a resumed job, a second tab), open it and skip the rest of
    /// the stage instead of creating a duplicate.
    OpenExisting { name: String, ready: Names },
    /// Make sure the account's own page is open (a resumed job in a new tab starts elsewhere): from
    /// any page follow the `nav` link to the list, wait for it to load (`ready` enabled), and open the
    /// account by name. Nothing to do on an account's page.
    GoToAccount {
        name: String,
        nav: Names,
        ready: Names,
        list_paths: &'static [&'static str],
        detail_paths: &'static [&'static str],
    },
    /// After the account's final button: wait (as long as the admin needs) until the page is the
    /// account's own page, or the reloaded list shows the account by name, which is then opened.
    OpenCreated { name: String },
    /// Once the account's page has loaded (`ready` enabled): if its credentials list already has one
    /// with this exact name, the credential exists (a reload after the POST): the job is done.
    CredentialListed { name: String, ready: Names },
    /// Click the button with one of these names (in the open dialog when there is one).
    Click { names: Names },
    /// Wait for a dialog to open.
    WaitDialog,
    /// Type into the field labelled with one of these names (React must receive it).
    Fill { label: Names, value: String },
    /// Tick (or untick) the checkbox or radio labelled with one of these names.
    Check { label: Names, checked: bool },
    /// Give an app role, however the page draws it: a Select labelled with the app's name (open it,
    /// type, pick the option named `role`, then read the value the control renders), or a checkbox
    /// named like "Jira: User" (`checkbox`).
    SetRole {
        app: Names,
        role: Names,
        checkbox: Names,
    },
    /// Set a date field labelled with one of these names to `value` (YYYY-MM-DD): a DatePicker
    /// (type the date, press Enter, read the rendered value) or a native date input.
    SetDate { label: Names, value: String },
    /// In a scope picker: tick exactly these scopes (searching for each), untick any other.
    SetScopes { search: Names, scopes: Vec<String> },
    /// Focus and highlight the final button; press it only when `press` (settings allow it).
    Final { names: Names, press: bool },
    /// Wait for the one-time secret display, then show the after-creation checklist beside it.
    AwaitSecret { names: Names },
}

/// A stage of the flow.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stage {
    pub id: &'static str,
    pub ops: Vec<Op>,
}

/// Where the drive stands (kept with the job, so a reload resumes instead of restarting).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Progress {
    pub stage: usize,
    /// The drive stopped (and why): the admin finishes by hand with the checklist.
    pub stopped: Option<DriveNote>,
    pub done: bool,
    /// What the extension did, in order (shown in the checklist through `drive_<code>` messages).
    pub log: Vec<DriveNote>,
    /// Service accounts the org has, and its plan limit, when the list page showed them.
    pub quota: Option<(u32, u32)>,
}

/// The role a job's account needs (from its template's product; Jira by default).
pub fn role_for(job: &HandoffJob) -> &'static str {
    job.template
        .as_deref()
        .and_then(crate::scopes::templates::find)
        .map(|t| role_for_product(t.product))
        .unwrap_or("jira:user")
}

/// The app role a template's product needs (the ids `admin::ROLES` names on the page).
pub fn role_for_product(product: crate::scopes::catalog::Product) -> &'static str {
    use crate::scopes::catalog::Product;
    match product {
        Product::ConfluenceV1 | Product::ConfluenceV2 => "confluence:user",
        Product::JiraServiceManagement => "jsm:agent",
        _ => "jira:user",
    }
}

/// The stages for a job. `press_final` is the "let the extension press Create" setting; the final
/// buttons are pressed only for a consented job (see [`presses_final`]).
pub fn stages(job: &HandoffJob, press_final: bool, now_ms: f64) -> Vec<Stage> {
    let press_final = presses_final(job, press_final);
    let org = job.org_id.as_deref().unwrap_or("");
    let role = role_for(job);
    let role_names = admin::ROLES
        .iter()
        .find(|(id, _)| *id == role)
        .map(|(_, n)| *n)
        .unwrap_or(admin::ROLES[0].1);
    let (role_app, role_name) = admin::role_parts(role);
    let list_url = format!(
        "https://admin.atlassian.com/{}",
        admin::SERVICE_ACCOUNTS_PATH_GUESSES[0].replace("{org}", org)
    );
    let oauth = job.credential == CredentialKind::ServiceAccountOauth;
    let credential_name = format!("{}-{}", job.name, if oauth { "oauth" } else { "token" });
    let mut credential = vec![
        Op::GoToAccount {
            name: job.name.clone(),
            nav: admin::NAV_SERVICE_ACCOUNTS,
            ready: admin::CREATE_SERVICE_ACCOUNT,
            list_paths: admin::SERVICE_ACCOUNTS_LIST_PATHS,
            detail_paths: admin::SERVICE_ACCOUNT_DETAIL_PATHS,
        },
        Op::WaitPath {
            paths: admin::SERVICE_ACCOUNT_DETAIL_PATHS,
        },
        Op::CredentialListed {
            name: credential_name.clone(),
            ready: admin::CREATE_CREDENTIALS,
        },
        Op::Click {
            names: admin::CREATE_CREDENTIALS,
        },
        Op::WaitDialog,
        Op::Check {
            label: if oauth {
                admin::CREDENTIAL_OAUTH
            } else {
                admin::CREDENTIAL_API_TOKEN
            },
            checked: true,
        },
        Op::Click {
            names: admin::BUTTON_NEXT,
        },
        Op::Fill {
            label: admin::FIELD_NAME,
            value: credential_name,
        },
    ];
    if !oauth {
        credential.push(Op::SetDate {
            label: admin::FIELD_EXPIRY,
            value: expiry_date(now_ms, job.expiry_days),
        });
    }
    credential.extend([
        Op::Click {
            names: admin::BUTTON_NEXT,
        },
        Op::SetScopes {
            search: admin::FIELD_SCOPE_SEARCH,
            scopes: job.scopes.clone(),
        },
        Op::Click {
            names: admin::BUTTON_NEXT,
        },
        Op::Final {
            names: admin::BUTTON_CREATE,
            press: press_final,
        },
        Op::AwaitSecret {
            names: admin::COPY_SECRET,
        },
    ]);
    vec![
        Stage {
            id: "open_list",
            ops: vec![
                Op::FollowLink {
                    names: admin::NAV_SERVICE_ACCOUNTS,
                    fallback_url: list_url.clone(),
                },
                Op::WaitPath {
                    paths: admin::SERVICE_ACCOUNTS_LIST_PATHS,
                },
            ],
        },
        Stage {
            id: "create_account",
            ops: vec![
                // Already on the list after `open_list`; a resumed job in a new tab is not.
                Op::FollowLink {
                    names: admin::NAV_SERVICE_ACCOUNTS,
                    fallback_url: list_url.clone(),
                },
                Op::WaitPath {
                    paths: admin::SERVICE_ACCOUNTS_LIST_PATHS,
                },
                Op::OpenExisting {
                    name: job.name.clone(),
                    ready: admin::CREATE_SERVICE_ACCOUNT,
                },
                Op::Click {
                    names: admin::CREATE_SERVICE_ACCOUNT,
                },
                Op::WaitDialog,
                Op::Fill {
                    label: admin::FIELD_NAME,
                    value: job.name.clone(),
                },
                Op::Fill {
                    label: admin::FIELD_DESCRIPTION,
                    value: job.description.clone(),
                },
                Op::Click {
                    names: admin::BUTTON_NEXT,
                },
                Op::SetRole {
                    app: role_app,
                    role: role_name,
                    checkbox: role_names,
                },
                Op::Final {
                    names: admin::BUTTON_CREATE,
                    press: press_final,
                },
                Op::OpenCreated {
                    name: job.name.clone(),
                },
                Op::WaitPath {
                    paths: admin::SERVICE_ACCOUNT_DETAIL_PATHS,
                },
            ],
        },
        Stage {
            id: "create_credential",
            ops: credential,
        },
    ]
}

/// The expiry date to type: `YYYY-MM-DD`, `days` after `now_ms`.
pub fn expiry_date(now_ms: f64, days: u32) -> String {
    iso_date(now_ms + f64::from(days) * 86_400_000.0)
}

/// Longest name in a note and log length kept (the content script is not trusted to be short).
const NOTE_NAME_CHARS: usize = 200;
const LOG_LINES: usize = 100;

/// What the drive did or met, as a code: the content script speaks no language, the checklist renders
/// `drive_<code>` from `_locales` with the note's name, thing (`drive_what_<what>`) and counts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DriveNote {
    pub code: DriveCode,
    /// The control, field or scope concerned (its accessible name or label on the page).
    pub name: String,
    /// What was not found.
    pub what: DriveThing,
    /// For a picker mismatch: the scopes the picker should hold.
    pub wanted: String,
    /// Scopes ticked; pre-ticked scopes unticked.
    pub count: u32,
    pub unticked: u32,
}

/// Everything the drive reports (the second half are reasons to stop).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DriveCode {
    Followed,
    Navigated,
    Reached,
    OpenedExisting,
    Pressed,
    DialogOpen,
    Filled,
    Ticked,
    Unticked,
    ScopesSet,
    WaitingForClick,
    PressedAllowed,
    Created,
    RoleSet,
    DateSet,
    CredentialExists,
    NotFound,
    Disabled,
    NotTaken,
    NotACheckbox,
    DidNotChange,
    PickerMismatch,
    Cancelled,
    /// A code this version does not know (a newer or tampered content script).
    #[default]
    #[serde(other)]
    Unknown,
}

/// What a `not_found` note was looking for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DriveThing {
    #[default]
    None,
    Button,
    Field,
    Option,
    Page,
    List,
    Dialog,
    ScopePicker,
    SearchBox,
    Scope,
    Credential,
    #[serde(other)]
    Unknown,
}

impl DriveCode {
    pub const ALL: &'static [DriveCode] = &[
        Self::Followed,
        Self::Navigated,
        Self::Reached,
        Self::OpenedExisting,
        Self::Pressed,
        Self::DialogOpen,
        Self::Filled,
        Self::Ticked,
        Self::Unticked,
        Self::ScopesSet,
        Self::WaitingForClick,
        Self::PressedAllowed,
        Self::Created,
        Self::RoleSet,
        Self::DateSet,
        Self::CredentialExists,
        Self::NotFound,
        Self::Disabled,
        Self::NotTaken,
        Self::NotACheckbox,
        Self::DidNotChange,
        Self::PickerMismatch,
        Self::Cancelled,
        Self::Unknown,
    ];
}

impl DriveThing {
    pub const ALL: &'static [DriveThing] = &[
        Self::Button,
        Self::Field,
        Self::Option,
        Self::Page,
        Self::List,
        Self::Dialog,
        Self::ScopePicker,
        Self::SearchBox,
        Self::Scope,
        Self::Credential,
        Self::Unknown,
    ];
}

impl DriveNote {
    /// The note with its strings cut to a length the checklist can show.
    fn capped(mut self) -> Self {
        self.name = self.name.chars().take(NOTE_NAME_CHARS).collect();
        self.wanted = self.wanted.chars().take(NOTE_NAME_CHARS * 4).collect();
        self
    }
}

/// What the content script reported about one stage.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StageReport {
    pub stage: usize,
    pub ok: bool,
    pub log: Vec<DriveNote>,
    pub error: Option<DriveNote>,
    pub quota: Option<(u32, u32)>,
    /// The one-time secret is on screen: the credential exists.
    pub created: bool,
}

impl Progress {
    /// Takes a stage report: keeps the log (capped), advances past a finished stage (done after the
    /// last of `total`, or as soon as the credential exists), or stops with the error. A report for
    /// another stage than the current one (a stale tab) only adds to the log.
    pub fn record_report(&mut self, report: StageReport, total: usize) {
        self.log.extend(
            report
                .log
                .into_iter()
                .take(LOG_LINES)
                .map(DriveNote::capped),
        );
        if self.log.len() > LOG_LINES {
            let excess = self.log.len() - LOG_LINES;
            self.log.drain(..excess);
        }
        if report.quota.is_some() {
            self.quota = report.quota;
        }
        if report.stage == self.stage {
            if report.ok {
                self.stage += 1;
                self.done = report.created || self.stage >= total;
            } else {
                self.stopped = Some(report.error.unwrap_or_default().capped());
            }
        }
        if report.created {
            self.done = true;
        }
    }
}

/// The stage to drive now, if any: none once the drive stopped or is done, and none before the
/// page names the org (`org_known`).
pub fn next_stage(
    job: &HandoffJob,
    press_final: bool,
    now_ms: f64,
    org_known: bool,
) -> Option<Stage> {
    let p = &job.progress;
    (org_known && p.stopped.is_none() && !p.done)
        .then(|| stages(job, press_final, now_ms).get(p.stage).cloned())
        .flatten()
}

/// The checklist for a job under a plan's service-account limit.
pub fn checklist_model(
    job: &HandoffJob,
    press_final: bool,
    limit: u32,
    now_ms: f64,
) -> ChecklistModel {
    let used = job.progress.quota.map(|(used, _)| used);
    ChecklistModel {
        job: job.clone(),
        progress: job.progress.clone(),
        stage_ids: stages(job, press_final, now_ms)
            .iter()
            .map(|s| s.id.to_string())
            .collect(),
        role: role_for(job).to_string(),
        role_label: admin::role_label(role_for(job)).to_string(),
        expiry: expiry_date(now_ms, job.expiry_days),
        limit,
        quota_warning: used.and_then(|u| quota_warning(u, limit)),
        press_final: presses_final(job, press_final),
    }
}

/// What the side checklist shows for a job: the values to copy and the steps left.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChecklistModel {
    pub job: HandoffJob,
    pub progress: Progress,
    pub stage_ids: Vec<String>,
    pub role: String,
    /// The role as the page shows it ("Jira → User"), not its id.
    pub role_label: String,
    pub expiry: String,
    /// The plan's service-account limit, and whether this account reaches or passes it.
    pub limit: u32,
    pub quota_warning: Option<QuotaWarning>,
    /// Whether the drive presses Atlassian's final buttons itself (else it waits for the admin's click).
    #[serde(default)]
    pub press_final: bool,
}

/// A warning before the plan's service-account limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuotaWarning {
    /// This account will use the last one the plan allows.
    LastOne,
    /// The plan's limit is reached: upgrade or clean up first.
    Full,
}

/// Warns before the limit: at `limit - 1` used (this is the last) and at `limit` (full).
pub fn quota_warning(used: u32, limit: u32) -> Option<QuotaWarning> {
    if used >= limit {
        Some(QuotaWarning::Full)
    } else if used + 1 == limit {
        Some(QuotaWarning::LastOne)
    } else {
        None
    }
}

#[cfg(test)]
mod flow_tests {
    use super::*;

    fn job() -> HandoffJob {
        HandoffJob {
            id: "j".into(),
            created_ms: 0.0,
            expires_ms: 1.0,
            source: Source::Guard,
            org_id: Some("abc12345".into()),
            name: "jira-report".into(),
            description: describe("me@x.example", "Report", "2026-11-28"),
            owner: "me@x.example".into(),
            purpose: "Report".into(),
            template: Some("jira-read-only-reporting".into()),
            scopes: vec!["read:jira-work".into()],
            credential: CredentialKind::ServiceAccountToken,
            expiry_days: 90,
            replaces_token: None,
            progress: Progress::default(),
            lease: None,
            consented: true,
        }
    }

    #[test]
    fn the_flow_stops_at_each_final_button_unless_allowed() {
        let s = stages(&job(), false, 0.0);
        assert_eq!(
            s.iter().map(|s| s.id).collect::<Vec<_>>(),
            ["open_list", "create_account", "create_credential"]
        );
        let finals: Vec<bool> = s
            .iter()
            .flat_map(|s| &s.ops)
            .filter_map(|op| match op {
                Op::Final { press, .. } => Some(*press),
                _ => None,
            })
            .collect();
        assert_eq!(finals, [false, false]);
        assert!(s[1].ops.contains(&Op::Fill {
            label: admin::FIELD_NAME,
            value: "jira-report".into()
        }));
        assert!(s[2].ops.contains(&Op::SetScopes {
            search: admin::FIELD_SCOPE_SEARCH,
            scopes: vec!["read:jira-work".into()]
        }));
        assert!(stages(&job(), true, 0.0)
            .iter()
            .flat_map(|s| &s.ops)
            .any(|op| matches!(op, Op::Final { press: true, .. })));
        // Without the admin's consent in the extension's UI, settings alone press nothing.
        let unconsented = HandoffJob {
            consented: false,
            ..job()
        };
        assert!(!stages(&unconsented, true, 0.0)
            .iter()
            .flat_map(|s| &s.ops)
            .any(|op| matches!(op, Op::Final { press: true, .. })));
    }

    #[test]
    fn quota_warnings_come_before_the_limit() {
        assert_eq!(quota_warning(3, 5), None);
        assert_eq!(quota_warning(4, 5), Some(QuotaWarning::LastOne));
        assert_eq!(quota_warning(5, 5), Some(QuotaWarning::Full));
        assert_eq!(quota_warning(6, 5), Some(QuotaWarning::Full));
    }

    #[test]
    fn one_tab_holds_a_job_until_it_closes_or_the_lease_runs_out() {
        let mut j = job();
        assert!(j.claim(Some(1), &[1, 2], 0.0));
        assert!(
            !j.claim(Some(2), &[1, 2], 1.0),
            "a second tab only shows the job"
        );
        assert!(
            j.claim(Some(1), &[1, 2], 2.0),
            "the owner (also after a reload) keeps it"
        );
        assert!(j.claim(Some(2), &[2], 3.0), "its tab was closed");
        assert!(!j.claim(Some(1), &[1, 2], 4.0));
        assert!(
            j.claim(Some(1), &[1, 2], 4.0 + LEASE_MS),
            "the lease ran out (a crashed tab)"
        );
        assert!(!j.claim(None, &[1, 2], 0.0));
    }

    #[test]
    fn expiry_dates() {
        assert_eq!(expiry_date(1_795_824_000_000.0, 90), "2027-02-26");
    }
}
