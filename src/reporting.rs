//! Enterprise reporting of guard outcomes: only when managed policy sets a report URL. Each outcome is a
//! small JSON event (what happened, when, the org, a reason if one was given, the extension version;
//! the Atlassian account id only when policy asks for it; never a token, a label or page content),
//! queued in extension storage and sent with retries, so an endpoint that is down loses nothing until
//! the documented limits drop the oldest events.
//!
//! Sending is off the message path: a message's answer only enqueues. The background then takes the
//! due events out on a lease ([`lease`]), POSTs them with a timeout ([`SEND_TIMEOUT_MS`]) while later
//! messages are answered, and settles the results by event id ([`settle_ids`]), so a slow or silent
//! endpoint delays nothing but its own reports.

use serde::{Deserialize, Serialize};

use crate::guard::Outcome;
use crate::policy::Settings;

/// Events kept at most; the oldest are dropped beyond it.
pub const MAX_QUEUED: usize = 100;
/// Attempts per event before it is dropped.
pub const MAX_ATTEMPTS: u32 = 10;
/// First retry delay; each failure multiplies it by 4, up to [`MAX_BACKOFF_MS`].
pub const FIRST_BACKOFF_MS: f64 = 2_000.0;
pub const MAX_BACKOFF_MS: f64 = 60.0 * 60.0 * 1000.0;
/// How long one POST may take before it counts as failed (the background aborts it).
pub const SEND_TIMEOUT_MS: f64 = 5_000.0;
/// How long a leased event is not offered again: longer than a send can take, so an event is never
/// in flight twice, and short, so an event whose worker stopped mid-send is retried soon.
pub const LEASE_MS: f64 = 2.0 * SEND_TIMEOUT_MS;

/// One reported outcome, exactly as it is POSTed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportEvent {
    pub event: &'static str,
    pub time: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub org_id: Option<String>,
    #[serde(skip_serializing_if = "String::is_empty", default)]
    pub reason: String,
    pub version: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
}

/// A queued event and its delivery state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Queued {
    /// Names the event between its lease and its settlement (0 in queues written before ids).
    #[serde(default)]
    pub id: u64,
    pub body: serde_json::Value,
    pub attempts: u32,
    pub next_try_ms: f64,
}

/// The name an outcome is reported under.
pub fn event_name(outcome: Outcome, with_reason: bool) -> &'static str {
    match outcome {
        Outcome::ServiceAccount => "service_account_chosen",
        Outcome::AskedAdmin => "request_sent",
        Outcome::ContinuedPersonal if with_reason => "continued_with_reason",
        Outcome::ContinuedPersonal => "continued",
        Outcome::Dismissed => "dismissed",
        Outcome::Blocked => "blocked",
    }
}

/// `YYYY-MM-DDTHH:MM:SSZ` of a Unix time in milliseconds.
pub fn iso_time(ms: f64) -> String {
    let secs = (ms / 1000.0).floor() as i64;
    let day = secs.rem_euclid(86_400);
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        crate::util::date::iso_date(ms),
        day / 3600,
        day % 3600 / 60,
        day % 60
    )
}

/// The event a decided attempt is reported as, or `None` when policy sets no report URL. The org is
/// named only when it is unambiguous (one org in policy, or else one org seen); the account id only
/// when policy asks for it and it is known.
pub fn event_for(
    outcome: Outcome,
    reason: &str,
    now_ms: f64,
    settings: &Settings,
    known_orgs: &[String],
    account_id: &str,
) -> Option<ReportEvent> {
    if settings.report_url.is_empty() {
        return None;
    }
    Some(ReportEvent {
        event: event_name(outcome, !reason.is_empty()),
        time: iso_time(now_ms),
        org_id: match (settings.org_ids.as_slice(), known_orgs) {
            ([one], _) | ([], [one]) => Some(one.clone()),
            _ => None,
        },
        reason: reason.to_string(),
        version: crate::VERSION,
        account_id: (settings.report_account_id && !account_id.is_empty())
            .then(|| account_id.to_string()),
    })
}

/// Adds an event to the queue (dropping the oldest beyond [`MAX_QUEUED`]).
pub fn enqueue(queue: &mut Vec<Queued>, event: &ReportEvent, now_ms: f64) {
    let body = serde_json::to_value(event).unwrap_or(serde_json::Value::Null);
    let id = queue.iter().map(|q| q.id).max().unwrap_or(0) + 1;
    queue.push(Queued {
        id,
        body,
        attempts: 0,
        next_try_ms: now_ms,
    });
    if queue.len() > MAX_QUEUED {
        let excess = queue.len() - MAX_QUEUED;
        queue.drain(..excess);
    }
}

/// Indexes of the events due for a try now.
pub fn due(queue: &[Queued], now_ms: f64) -> Vec<usize> {
    queue
        .iter()
        .enumerate()
        .filter(|(_, q)| q.next_try_ms <= now_ms)
        .map(|(i, _)| i)
        .collect()
}

