//! Timing harness for scope intelligence (not a criterion bench: no extra crates).
//!
//! Run (optimised): `cargo test --release --bench scopes_bench -- --ignored --nocapture`
//! (ignored libtest tests, so they need no `harness = false` entry and never run in `cargo test`;
//! add `solver_timings` or `scan_timings` to run one). They print median times, never assert them:
//! * `solver_timings`: the solver for 1, 10, 100 and all catalog operations (Jira-family operations
//!   for a service-account token; Bitbucket ones for a Bitbucket token), reporting exact vs
//!   heuristic. `tests/wasm_bench.rs` times the same picks in wasm; `./build.sh bench` runs both;
//! * `scan_timings`: the source scanner over a generated tree of N files (default 2,000;
//!   `SCOPES_BENCH_FILES=…`), in-process and through `token-warden scopes scan` when the release
//!   binary exists (`tests/bench/scopes.bench.mjs` compares the CLI with `rg` on a larger tree).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use token_warden::atlassian::limits::CredentialKind;
use token_warden::scopes::catalog::{self, OperationId, Product};
use token_warden::scopes::{solver, source};

/// Runs `f` once to warm up, then at least `min_runs` times and until about a second has passed
/// (at most 1,000 runs), and prints the median run.
fn time<T>(label: &str, min_runs: u32, mut f: impl FnMut() -> T) -> T {
    let mut result = f();
    let mut samples: Vec<Duration> = Vec::new();
    let started = Instant::now();
    while samples.len() < min_runs as usize
        || (started.elapsed() < Duration::from_secs(1) && samples.len() < 1000)
    {
        let start = Instant::now();
        result = f();
        samples.push(start.elapsed());
    }
    samples.sort_unstable();
    let median = samples[samples.len() / 2];
    println!(
        "{label:<60} {median:>12.2?} median of {} runs",
        samples.len()
    );
    result
}

#[test]
#[ignore = "timing harness: cargo test --release --bench scopes_bench -- --ignored --nocapture"]
fn solver_timings() {
    let jira: Vec<OperationId> = catalog::operations()
        .iter()
        .enumerate()
        .filter(|(_, o)| o.product != Product::Bitbucket)
        .map(|(i, _)| i as OperationId)
        .collect();
    let bitbucket: Vec<OperationId> = catalog::operations()
        .iter()
        .enumerate()
        .filter(|(_, o)| o.product == Product::Bitbucket)
        .map(|(i, _)| i as OperationId)
        .collect();
    // Spread picks over the catalog (every k-th operation) so sizes mix products and methods.
    let pick = |from: &[OperationId], n: usize| -> Vec<OperationId> {
        let step = (from.len() / n.max(1)).max(1);
        from.iter().step_by(step).take(n).copied().collect()
    };
    for n in [1usize, 10, 100] {
        let required = pick(&jira, n);
        let r = time(
            &format!("solve {n} Jira/Confluence ops (service-account token)"),
            5,
            || solver::solve(&required, CredentialKind::ServiceAccountToken),
        );
        println!(
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
    println!(
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
    println!("    -> {:?}: {} scopes", r.method, r.scopes.len());
}

#[test]
#[ignore = "timing harness: cargo test --release --bench scopes_bench -- --ignored --nocapture"]
fn scan_timings() {
    // A generated tree: copies of the corpus scripts plus files without any Atlassian call.
    let files: usize = std::env::var("SCOPES_BENCH_FILES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000);
    let root = std::env::temp_dir().join(format!("token-warden-scan-bench-{files}"));
    let corpus: Vec<(String, String)> = std::fs::read_dir("tests/corpus")
        .map(|dir| {
            dir.filter_map(Result::ok)
                .filter(|e| e.file_name() != "expected.json")
                .filter_map(|e| {
                    let text = std::fs::read_to_string(e.path()).ok()?;
                    Some((e.file_name().to_string_lossy().into_owned(), text))
                })
                .collect()
        })
        .unwrap_or_default();
    if !root.exists() && !corpus.is_empty() {
        for i in 0..files {
            let dir = root.join(format!("pkg{}", i / 100));
            let _ = std::fs::create_dir_all(&dir);
            let path: PathBuf;
            if i % 4 == 0 {
                let (name, text) = &corpus[i % corpus.len()];
                path = dir.join(format!("{i}_{name}"));
                let _ = std::fs::write(&path, text);
            } else {
                path = dir.join(format!("util{i}.py"));
                let filler = "def helper(x):\n    return [y * 2 for y in range(x)]\n".repeat(40);
                let _ = std::fs::write(&path, filler);
            }
        }
    }
    let texts: Vec<(String, String)> = walk(&root);
    let calls = time(
        &format!("scan {} files in-process (single thread)", texts.len()),
        3,
        || {
            texts
                .iter()
                .map(|(name, text)| source::scan_source(name, text).len())
                .sum::<usize>()
        },
    );
    println!("    -> {calls} calls found");
    let binary = PathBuf::from("target/release/token-warden");
    if binary.exists() {
        time(
            &format!(
                "`token-warden scopes scan` over {} (parallel, with IO)",
                root.display()
            ),
            3,
            || {
                std::process::Command::new(&binary)
                    .args(["scopes", "scan", "--json"])
                    .arg(&root)
                    .output()
                    .map(|o| o.stdout.len())
                    .unwrap_or(0)
            },
        );
    } else {
        println!("(build target/release/token-warden to time the CLI scan too)");
    }
    println!("tree kept at {} (delete it to regenerate)", root.display());
}

fn walk(root: &std::path::Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(text) = std::fs::read_to_string(&path) {
                out.push((path.display().to_string(), text));
            }
        }
    }
    out
}
