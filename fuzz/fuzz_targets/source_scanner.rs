//! Fuzzes the source scanner (`scopes scan` on one file's text) and the matcher on what it finds.
//! Invariants: never a panic; every call's line number is a line of the input; methods are
//! upper-case HTTP methods; nothing is found in text without any Atlassian marker.

#![no_main]

use libfuzzer_sys::fuzz_target;
use token_warden::scopes::{matcher, source};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let line_count = text.lines().count();
    let calls = source::scan_source("fuzz.py", &text);
    if !source::might_contain_calls(&text) {
        assert!(calls.is_empty());
    }
    for call in &calls {
        assert_eq!(call.file, "fuzz.py");
        assert!(
            call.line >= 1 && call.line <= line_count,
            "line {} of {line_count}",
            call.line
        );
        assert!(!call.method.is_empty());
        assert_eq!(call.method, call.method.to_ascii_uppercase());
        assert!(call.snippet.chars().count() <= 140);
        let _ = matcher::match_request(&call.method, &call.url);
    }
});
