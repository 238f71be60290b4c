//! Fuzzes request lists (`METHOD URL` lines, bare URLs, curl commands with continuations) and the
//! shell-word splitter and curl argument reader underneath. Invariants: never a panic; every
//! request and unreadable line points at a line of the input, in order; methods are upper-cased;
//! nothing read is empty.

#![no_main]

use libfuzzer_sys::fuzz_target;
use token_warden::scopes::{matcher, traffic};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let line_count = text.lines().count();
    let (requests, unreadable) = traffic::parse_request_lines(text);
    let mut previous = 0;
    for r in &requests {
        let n: usize = r
            .evidence
            .strip_prefix("line ")
            .and_then(|n| n.parse().ok())
            .expect("evidence is `line N`");
        assert!(n >= 1 && n <= line_count, "line {n} of {line_count}");
        assert!(n > previous, "requests out of order");
        previous = n;
        assert_eq!(r.method, r.method.to_ascii_uppercase());
        assert!(!r.method.is_empty());
        let _ = matcher::match_request(&r.method, &r.url);
    }
    for u in &unreadable {
        assert!(
            u.line >= 1 && u.line <= line_count,
            "line {} of {line_count}",
            u.line
        );
        assert!(!u.text.is_empty());
    }

    // The pieces on their own, on the first line.
    let first = text.lines().next().unwrap_or("");
    let words = traffic::shell_words(first);
    assert!(words.len() <= first.len());
    if let Ok((method, url)) = traffic::parse_curl(&words) {
        assert!(words.contains(&url) || words.iter().any(|w| w.ends_with(url.as_str())));
        let _ = method;
    }
});
