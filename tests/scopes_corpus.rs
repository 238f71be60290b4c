//! The scanner corpus: small realistic scripts in several languages under `tests/corpus/`, each
//! with hand-labelled operations in `tests/corpus/expected.json`. The scanner must find exactly
//! those operations (and report the labelled unknown calls as unknown), and `scopes scan` over the
//! whole corpus must recommend scopes and exit 1 (there is a labelled unknown endpoint).

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use token_warden::scopes::{catalog, matcher, source};

fn expected() -> serde_json::Value {
    let text = std::fs::read_to_string("tests/corpus/expected.json")
        .expect("tests/corpus/expected.json is readable");
    serde_json::from_str(&text).expect("expected.json is valid JSON")
}

fn strings(value: Option<&serde_json::Value>) -> BTreeSet<String> {
    value
        .and_then(|v| v.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn every_corpus_script_yields_exactly_its_labelled_operations() {
    let expected = expected();
    let files = expected["files"].as_object().expect("files object");
    assert!(files.len() >= 10, "the corpus has at least 10 scripts");
    let languages: BTreeSet<&str> = files
        .keys()
        .filter_map(|f| Path::new(f).extension().and_then(|e| e.to_str()))
        .collect();
    assert!(languages.len() >= 8, "several languages: {languages:?}");
    for (file, labels) in files {
        let path = Path::new("tests/corpus").join(file);
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let calls = source::scan_source(file, &text);
        let mut found = BTreeSet::new();
        let mut unknown = BTreeSet::new();
        for call in &calls {
            let m = matcher::match_request(&call.method, &call.url);
            match m.operation.and_then(catalog::operation) {
                Some(op) => {
                    found.insert(op.display());
                }
                None => {
                    unknown.insert(format!("{} {}", call.method, m.normalized_path));
                }
            }
        }
        assert_eq!(
            found,
            strings(labels.get("operations")),
            "{file}: operations"
        );
        assert_eq!(
            unknown,
            strings(labels.get("unknown")),
            "{file}: unknown calls"
        );
    }
}

#[test]
fn scan_command_over_the_corpus_reports_json_and_exit_code_1_for_the_unknown_call() {
    let output = Command::new(env!("CARGO_BIN_EXE_token-warden"))
        .args(["scopes", "scan", "tests/corpus", "--json"])
        .output()
        .expect("the CLI runs");
    assert_eq!(
        output.status.code(),
        Some(1),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("--json prints JSON");
    // The labelled unknown call is reported as unresolved, with its reason.
    let unresolved = report["unresolved"].as_array().expect("unresolved");
    assert_eq!(unresolved.len(), 1, "{unresolved:?}");
    assert!(unresolved[0]["reason"]
        .as_str()
        .is_some_and(|r| r.contains("only for")));
    let analysis = &report["analysis"];
    let recommendations = analysis["recommendations"]
        .as_array()
        .expect("recommendations");
    assert_eq!(
        recommendations.len(),
        2,
        "one Atlassian credential and one Bitbucket token"
    );
    for r in recommendations {
        assert!(
            r["unsatisfiable"].as_array().is_some_and(|u| u.is_empty()),
            "{r}"
        );
        assert!(!r["scopes"].as_array().expect("scopes").is_empty());
    }
    let evidence = analysis["requests"][0]["evidence"].as_str().unwrap_or("");
    assert!(report["calls"][0]["resolution"]
        .as_str()
        .is_some_and(|r| !r.is_empty()));
    assert!(
        evidence.contains("tests/corpus/") && evidence.contains(':'),
        "file:line evidence: {evidence}"
    );
}

#[test]
fn missing_paths_and_bad_input_exit_2() {
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_token-warden"))
            .args(args)
            .output()
            .expect("the CLI runs")
    };
    let output = run(&["scopes", "scan", "tests/no-such-dir"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("tests/no-such-dir"));
    let output = run(&["scopes", "har", "tests/corpus/expected.json"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("expected.json"));
    let output = run(&[
        "scopes",
        "import-spec",
        "tests/corpus/sync.php",
        "--product",
        "jira-platform",
    ]);
    assert_eq!(output.status.code(), Some(2));
    let output = run(&[
        "scopes",
        "explain",
        "GET",
        "https://x.atlassian.net/rest/api/3/myself",
    ]);
    assert_eq!(output.status.code(), Some(0));
    let output = run(&["scopes", "templates"]);
    assert_eq!(output.status.code(), Some(0));
}
