//! A service-account hand-off job: what to create on admin.atlassian.com (suggested name, a description
//! that records owner and purpose, the template and its scopes, the expiry), and the text of a request
//! to an admin. Pure data and functions; the background keeps jobs in extension storage, never in a
//! URL, and a job never holds a secret.

use serde::{Deserialize, Serialize};

use crate::atlassian::limits::CredentialKind;

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
}

impl HandoffJob {
    pub fn is_expired(&self, now_ms: f64) -> bool {
        now_ms >= self.expires_ms
    }
}

/// A service-account name from what the person typed as the token label: lower case, ASCII letters,
/// digits and single dashes, at most [`MAX_NAME_LEN`]; `fallback` when nothing usable is left (for
/// example a label written entirely in Japanese).
pub fn suggest_name(label: &str, fallback: &str) -> String {
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

/// `YYYY-MM-DD` (UTC) of a Unix time in milliseconds.
pub fn iso_date(ms: f64) -> String {
    let days = (ms / 86_400_000.0).floor() as i64;
    // Howard Hinnant's days-to-civil algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Where to send an admin to start: the org's overview when exactly one org is known, else the org
/// picker. (The service-accounts page's own path is unconfirmed; the admin-side helper finds it.)
pub fn admin_start_url(orgs: &[String]) -> String {
    match orgs {
        [one] => format!("https://admin.atlassian.com/o/{one}/overview"),
        _ => "https://admin.atlassian.com/".into(),
    }
}

/// Fills a request-form URL template; every value is percent-encoded.
pub fn fill_url_template(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (key, value) in values {
        out = out.replace(&format!("{{{key}}}"), &percent_encode(value));
    }
    out
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
