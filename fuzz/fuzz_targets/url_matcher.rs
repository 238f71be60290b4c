//! Fuzzes the request matcher (`METHOD URL` → operation) and `explain` on top of it. The input is
//! `METHOD URL`, split at the first space (or all URL when there is none). Invariants: never a
//! panic; the method and URL are echoed back as given; a matched operation exists in the catalog
//! with the request's method (HEAD may fall back to GET); an unknown request says why and names at
//! most three nearest templates.

#![no_main]

use libfuzzer_sys::fuzz_target;
use token_warden::scopes::catalog::{self, Method};
use token_warden::scopes::{explain, matcher};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (method, url) = text.split_once(' ').unwrap_or(("GET", text));
    let m = matcher::match_request(method, url);
    assert_eq!(m.method, method.trim().to_ascii_uppercase());
    assert_eq!(m.url, url);
    assert!(
        m.nearest.len() <= 3,
        "too many nearest templates: {:?}",
        m.nearest
    );
    match m.operation {
        Some(id) => {
            let op = catalog::operation(id).expect("a matched operation is in the catalog");
            let asked = Method::parse(&m.method).expect("a matched request has a known method");
            assert!(
                op.method == asked || (asked == Method::Head && op.method == Method::Get),
                "{} matched {}",
                m.method,
                op.display()
            );
            assert!(m.unknown_reason.is_none());
            assert!(m.is_known());
        }
        None => {
            assert!(
                m.unknown_reason.is_some(),
                "an unknown request must say why"
            );
            assert!(!m.is_known());
        }
    }

    let e = explain(method, url, &[]);
    assert_eq!(e.operation.is_some(), m.operation.is_some());
    // Every alternative names catalog scopes.
    for alternative in &e.alternatives {
        for scope in alternative {
            assert!(
                catalog::scope_by_name(scope).is_some(),
                "unknown scope {scope}"
            );
        }
    }
    serde_json::to_string(&e).expect("explanations serialise");
});
