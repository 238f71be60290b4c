//! Fuzzes the rate-limit header parsing (`Retry-After`, `X-RateLimit-Reset` in every accepted
//! form, `X-RateLimit-Remaining`/`Limit`) and the ISO-8601 parser: no panic, no overflow, and a
//! parsed time formats back to itself.

#![no_main]

use libfuzzer_sys::fuzz_target;
use token_warden::admin_api::pacing::{self, RateLimitHeaders, RetryPolicy};
use token_warden::audit::Timestamp;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut fields = text.split('\n');
    let headers = RateLimitHeaders {
        retry_after: fields.next().map(str::to_string),
        reset: fields.next().map(str::to_string),
        remaining: fields.next().map(str::to_string),
        limit: fields.next().map(str::to_string),
    };
    let now = Timestamp(1_748_736_000_000);
    let _ = pacing::wait_after_429(&headers, now);
    let _ = pacing::pace_after_success(&headers, now, &RetryPolicy::default());
    // Years 0000-9999 print as four digits and so parse back (an offset can push a time past them).
    const YEAR_0: i64 = -62_167_219_200_000;
    const YEAR_10000: i64 = 253_402_300_800_000;
    if let Ok(time) = Timestamp::parse_iso8601(&text) {
        if (YEAR_0..YEAR_10000).contains(&time.0) {
            assert_eq!(Timestamp::parse_iso8601(&time.to_iso8601()), Ok(time));
        }
    }
});
