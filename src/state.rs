//! The core's state that lives across messages: what the web layer keeps in extension storage
//! between two requests (the background's service worker is stopped when idle, so memory does not
//! last). Every field has a default, so a state written by an older version still loads.

use serde::{Deserialize, Serialize};

use crate::guard::{Attempts, Record};
use crate::handoff::HandoffJob;
use crate::reporting;

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
    /// Guard outcomes waiting to be reported (only when policy sets a report URL).
    pub report_queue: Vec<reporting::Queued>,
    /// The service-account quota line last seen on admin.atlassian.com: (used, limit).
    pub quota: Option<(u32, u32)>,
}

impl CoreState {
    /// Remembers an org seen on admin.atlassian.com (it makes the person likely an admin).
    pub fn learn_org(&mut self, org: Option<&String>) {
        if let Some(id) = org {
            if !self.known_orgs.contains(id) {
                self.known_orgs.push(id.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_storage_shape_is_kept() {
        let mut state = CoreState::default();
        state.attempts.hold("create_classic_token", "ci", 5.0);
        state.learn_org(Some(&"org-1".to_string()));
        state.learn_org(Some(&"org-1".to_string()));
        let stored = serde_json::to_value(&state).unwrap();
        assert_eq!(
            stored,
            serde_json::json!({
                "nextAttempt": 1,
                "attempts": [{"id": 1, "control": "create_classic_token", "label": "ci", "startedMs": 5.0}],
                "knownOrgs": ["org-1"],
                "record": {"seen": 0, "serviceAccount": 0, "askedAdmin": 0, "continuedPersonal": 0,
                           "dismissed": 0, "blocked": 0, "recent": []},
                "jobs": [],
                "reportQueue": [],
                "quota": null,
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
