//! Marks on the tables Token Warden reads: which of the person's own API tokens look like
//! integrations (a "Move to a service account" link) or are stale, which rows of Insights → API
//! token activity to badge and how, and which service accounts record no owner and purpose.
//!
//! Pure: the rows come as the content script read them (cell texts), the clock is passed in, and
//! the page's words ("yesterday", "Deactivated") are read by `atlassian`.
//!
//! A table the content script could not read on a page that should hold one (its heading or path
//! says so) becomes a [`TableNotice`] that the options page lists, so an Atlassian redesign shows
//! up as a visible "not recognised" instead of markers that silently stop appearing.

use serde::{Deserialize, Serialize};

use crate::atlassian::admin;
use crate::atlassian::token_list::{self, LastUse};
use crate::handoff;

/// A token used within this many days looks like an integration.
pub const RECENT_USE_DAYS: u32 = 30;
/// Unused this long (or never used) makes a token a revoke candidate.
pub const STALE_DAYS: u32 = 90;

/// One row of the token list, as the content script read it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TokenRow {
    pub label: String,
    pub last_used: String,
    /// `Date.parse(last_used)` in the page's browser, when it parses.
    #[serde(default)]
    pub last_used_ms: Option<f64>,
}

/// One row of API token activity, as the content script read it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceAccountRow {
    pub name: String,
    #[serde(default)]
    pub description: String,
}

/// The notices kept at most (the newest), the headers kept per notice, and each header's length:
/// the headers are page text, so they are bounded before they reach storage.
pub const MAX_TABLE_NOTICES: usize = 10;
pub const NOTICE_HEADERS: usize = 16;
pub const NOTICE_HEADER_CHARS: usize = 60;

/// A table Token Warden expected on a page but could not read: which table it looked for and the
/// column headers the page showed instead.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TableNotice {
    pub table: String,
    pub headers: Vec<String>,
    /// When it was last seen.
    pub at_ms: f64,
}

/// Records that `table` (one of the plan's table ids) was not recognised among `headers`: the
/// newest first, one notice per table and header set, within the limits above.
pub fn note_unrecognised_table(
    notices: &mut Vec<TableNotice>,
    table: &str,
    headers: &[String],
    now_ms: f64,
) -> Result<(), String> {
    let known = [
        crate::atlassian::admin::ACTIVITY_TABLE.id,
        crate::atlassian::admin::SERVICE_ACCOUNT_TABLE.id,
    ];
    if !known.contains(&table) {
        return Err(format!("unknown table {table:?}"));
    }
    let headers: Vec<String> = headers
        .iter()
        .map(|h| h.trim())
        .filter(|h| !h.is_empty())
        .take(NOTICE_HEADERS)
        .map(|h| h.chars().take(NOTICE_HEADER_CHARS).collect())
        .collect();
    notices.retain(|n| !(n.table == table && n.headers == headers));
    notices.insert(
        0,
        TableNotice {
            table: table.to_string(),
            headers,
            at_ms: now_ms,
        },
    );
    notices.truncate(MAX_TABLE_NOTICES);
    Ok(())
}

/// How a token-activity row is marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActivityMark {
    /// Used recently by an active owner: looks like an integration; move it to a service account.
    Migrate,
    /// Unused for 90 days or more (or never): a revoke candidate.
    RevokeCandidate,
    /// The owner is no longer active: revoke or migrate now.
    Orphaned,
}

/// The person's token list sorted: (rows that look like integrations, stale rows), by index.
/// With migration links switched off by policy, no row is marked.
pub fn mark_token_rows(
    rows: &[TokenRow],
    now_ms: f64,
    migration_links: bool,
) -> (Vec<usize>, Vec<usize>) {
    let mut integration = Vec::new();
    let mut stale = Vec::new();
    if !migration_links {
        return (integration, stale);
    }
    for (i, row) in rows.iter().enumerate() {
        let last = token_list::read_last_used(&row.last_used, row.last_used_ms, now_ms);
        if is_recent(last) {
            integration.push(i);
        } else if is_stale(last) {
            stale.push(i);
        }
    }
    (integration, stale)
}

