//! The core's state that lives across messages: what the web layer keeps in extension storage
//! between two requests (the background's service worker is stopped when idle, so memory does not
//! last). Every field has a default, so a state written by an older version still loads.
//!
//! Much of it comes from pages (org ids from URLs, labels, reasons), so every list and string has a
//! documented limit and [`CoreState::prune`] keeps to it before each write: at most
//! [`MAX_KNOWN_ORGS`] orgs of at most [`ORG_ID_CHARS`] characters (the most recently seen kept),
//! [`MAX_JOBS`] hand-off jobs (the newest kept), record reasons cut to [`REASON_CHARS`]; the guard
//! keeps its own limits for held attempts and the record (`guard::PENDING_LIMIT`, `RECORD_LIMIT`)
//! and `reporting` for the report queue (`MAX_QUEUED`). That bounds the state to tens of KiB.

use serde::{Deserialize, Serialize};

use crate::guard::{Attempts, Record};
use crate::handoff::HandoffJob;
use crate::reporting;

/// Orgs remembered at most (the most recently seen are kept).
pub const MAX_KNOWN_ORGS: usize = 20;
/// Longest org id remembered; a longer one is not an org id anyone administers.
pub const ORG_ID_CHARS: usize = 64;
/// Hand-off jobs kept at most (the newest are kept).
pub const MAX_JOBS: usize = 10;
/// Consent offers kept at most (an in-page link's offer waits for the admin's click in the consent
/// view; the newest are kept), and how long one waits.
pub const MAX_OFFERS: usize = 5;
pub const OFFER_LIFETIME_MS: f64 = 15.0 * 60.0 * 1000.0;
/// Longest reason kept in the local record.
pub const REASON_CHARS: usize = 500;

/// The part of the core's state that lives across messages (kept by the web layer in storage).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct CoreState {
    /// The attempts the guard is holding (`nextAttempt` and `attempts` in storage).
    #[serde(flatten)]
    pub attempts: Attempts,
    pub known_orgs: Vec<String>,
    pub record: Record,
    pub jobs: Vec<HandoffJob>,
    /// Jobs offered by an in-page link, not made yet: each becomes a job only by the admin's click in
    /// the consent view (an extension page), which renders an offer once.
    pub offers: Vec<Offer>,
    /// Guard outcomes waiting to be reported (only when policy sets a report URL).
    pub report_queue: Vec<reporting::Queued>,
    /// The service-account quota line last seen on admin.atlassian.com: (used, limit).
    pub quota: Option<(u32, u32)>,
    /// Tables expected on admin pages that could not be read (shown on the options page).
    pub unrecognised_tables: Vec<crate::insights::TableNotice>,
}

/// A job an in-page link offered (see [`CoreState::offers`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Offer {
    pub job: HandoffJob,
    /// The consent view has rendered it: a second view (a page framing it again) gets nothing.
    #[serde(default)]
    pub shown: bool,
}

impl CoreState {
    /// Remembers an org seen on admin.atlassian.com (it makes the person likely an admin).
    pub fn learn_org(&mut self, org: Option<&String>) {
        let Some(id) = org.filter(|id| !id.is_empty() && id.chars().count() <= ORG_ID_CHARS) else {
            return;
        };
        if self.known_orgs.last() == Some(id) {
            return;
        }
        self.known_orgs.retain(|known| known != id);
        self.known_orgs.push(id.clone());
        self.prune();
    }

