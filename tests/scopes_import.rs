//! `scopes import-spec` must reproduce the committed expected data file exactly from the small
//! spec fixture (regenerate the expected file only after checking the difference by hand:
//! `token-warden scopes import-spec tests/fixtures/mini-jira-spec.json --product jira-platform
//! -o tests/fixtures/mini-jira-spec.expected.json`).

use std::process::Command;

use token_warden::scopes::catalog::Product;
use token_warden::scopes::spec_import::import_spec;

const SPEC: &str = "tests/fixtures/mini-jira-spec.json";
const EXPECTED: &str = "tests/fixtures/mini-jira-spec.expected.json";

#[test]
fn import_reproduces_the_committed_file_exactly() {
    let spec = std::fs::read_to_string(SPEC).expect("fixture spec is readable");
    let expected = std::fs::read_to_string(EXPECTED).expect("expected data file is readable");
    let imported =
        import_spec(&spec, "mini-jira-spec.json", Product::JiraPlatform).expect("fixture imports");
    assert_eq!(imported, expected);
}

#[test]
fn the_cli_prints_the_same_file() {
    let output = Command::new(env!("CARGO_BIN_EXE_token-warden"))
        .args(["scopes", "import-spec", SPEC, "--product", "jira-platform"])
        .output()
        .expect("the CLI runs");
    assert!(output.status.success());
    let expected = std::fs::read_to_string(EXPECTED).expect("expected data file is readable");
    assert_eq!(String::from_utf8_lossy(&output.stdout), expected);
}

#[test]
fn unknown_products_are_bad_input() {
    let output = Command::new(env!("CARGO_BIN_EXE_token-warden"))
        .args(["scopes", "import-spec", SPEC, "--product", "trello"])
        .output()
        .expect("the CLI runs");
    assert_eq!(output.status.code(), Some(2));
}