/// Takes the due events out for sending: each is leased until `now_ms + LEASE_MS` (not offered
/// again meanwhile) and returned as (id, body). Events from before ids get one now.
pub fn lease(queue: &mut [Queued], now_ms: f64) -> Vec<(u64, serde_json::Value)> {
    let mut next = queue.iter().map(|q| q.id).max().unwrap_or(0);
    let mut out = Vec::new();
    for q in queue.iter_mut() {
        if q.id == 0 {
            next += 1;
            q.id = next;
        }
        if q.next_try_ms <= now_ms {
            q.next_try_ms = now_ms + LEASE_MS;
            out.push((q.id, q.body.clone()));
        }
    }
    out
}

/// Settles leased events by id (the queue may have changed while they were in flight: new events,
/// the oldest dropped). Unknown ids are ignored.
pub fn settle_ids(queue: &mut Vec<Queued>, results: &[(u64, bool)], now_ms: f64) {
    let by_index: Vec<(usize, bool)> = results
        .iter()
        .filter_map(|&(id, sent)| queue.iter().position(|q| q.id == id).map(|i| (i, sent)))
        .collect();
    settle(queue, &by_index, now_ms);
}

/// Records the results of one round of tries: sent events leave the queue, failed ones back off,
/// and those out of attempts are dropped.
pub fn settle(queue: &mut Vec<Queued>, results: &[(usize, bool)], now_ms: f64) {
    for &(i, sent) in results {
        if let Some(q) = queue.get_mut(i) {
            if sent {
                q.attempts = u32::MAX;
            } else {
                q.attempts += 1;
                let backoff =
                    FIRST_BACKOFF_MS * 4f64.powi(q.attempts.saturating_sub(1).min(16) as i32);
                q.next_try_ms = now_ms + backoff.min(MAX_BACKOFF_MS);
            }
        }
    }
    queue.retain(|q| q.attempts < MAX_ATTEMPTS);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(reason: &str) -> ReportEvent {
        ReportEvent {
            event: "continued_with_reason",
            time: "2026-11-28T05:00:00Z".into(),
            org_id: None,
            reason: reason.into(),
            version: "0.1.0",
            account_id: None,
        }
    }

    #[test]
    fn a_down_endpoint_loses_nothing_until_the_limits() {
        let mut q = Vec::new();
        enqueue(&mut q, &event("a"), 0.0);
        assert_eq!(due(&q, 0.0), [0]);
        settle(&mut q, &[(0, false)], 0.0);
        assert_eq!(q[0].attempts, 1);
        assert!(due(&q, 1_000.0).is_empty(), "backs off");
        assert_eq!(due(&q, 2_000.0), [0]);
        settle(&mut q, &[(0, false)], 2_000.0);
        assert_eq!(q[0].next_try_ms, 2_000.0 + 8_000.0);
        settle(&mut q, &[(0, true)], 10_000.0);
        assert!(q.is_empty(), "sent events leave the queue");

        enqueue(&mut q, &event("b"), 0.0);
        for n in 0..MAX_ATTEMPTS {
            settle(&mut q, &[(0, false)], f64::from(n));
        }
        assert!(q.is_empty(), "dropped after {MAX_ATTEMPTS} attempts");
        for i in 0..(MAX_QUEUED + 5) {
            enqueue(&mut q, &event(&i.to_string()), 0.0);
        }
        assert_eq!(q.len(), MAX_QUEUED);
        assert_eq!(q[0].body["reason"], "5", "the oldest are dropped");
    }

    #[test]
    fn leased_events_are_sent_once_and_settled_by_id() {
        let mut q = Vec::new();
        enqueue(&mut q, &event("a"), 0.0);
        enqueue(&mut q, &event("b"), 0.0);
        let out = lease(&mut q, 0.0);
        assert_eq!(out.iter().map(|(id, _)| *id).collect::<Vec<_>>(), [1, 2]);
        assert!(
            lease(&mut q, 1.0).is_empty(),
            "in flight: not offered twice"
        );
        // While they are in flight a new event arrives and the queue overflows past the first one.
        for i in 0..MAX_QUEUED - 1 {
            enqueue(&mut q, &event(&format!("n{i}")), 2.0);
        }
        assert_eq!(q[0].id, 2, "event 1 was dropped by the limit");
        settle_ids(&mut q, &[(1, true), (2, true)], 3.0);
        assert_eq!(
            q.len(),
            MAX_QUEUED - 1,
            "event 2 left the queue, nothing else did"
        );
        assert!(q.iter().all(|e| e.id > 2));
        // A send that failed backs off from the settlement; an expired lease is offered again.
        let mut q = Vec::new();
        enqueue(&mut q, &event("c"), 0.0);
        lease(&mut q, 0.0);
        settle_ids(&mut q, &[(1, false)], 100.0);
        assert_eq!(q[0].next_try_ms, 100.0 + FIRST_BACKOFF_MS);
        enqueue(&mut q, &event("d"), 0.0);
        lease(&mut q, 0.0);
        let again: Vec<u64> = lease(&mut q, LEASE_MS).iter().map(|(id, _)| *id).collect();
        assert_eq!(
            again,
            [1, 2],
            "the backed-off one is due, and an abandoned lease expires"
        );
    }

    #[test]
    fn times() {
        assert_eq!(
            iso_time(1_795_824_000_000.0 + 3_723_000.0),
            "2026-11-28T01:02:03Z"
        );
    }

    #[test]
    fn events_carry_only_what_is_documented() {
        let body = serde_json::to_value(event("")).unwrap();
        let keys: Vec<&str> = body
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, ["event", "time", "version"]);
    }
}
