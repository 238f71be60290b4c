//! Solver timings in wasm, in headless Chromium: the same picks as `benches/scopes_bench.rs`
//! (`solver_timings`), so native and wasm numbers compare. A benchmark, not a test: it prints and
//! never asserts a time. `./build.sh bench` runs it (through `tests/bench/scopes.bench.mjs`):
//!
//! ```sh
//! CHROMEDRIVER=/usr/bin/chromedriver \
//!   CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
//!   cargo test --release --target wasm32-unknown-unknown --test wasm_bench -- --nocapture
//! ```
//!
//! Each line is `wasm-bench <label>: <median> ms median of <runs> runs`, which the bench script
//! picks out of the runner's output.
//!
//! `boundary_encodings_in_wasm` measures the JS ↔ Rust boundary (issue 13): the extension's way today
//! (`serde_wasm_bindgen` between a `JsValue` and `serde_json::Value`) against plain JSON strings
//! (`JSON.stringify`/`JSON.parse` on the JS side, `serde_json` text on the Rust side), on payloads of
//! the size the extension sends: the default plan (the page_facts reply) and a large solver result.
#![cfg(target_arch = "wasm32")]

use serde::Serialize;
use token_warden::atlassian::limits::CredentialKind;
use token_warden::plan;
use token_warden::scopes::catalog::{self, OperationId, Product};
use token_warden::scopes::{matcher, solver};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// `performance.now()` (sub-millisecond) when the page has it, else `Date.now()`.
fn now_ms() -> f64 {
    let performance = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("performance"))
        .ok()
        .filter(|p| p.is_object());
    if let Some(performance) = performance {
        let now = js_sys::Reflect::get(&performance, &JsValue::from_str("now"))
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
        if let Some(value) = now
            .and_then(|f| f.call0(&performance).ok())
            .and_then(|v| v.as_f64())
        {
            return value;
        }
    }
    js_sys::Date::now()
}

/// Warms up once, then runs `f` at least `min_runs` times and until about a second has passed
/// (at most 1,000 runs); prints the median.
fn time<T>(label: &str, min_runs: usize, mut f: impl FnMut() -> T) -> T {
    let mut result = f();
    let mut samples: Vec<f64> = Vec::new();
    let started = now_ms();
    while samples.len() < min_runs || (now_ms() - started < 1000.0 && samples.len() < 1000) {
        let start = now_ms();
        result = f();
        samples.push(now_ms() - start);
    }
    samples.sort_by(f64::total_cmp);
    let median = samples[samples.len() / 2];
    console_log!(
        "wasm-bench {label}: {median:.3} ms median of {} runs",
        samples.len()
    );
    result
}

fn operations(bitbucket: bool) -> Vec<OperationId> {
    catalog::operations()
        .iter()
        .enumerate()
        .filter(|(_, o)| (o.product == Product::Bitbucket) == bitbucket)
        .map(|(i, _)| i as OperationId)
        .collect()
}

/// Every k-th operation, as the native harness picks them.
fn pick(from: &[OperationId], n: usize) -> Vec<OperationId> {
    let step = (from.len() / n.max(1)).max(1);
    from.iter().step_by(step).take(n).copied().collect()
}

#[wasm_bindgen_test]
fn solver_timings_in_wasm() {
    // The catalog as the extension embeds it (the slim wasm form: no operation labels or permission text).
    console_log!(
        "embedded catalog in wasm: {} bytes",
        catalog::embedded_size_bytes()
    );
    let jira = operations(false);
    let bitbucket = operations(true);
    for n in [1usize, 10, 100] {
        let required = pick(&jira, n);
        let r = time(
            &format!("solve {n} Jira/Confluence ops (service-account token)"),
            5,
            || solver::solve(&required, CredentialKind::ServiceAccountToken),
        );
        console_log!(
            "    -> {:?}: {} scopes, {}",
            r.method,
            r.scopes.len(),
            r.method_note
        );
    }
    let r = time(
        &format!("solve all {} Jira/Confluence ops", jira.len()),
        3,
        || solver::solve(&jira, CredentialKind::ServiceAccountToken),
    );
    console_log!(
        "    -> {:?}: {} scopes, {}",
        r.method,
        r.scopes.len(),
        r.method_note
    );
    let r = time(
        &format!(
            "solve all {} Bitbucket ops (Bitbucket token)",
            bitbucket.len()
        ),
        3,
        || solver::solve(&bitbucket, CredentialKind::BitbucketToken),
    );
    console_log!("    -> {:?}: {} scopes", r.method, r.scopes.len());

    // The matcher, for scale: one request per catalog operation (its path, parameters filled in).
    let requests: Vec<(String, String)> = catalog::operations()
        .iter()
        .map(|o| {
            let path = o.full_path().replace(['{', '}'], "");
            (o.method.as_str().to_string(), path)
        })
        .collect();
    let matched = time(
        &format!("match {} requests (one per operation)", requests.len()),
        3,
        || {
            requests
                .iter()
                .filter(|(m, u)| matcher::match_request(m, u).is_known())
                .count()
        },
    );
    console_log!("    -> {matched} matched");
}

#[wasm_bindgen_test]
fn boundary_encodings_in_wasm() {
    let jira = operations(false);
    let payloads = [
        ("default plan", serde_json::to_value(plan::default_plan())),
        (
            "solver result, all Jira/Confluence ops",
            serde_json::to_value(solver::solve(&jira, CredentialKind::ServiceAccountToken)),
        ),
    ];
    for (label, value) in payloads {
        let value = value.expect("the payload serialises");
        let text = serde_json::to_string(&value).expect("the payload serialises to text");
        console_log!("boundary payload {label}: {} bytes of JSON", text.len());
        let swb = serde_wasm_bindgen::Serializer::json_compatible();
        // Rust → JS (a reply).
        time(
            &format!("{label}: Rust → JS, serde_wasm_bindgen (Value → JsValue)"),
            20,
            || value.serialize(&swb).expect("serialises"),
        );
        time(
            &format!("{label}: Rust → JS, JSON text + JSON.parse"),
            20,
            || {
                let text = serde_json::to_string(&value).expect("serialises");
                js_sys::JSON::parse(&text).expect("parses")
            },
        );
        // JS → Rust (a request).
        let js = js_sys::JSON::parse(&text).expect("parses");
        time(
            &format!("{label}: JS → Rust, serde_wasm_bindgen::from_value"),
            20,
            || serde_wasm_bindgen::from_value::<serde_json::Value>(js.clone()).expect("converts"),
        );
        time(
            &format!("{label}: JS → Rust, JSON.stringify + serde_json::from_str"),
            20,
            || {
                let text: String = js_sys::JSON::stringify(&js).expect("stringifies").into();
                serde_json::from_str::<serde_json::Value>(&text).expect("parses")
            },
        );
    }
}