/// The mark of each activity row. A service account's own token is already where it should be;
/// with migration links off, recent tokens get no "migrate" badge (orphaned and stale ones still do).
pub fn mark_activity_rows(
    rows: &[ActivityRow],
    now_ms: f64,
    migration_links: bool,
) -> Vec<Option<ActivityMark>> {
    rows.iter()
        .map(|row| {
            let last = token_list::read_last_used(&row.last_used, row.last_used_ms, now_ms);
            match admin::owner_active(&row.owner_status) {
                Some(false) => Some(ActivityMark::Orphaned),
                _ if row.owner.contains(admin::SERVICE_ACCOUNT_EMAIL_DOMAIN) => None,
                _ if !migration_links && is_recent(last) => None,
                _ if is_recent(last) => Some(ActivityMark::Migrate),
                _ if is_stale(last) => Some(ActivityMark::RevokeCandidate),
                _ => None,
            }
        })
        .collect()
}

/// Each activity row's scopes as the page lists them (for the migration link).
pub fn activity_scopes(rows: &[ActivityRow]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| admin::scopes_in_cell(&r.scopes))
        .collect()
}

/// Indexes of the service accounts whose description records no owner and purpose.
pub fn unowned_service_accounts(rows: &[ServiceAccountRow]) -> Vec<usize> {
    rows.iter()
        .enumerate()
        .filter(|(_, r)| handoff::parse_description(&r.description).is_none())
        .map(|(i, _)| i)
        .collect()
}

/// Used recently enough to look like an integration.
fn is_recent(last: Option<LastUse>) -> bool {
    token_list::looks_like_integration(last, RECENT_USE_DAYS)
}

/// Unused for [`STALE_DAYS`] or more, or never used.
fn is_stale(last: Option<LastUse>) -> bool {
    matches!(last, Some(LastUse::Never))
        || matches!(last, Some(LastUse::DaysAgo(d)) if d >= STALE_DAYS)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: f64 = 1_795_824_000_000.0;

    fn activity(owner: &str, status: &str, last_used: &str) -> ActivityRow {
        ActivityRow {
            label: "t".into(),
            owner: owner.into(),
            owner_status: status.into(),
            last_used: last_used.into(),
            last_used_ms: None,
            scopes: String::new(),
        }
    }

    #[test]
    fn unrecognised_tables_are_kept_bounded_newest_first_once_each() {
        let mut notices = Vec::new();
        let long = "x".repeat(500);
        let many: Vec<String> = (0..100).map(|i| format!("h{i}")).collect();
        note_unrecognised_table(&mut notices, "activity", &many, 1.0).unwrap();
        assert_eq!(notices[0].headers.len(), NOTICE_HEADERS);
        note_unrecognised_table(&mut notices, "activity", &[long, " ".into()], 2.0).unwrap();
        assert_eq!(notices[0].headers, ["x".repeat(NOTICE_HEADER_CHARS)]);
        // The same table and headers again: one notice, moved to the front with the new time.
        note_unrecognised_table(&mut notices, "activity", &many, 3.0).unwrap();
        assert_eq!((notices.len(), notices[0].at_ms), (2, 3.0));
        for i in 0..50 {
            note_unrecognised_table(&mut notices, "service_accounts", &[format!("c{i}")], 4.0)
                .unwrap();
        }
        assert_eq!(notices.len(), MAX_TABLE_NOTICES);
        assert_eq!(notices[0].headers, ["c49"]);
        assert!(note_unrecognised_table(&mut notices, "users", &[], 5.0).is_err());
    }

    #[test]
    fn the_edges_of_recent_and_stale() {
        let row = |last_used: &str| TokenRow {
            label: "t".into(),
            last_used: last_used.into(),
            last_used_ms: None,
        };
        let rows = [
            row("30 days ago"),
            row("31 days ago"),
            row("89 days ago"),
            row("90 days ago"),
        ];
        assert_eq!(mark_token_rows(&rows, NOW, true), (vec![0], vec![3]));
        assert_eq!(mark_token_rows(&rows, NOW, false), (vec![], vec![]));
    }

    #[test]
    fn migration_links_off_keeps_the_other_marks() {
        let rows = [
            activity("", "Active", "yesterday"),
            activity("", "Deactivated", "yesterday"),
            activity("", "Active", "Never"),
        ];
        assert_eq!(
            mark_activity_rows(&rows, NOW, false),
            [
                None,
                Some(ActivityMark::Orphaned),
                Some(ActivityMark::RevokeCandidate)
            ]
        );
    }
}
