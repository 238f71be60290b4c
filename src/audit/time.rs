//! Timestamps for the audit: parsing the ISO-8601 / RFC 3339 times Atlassian's admin APIs send
//! (`2025-03-01T12:00:00.000Z`, with or without fraction, `Z` or `±hh:mm`), epoch values, and
//! formatting them back. Pure arithmetic (no clock, no dependency), so it runs in the extension too.

use crate::util::date::{civil_from_days, days_from_civil};
use std::fmt;

use serde::{Deserialize, Serialize};

const MILLIS_PER_DAY: i64 = 86_400_000;

/// A point in time as milliseconds since the Unix epoch (UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// From whole seconds since the epoch.
    pub fn from_epoch_seconds(seconds: i64) -> Timestamp {
        Timestamp(seconds.saturating_mul(1000))
    }

    /// Milliseconds since the epoch.
    pub fn millis(self) -> i64 {
        self.0
    }

    /// This time moved by a (possibly negative) number of whole days.
    pub fn plus_days(self, days: i64) -> Timestamp {
        Timestamp(self.0.saturating_add(days.saturating_mul(MILLIS_PER_DAY)))
    }

    /// Whole days from `self` to `later` (negative when `later` is earlier), rounded toward zero.
    pub fn days_until(self, later: Timestamp) -> i64 {
        later.0.saturating_sub(self.0) / MILLIS_PER_DAY
    }

    /// Parses an RFC 3339 / ISO-8601 date-time (`YYYY-MM-DDTHH:MM:SS[.fff][Z|±HH:MM]`) or a bare
    /// date (`YYYY-MM-DD`, midnight UTC). A missing offset is read as UTC.
    pub fn parse_iso8601(text: &str) -> Result<Timestamp, TimeParseError> {
        let bad = || TimeParseError(text.chars().take(64).collect());
        let text = text.trim();
        let bytes = text.as_bytes();
        if bytes.len() < 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return Err(bad());
        }
        let year = digits(&bytes[0..4]).ok_or_else(bad)?;
        let month = digits(&bytes[5..7]).ok_or_else(bad)?;
        let day = digits(&bytes[8..10]).ok_or_else(bad)?;
        if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
            return Err(bad());
        }
        let mut millis = days_from_civil(year, month, day) * MILLIS_PER_DAY;
        let rest = &bytes[10..];
        if rest.is_empty() {
            return Ok(Timestamp(millis));
        }
        if !(rest[0] == b'T' || rest[0] == b't' || rest[0] == b' ') || rest.len() < 9 {
            return Err(bad());
        }
        let time = &rest[1..];
        if time[2] != b':' || time[5] != b':' {
            return Err(bad());
        }
        let hour = digits(&time[0..2]).ok_or_else(bad)?;
        let minute = digits(&time[3..5]).ok_or_else(bad)?;
        let second = digits(&time[6..8]).ok_or_else(bad)?;
        // 60 allows a leap second; it is read as the next second.
        if hour > 23 || minute > 59 || second > 60 {
            return Err(bad());
        }
        millis += ((hour * 60 + minute) * 60 + second) * 1000;
        let mut tail = &time[8..];
        if let Some(b'.') | Some(b',') = tail.first() {
            let fraction_len = tail[1..].iter().take_while(|b| b.is_ascii_digit()).count();
            if fraction_len == 0 {
                return Err(bad());
            }
            let fraction = &tail[1..1 + fraction_len];
            let mut fraction_millis = 0;
            for (i, digit) in fraction.iter().take(3).enumerate() {
                fraction_millis += i64::from(digit - b'0') * [100, 10, 1][i];
            }
            millis += fraction_millis;
            tail = &tail[1 + fraction_len..];
        }
        match tail {
            [] | [b'Z'] | [b'z'] => {}
            [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2]
            | [sign @ (b'+' | b'-'), h1, h2, m1, m2] => {
                let offset_hours = digits(&[*h1, *h2]).ok_or_else(bad)?;
                let offset_minutes = digits(&[*m1, *m2]).ok_or_else(bad)?;
                if offset_hours > 23 || offset_minutes > 59 {
                    return Err(bad());
                }
                let offset = (offset_hours * 60 + offset_minutes) * 60_000;
                // Local time = UTC + offset, so UTC = local − offset.
                millis += if *sign == b'+' { -offset } else { offset };
            }
            _ => return Err(bad()),
        }
        Ok(Timestamp(millis))
    }

    /// Formats as RFC 3339 in UTC with milliseconds: `2025-03-01T12:00:00.000Z`.
    pub fn to_iso8601(self) -> String {
        let days = self.0.div_euclid(MILLIS_PER_DAY);
        let in_day = self.0.rem_euclid(MILLIS_PER_DAY);
        let (year, month, day) = civil_from_days(days);
        let (hour, minute) = (in_day / 3_600_000, in_day / 60_000 % 60);
        let (second, milli) = (in_day / 1000 % 60, in_day % 1000);
        format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}.{milli:03}Z")
    }

    /// The date part only: `2025-03-01`.
    pub fn date(self) -> String {
        let (year, month, day) = civil_from_days(self.0.div_euclid(MILLIS_PER_DAY));
        format!("{year:04}-{month:02}-{day:02}")
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_iso8601())
    }
}

/// A time that is not RFC 3339 / ISO-8601 (carries at most the first 64 characters of it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeParseError(pub String);

impl fmt::Display for TimeParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not an ISO-8601 date-time: {:?}", self.0)
    }
}

impl std::error::Error for TimeParseError {}

fn digits(bytes: &[u8]) -> Option<i64> {
    if bytes.is_empty() || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(bytes.iter().fold(0, |n, b| n * 10 + i64::from(b - b'0')))
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_forms_atlassian_sends() {
        assert_eq!(
            Timestamp::parse_iso8601("1970-01-01T00:00:00Z"),
            Ok(Timestamp(0))
        );
        assert_eq!(
            Timestamp::parse_iso8601("2025-03-01T12:00:00.250Z").map(|t| t.to_iso8601()),
            Ok("2025-03-01T12:00:00.250Z".to_string())
        );
        assert_eq!(
            Timestamp::parse_iso8601("2025-03-01T14:00:00+02:00"),
            Timestamp::parse_iso8601("2025-03-01T12:00:00Z")
        );
        assert_eq!(
            Timestamp::parse_iso8601("2024-02-29"),
            Timestamp::parse_iso8601("2024-02-29T00:00:00.000000Z")
        );
    }

    #[test]
    fn rejects_what_is_not_a_time() {
        for bad in [
            "",
            "yesterday",
            "2025-13-01",
            "2025-02-30T00:00:00Z",
            "2025-01-01T25:00:00Z",
            "2025-01-01T00:00:00Q",
            "2025-01-01T00:00",
        ] {
            assert!(Timestamp::parse_iso8601(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn round_trips_across_centuries() {
        for days in [-700_000_i64, -1, 0, 1, 11_016, 20_000, 2_932_896] {
            let t = Timestamp(days * MILLIS_PER_DAY + 12_345);
            assert_eq!(Timestamp::parse_iso8601(&t.to_iso8601()), Ok(t));
        }
    }
}
