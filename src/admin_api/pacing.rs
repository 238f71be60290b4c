//! Staying within Atlassian's rate limits: how long to wait after a 429 (`Retry-After` in seconds or
//! as an HTTP date, or `X-RateLimit-Reset` as ISO-8601, epoch seconds/milliseconds or a delta),
//! exponential backoff with jitter after a 5xx or a network error, and one rate budget shared by
//! all concurrent requests, kept from `X-RateLimit-Remaining`/`X-RateLimit-Reset`. Time and sleeping go through [`Clock`] so tests
//! run without waiting.

use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::audit::Timestamp;

/// The wall clock and the ability to wait. Tests substitute a fake one.
pub trait Clock: Send + Sync {
    fn now(&self) -> Timestamp;
    fn sleep(&self, duration: Duration);
}

/// The real clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        let since_epoch = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        Timestamp(i64::try_from(since_epoch.as_millis()).unwrap_or(i64::MAX))
    }

    fn sleep(&self, duration: Duration) {
        std::thread::sleep(duration);
    }
}

/// How hard to try.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries of one request after a 429, a 5xx or a network error (not counting the first try).
    pub max_retries: u32,
    /// First backoff delay; doubles each retry.
    pub base_backoff: Duration,
    /// Longest backoff delay.
    pub max_backoff: Duration,
    /// Longest wait a server may ask for (429 headers, an exhausted window) before we give up.
    pub max_wait: Duration,
    /// Use `X-RateLimit-Remaining`/`Reset` of every answer to keep one shared budget
    /// ([`RateBudget`]) and wait for the reset once the window is spent. Off: purely reactive to
    /// 429s.
    pub proactive_pacing: bool,
    /// Longest wait for a TCP (and TLS) connection to be set up.
    pub connect_timeout: Duration,
    /// Longest wait for the response head, and again for the body, of one request: a server that
    /// hangs costs this much per try, not minutes.
    pub read_timeout: Duration,
    /// The largest response body read; a larger one is an error and is not downloaded again.
    pub max_body_bytes: u64,
    /// The whole run's time budget (from the client's creation): no request or wait starts after it.
    pub deadline: Option<Duration>,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 6,
            base_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
            max_wait: Duration::from_secs(300),
            proactive_pacing: true,
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(20),
            max_body_bytes: 32 * 1024 * 1024,
            deadline: None,
        }
    }
}

/// The rate-limit headers of one response (lower-cased names looked up by the caller).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RateLimitHeaders {
    pub retry_after: Option<String>,
    pub reset: Option<String>,
    pub remaining: Option<String>,
    pub limit: Option<String>,
}

/// When `X-RateLimit-Reset` says the window resets. ISO-8601, epoch seconds, epoch milliseconds,
/// or (small numbers) seconds from now.
pub fn parse_reset(value: &str, now: Timestamp) -> Option<Timestamp> {
    let value = value.trim();
    if let Ok(number) = value.parse::<f64>() {
        if !number.is_finite() || number < 0.0 {
            return None;
        }
        return Some(if number >= 1e12 {
            Timestamp(number as i64)
        } else if number >= 1e9 {
            Timestamp((number * 1000.0) as i64)
        } else {
            Timestamp(now.0.saturating_add((number * 1000.0) as i64))
        });
    }
    Timestamp::parse_iso8601(value)
        .ok()
        .or_else(|| parse_http_date(value))
}

/// How long `Retry-After` asks to wait: delta seconds or an HTTP date.
pub fn parse_retry_after(value: &str, now: Timestamp) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<f64>() {
        return (seconds.is_finite() && seconds >= 0.0)
            .then(|| Duration::from_secs_f64(seconds.min(1e9)));
    }
    parse_http_date(value).map(|at| until(now, at))
}

fn until(now: Timestamp, at: Timestamp) -> Duration {
    Duration::from_millis(u64::try_from(at.0.saturating_sub(now.0)).unwrap_or(0))
}

/// `Sun, 06 Nov 1994 08:49:37 GMT` (RFC 9110 IMF-fixdate).
fn parse_http_date(value: &str) -> Option<Timestamp> {
    let parts: Vec<&str> = value.split_whitespace().collect();
    let [_, day, month, year, time, "GMT"] = parts.as_slice() else {
        return None;
    };
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS.iter().position(|m| m == month)? + 1;
    let day: u32 = day.parse().ok()?;
    Timestamp::parse_iso8601(&format!("{year}-{month:02}-{day:02}T{time}Z")).ok()
}

