//! Staying within Atlassian's rate limits: how long to wait after a 429 (`Retry-After` in seconds or
//! as an HTTP date, or `X-RateLimit-Reset` as ISO-8601, epoch seconds/milliseconds or a delta),
//! exponential backoff with jitter after a 5xx or a network error, and proactive pacing from
//! `X-RateLimit-Remaining`/`X-RateLimit-Limit`. Time and sleeping go through [`Clock`] so tests
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
    /// Start spacing requests out when fewer than this fraction (in percent) of the window's
    /// requests remain.
    pub pace_below_percent: u32,
    /// Use `X-RateLimit-Remaining`/`Reset` on successful answers to pace requests (and to wait for
    /// the reset once the window is spent). Off: purely reactive to 429s.
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
            pace_below_percent: 10,
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

/// Proactive pacing after a successful response: how long to wait before the next request so the
/// remaining budget lasts until the window resets. `None` when there is no need (or no headers).
pub fn pace_after_success(
    headers: &RateLimitHeaders,
    now: Timestamp,
    policy: &RetryPolicy,
) -> Option<Duration> {
    if !policy.proactive_pacing {
        return None;
    }
    let remaining: u64 = headers.remaining.as_deref()?.trim().parse().ok()?;
    let reset_at = parse_reset(headers.reset.as_deref()?, now)?;
    let to_reset = until(now, reset_at);
    if to_reset.is_zero() {
        return None;
    }
    if remaining == 0 {
        // Window spent: wait for the reset, with a little margin for clock skew.
        return Some(to_reset + Duration::from_millis(25));
    }
    let limit: Option<u64> = headers.limit.as_deref().and_then(|l| l.trim().parse().ok());
    let near_the_limit = match limit {
        Some(limit) if limit > 0 => {
            remaining.saturating_mul(100)
                < limit.saturating_mul(u64::from(policy.pace_below_percent))
        }
        _ => remaining <= 2,
    };
    let slots = u32::try_from(remaining).unwrap_or(u32::MAX - 1) + 1;
    near_the_limit.then(|| to_reset / slots)
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
    fn paces_only_near_the_limit() {
        let now = at("2025-01-01T00:00:00Z");
        let policy = RetryPolicy::default();
        let headers = |remaining: &str| RateLimitHeaders {
            remaining: Some(remaining.into()),
            limit: Some("100".into()),
            reset: Some("2025-01-01T00:00:01Z".into()),
            ..Default::default()
        };
        assert_eq!(pace_after_success(&headers("50"), now, &policy), None);
        assert_eq!(
            pace_after_success(&headers("4"), now, &policy),
            Some(Duration::from_millis(200))
        );
        assert_eq!(
            pace_after_success(&headers("0"), now, &policy),
            Some(Duration::from_millis(1025))
        );
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