    /// Keeps every page-fed list and string within its documented limit (see the module comment),
    /// dropping the oldest entries first. Also repairs a stored state written before the limits.
    pub fn prune(&mut self) {
        self.known_orgs
            .retain(|id| !id.is_empty() && id.chars().count() <= ORG_ID_CHARS);
        if self.known_orgs.len() > MAX_KNOWN_ORGS {
            let excess = self.known_orgs.len() - MAX_KNOWN_ORGS;
            self.known_orgs.drain(..excess);
        }
        if self.offers.len() > MAX_OFFERS {
            let excess = self.offers.len() - MAX_OFFERS;
            self.offers.drain(..excess);
        }
        if self.jobs.len() > MAX_JOBS {
            let excess = self.jobs.len() - MAX_JOBS;
            self.jobs.drain(..excess);
        }
        for entry in &mut self.record.recent {
            if entry.reason.chars().count() > REASON_CHARS {
                entry.reason = entry.reason.chars().take(REASON_CHARS).collect();
            }
        }
        self.record.recent.truncate(crate::guard::RECORD_LIMIT);
        if self.attempts.attempts.len() > crate::guard::PENDING_LIMIT {
            let excess = self.attempts.attempts.len() - crate::guard::PENDING_LIMIT;
            self.attempts.attempts.drain(..excess);
        }
        self.unrecognised_tables
            .truncate(crate::insights::MAX_TABLE_NOTICES);
        let queued = self.report_queue.len();
        if queued > reporting::MAX_QUEUED {
            self.report_queue.drain(..queued - reporting::MAX_QUEUED);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_fed_data_stays_within_its_limits() {
        let mut state = CoreState::default();
        for i in 0..1_000 {
            state.learn_org(Some(&format!("org-{i:04}")));
        }
        assert_eq!(state.known_orgs.len(), MAX_KNOWN_ORGS);
        assert_eq!(
            state.known_orgs.last().unwrap(),
            "org-0999",
            "the newest is kept"
        );
        // Seeing an old org again makes it the most recent, not a duplicate.
        state.learn_org(Some(&"org-0990".to_string()));
        assert_eq!(state.known_orgs.last().unwrap(), "org-0990");
        assert_eq!(state.known_orgs.len(), MAX_KNOWN_ORGS);
        state.learn_org(Some(&"x".repeat(ORG_ID_CHARS + 1)));
        assert!(state.known_orgs.iter().all(|o| o.len() <= ORG_ID_CHARS));

        // A state stored before the limits is repaired on the next write.
        let mut old: CoreState = serde_json::from_value(serde_json::json!({
            "knownOrgs": (0..500).map(|i| format!("o{i}")).collect::<Vec<_>>(),
            "record": {"recent": (0..100).map(|_| serde_json::json!(
                {"atMs": 1.0, "outcome": "continued_personal", "reason": "r".repeat(10_000)}
            )).collect::<Vec<_>>()},
        }))
        .unwrap();
        old.prune();
        assert_eq!(old.known_orgs.len(), MAX_KNOWN_ORGS);
        assert_eq!(old.record.recent.len(), crate::guard::RECORD_LIMIT);
        assert!(old
            .record
            .recent
            .iter()
            .all(|e| e.reason.chars().count() == REASON_CHARS));
        assert!(serde_json::to_string(&old).unwrap().len() < 64 * 1024);
    }

    #[test]
    fn the_storage_shape_is_kept() {
        let mut state = CoreState::default();
        state.attempts.hold("create_classic_token", "ci", 5.0, "k");
        state.learn_org(Some(&"org-1".to_string()));
        state.learn_org(Some(&"org-1".to_string()));
        let stored = serde_json::to_value(&state).unwrap();
        assert_eq!(
            stored,
            serde_json::json!({
                "nextAttempt": 1,
                "attempts": [{"id": 1, "control": "create_classic_token", "label": "ci", "startedMs": 5.0, "key": "k", "shown": false, "armed": true}],
                "knownOrgs": ["org-1"],
                "record": {"seen": 0, "serviceAccount": 0, "askedAdmin": 0, "continuedPersonal": 0,
                           "dismissed": 0, "blocked": 0, "recent": []},
                "jobs": [],
                "offers": [],
                "reportQueue": [],
                "quota": null,
                "unrecognisedTables": [],
            })
        );
        let back: CoreState = serde_json::from_value(stored).unwrap();
        assert_eq!(back, state);
        let old: CoreState =
            serde_json::from_value(serde_json::json!({"knownOrgs": ["x"]})).unwrap();
        assert_eq!(old.known_orgs, ["x"]);
        assert_eq!(old.attempts, Attempts::default());
    }
}