/// How long to wait before retrying a 429: what the headers ask for (the later of the two when
/// both are given), else `None` (the caller backs off).
pub fn wait_after_429(headers: &RateLimitHeaders, now: Timestamp) -> Option<Duration> {
    let from_retry_after = headers
        .retry_after
        .as_deref()
        .and_then(|v| parse_retry_after(v, now));
    let from_reset = headers
        .reset
        .as_deref()
        .and_then(|v| parse_reset(v, now))
        .map(|at| until(now, at));
    match (from_retry_after, from_reset) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

/// One rate budget shared by every request of a client, across threads: the concurrent listings
/// draw from it, so together they stay within the window `X-RateLimit-*` describes instead of each
/// pacing itself as if it were alone.
///
/// A request reserves a slot ([`RateBudget::reserve`]); an answer's headers bring the estimate back
/// to what the server counted ([`RateBudget::observe`]); a 429 blocks everyone until its wait is
/// over ([`RateBudget::block_until`]). When the window is spent, every thread waits for its reset
/// (plus a small margin for clock skew). Unknown budget (no headers yet, or a new window): requests
/// go, and the first answer tells the rest. Atlassian documents the three headers but not whether
/// the window is fixed or sliding (reference: api-access pages, "rate limiting"); a fixed window is
/// assumed, and a sliding one costs a few 429s, which are waited out.
#[derive(Debug, Default)]
pub struct RateBudget {
    state: Mutex<BudgetState>,
}

#[derive(Debug, Default)]
struct BudgetState {
    /// Requests the window still allows, by our count; `None` when not known.
    remaining: Option<u64>,
    /// When the current window resets.
    reset_at: Option<Timestamp>,
    /// After a 429: nobody sends before this.
    blocked_until: Option<Timestamp>,
    /// Requests sent and not answered yet.
    in_flight: u64,
}

/// Margin added to waits for a window reset (clock skew between us and the server).
const RESET_MARGIN: Duration = Duration::from_millis(25);

impl RateBudget {
    fn lock(&self) -> std::sync::MutexGuard<'_, BudgetState> {
        match self.state.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    /// `None`: a slot is reserved, send now (and call [`RateBudget::observe`] with the answer).
    /// `Some(wait)`: nothing was reserved; wait this long and ask again.
    pub fn reserve(&self, now: Timestamp) -> Option<Duration> {
        let mut state = self.lock();
        if let Some(until_at) = state.blocked_until {
            if now < until_at {
                return Some(until(now, until_at) + RESET_MARGIN);
            }
            state.blocked_until = None;
        }
        if let (Some(0), Some(reset)) = (state.remaining, state.reset_at) {
            if now < reset {
                return Some(until(now, reset) + RESET_MARGIN);
            }
        }
        Self::count_one(&mut state, now);
        None
    }

    /// Reserves a slot without waiting, after the caller waited what [`RateBudget::reserve`] (or a
    /// 429) asked for: that wait ended the block and the spent window (the first answer of the new
    /// window brings its numbers). Asking again would only matter to a clock that did not move.
    pub fn take(&self, now: Timestamp) {
        let mut state = self.lock();
        state.blocked_until = None;
        if state.remaining == Some(0) {
            state.remaining = None;
            state.reset_at = None;
        }
        Self::count_one(&mut state, now);
    }

    fn count_one(state: &mut BudgetState, now: Timestamp) {
        match (state.remaining, state.reset_at) {
            (Some(_), Some(reset)) if now >= reset => {
                // A new window: unknown until its first answer.
                state.remaining = None;
                state.reset_at = None;
            }
            (Some(n), _) => state.remaining = Some(n.saturating_sub(1)),
            (None, _) => {}
        }
        state.in_flight += 1;
    }

    /// An answer (any status; `headers` may be empty) to a reserved request.
    pub fn observe(&self, headers: &RateLimitHeaders, now: Timestamp, use_headers: bool) {
        let mut state = self.lock();
        state.in_flight = state.in_flight.saturating_sub(1);
        if !use_headers {
            return;
        }
        let remaining: Option<u64> = headers
            .remaining
            .as_deref()
            .and_then(|r| r.trim().parse().ok());
        let reset_at = headers.reset.as_deref().and_then(|r| parse_reset(r, now));
        let (Some(remaining), Some(reset_at)) = (remaining, reset_at) else {
            return;
        };
        if reset_at <= now {
            return;
        }
        let same_window = state
            .reset_at
            .is_some_and(|known| (known.0 - reset_at.0).abs() < 500);
        state.remaining = Some(match (same_window, state.remaining) {
            // Our own count already includes the requests still in flight.
            (true, Some(estimate)) => estimate.min(remaining),
            // A new window: requests still in flight may not be counted in `remaining` yet.
            _ => remaining.saturating_sub(state.in_flight),
        });
        state.reset_at = Some(reset_at);
    }

    /// A 429 asked everyone to wait until `at`.
    pub fn block_until(&self, at: Timestamp) {
        let mut state = self.lock();
        state.blocked_until = Some(state.blocked_until.map_or(at, |known| known.max(at)));
        state.remaining = Some(0);
        state.reset_at = Some(state.reset_at.map_or(at, |known| known.max(at)));
    }
}

/// Exponential backoff with "equal jitter": half the delay fixed, half random.
#[derive(Debug)]
pub struct Backoff {
    state: Mutex<u64>,
}

impl Backoff {
    /// A jitter source seeded from `seed` (any value; 0 is remapped).
    pub fn new(seed: u64) -> Backoff {
        Backoff {
            state: Mutex::new(seed | 1),
        }
    }

    /// A jitter source seeded from the clock.
    pub fn from_time() -> Backoff {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .subsec_nanos();
        Backoff::new(u64::from(nanos).wrapping_mul(0x9E37_79B9_7F4A_7C15))
    }

    /// The delay before retry number `attempt` (0 = the first retry).
    pub fn delay(&self, attempt: u32, policy: &RetryPolicy) -> Duration {
        let exponential = policy.base_backoff.saturating_mul(1u32 << attempt.min(20));
        let capped = exponential.min(policy.max_backoff);
        let half = capped / 2;
        let random = self.next_fraction();
        half + half.mul_f64(random)
    }

    fn next_fraction(&self) -> f64 {
        let mut state = match self.state.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        // xorshift64*
        let mut x = *state;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        *state = x;
        (x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        Timestamp::parse_iso8601(text).unwrap()
    }

    #[test]
    fn reads_every_form_of_the_reset_header() {
        let now = at("2025-01-01T00:00:00Z");
        assert_eq!(
            parse_reset("2025-01-01T00:00:10Z", now),
            Some(at("2025-01-01T00:00:10Z"))
        );
        assert_eq!(
            parse_reset("1735689610", now),
            Some(at("2025-01-01T00:00:10Z"))
        );
        assert_eq!(
            parse_reset("1735689610000", now),
            Some(at("2025-01-01T00:00:10Z"))
        );
        assert_eq!(parse_reset("10", now), Some(at("2025-01-01T00:00:10Z")));
        assert_eq!(
            parse_reset("Wed, 01 Jan 2025 00:00:10 GMT", now),
            Some(at("2025-01-01T00:00:10Z"))
        );
        assert_eq!(parse_reset("soon", now), None);
        assert_eq!(parse_retry_after("3", now), Some(Duration::from_secs(3)));
        assert_eq!(parse_retry_after("-3", now), None);
    }

    #[test]
    fn waits_for_the_later_of_two_headers() {
        let now = at("2025-01-01T00:00:00Z");
        let headers = RateLimitHeaders {
            retry_after: Some("2".into()),
            reset: Some("2025-01-01T00:00:05Z".into()),
            ..Default::default()
        };
        assert_eq!(wait_after_429(&headers, now), Some(Duration::from_secs(5)));
        assert_eq!(wait_after_429(&RateLimitHeaders::default(), now), None);
    }

    #[test]
    fn one_budget_is_shared_and_waits_for_the_reset() {
        let now = at("2025-01-01T00:00:00Z");
        let budget = RateBudget::default();
        let headers = |remaining: &str| RateLimitHeaders {
            remaining: Some(remaining.into()),
            limit: Some("3".into()),
            reset: Some("2025-01-01T00:00:01Z".into()),
            ..Default::default()
        };
        // Unknown budget: go; the answer says 2 left of this window.
        assert_eq!(budget.reserve(now), None);
        budget.observe(&headers("2"), now, true);
        assert_eq!(budget.reserve(now), None);
        assert_eq!(budget.reserve(now), None);
        // Spent: everyone waits for the reset (plus the margin), whatever the answers in flight say.
        assert_eq!(budget.reserve(now), Some(Duration::from_millis(1025)));
        budget.observe(&headers("1"), now, true);
        budget.observe(&headers("0"), now, true);
        assert!(budget.reserve(now).is_some());
        // After the reset the window is unknown again, and requests go.
        assert_eq!(budget.reserve(at("2025-01-01T00:00:01.100Z")), None);
        // A 429 blocks every thread until its wait is over.
        budget.block_until(at("2025-01-01T00:00:05Z"));
        assert_eq!(
            budget.reserve(at("2025-01-01T00:00:04Z")),
            Some(Duration::from_millis(1025))
        );
        assert_eq!(budget.reserve(at("2025-01-01T00:00:05.100Z")), None);
    }

    #[test]
    fn a_new_window_counts_the_requests_still_in_flight() {
        let now = at("2025-01-01T00:00:00Z");
        let budget = RateBudget::default();
        for _ in 0..3 {
            assert_eq!(budget.reserve(now), None);
        }
        budget.observe(
            &RateLimitHeaders {
                remaining: Some("2".into()),
                reset: Some("2025-01-01T00:00:01Z".into()),
                ..Default::default()
            },
            now,
            true,
        );
        // Two requests are still in flight and may not be counted yet: nothing left to send.
        assert!(budget.reserve(now).is_some());
    }

    #[test]
    fn backoff_grows_with_jitter_and_is_capped() {
        let backoff = Backoff::new(7);
        let policy = RetryPolicy::default();
        for attempt in 0..30 {
            let delay = backoff.delay(attempt, &policy);
            let full = policy
                .base_backoff
                .saturating_mul(1 << attempt.min(20))
                .min(policy.max_backoff);
            assert!(delay >= full / 2 && delay <= full, "{attempt}: {delay:?}");
        }
    }
}
