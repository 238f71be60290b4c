//! Which files `scopes scan` reads, and how far a definition reaches (src/scan/walk.rs, the
//! project grouping in src/scan/mod.rs): a base configured in one file of a project resolves
//! calls in its other files, a definition never crosses into another project, a project whose
//! Atlassian words are only in comments or generic paths is not parsed, and what cannot be read
//! is reported with its reason. The trees are written here, in the shapes of the corpus's
//! multi-file programs (tests/scan-corpus/README.md).

use std::path::{Path, PathBuf};

use token_warden::scan::{self, ScanOptions, ScanReport};

fn tree(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tw-scan-walk-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    dir
}

fn scan_dir(dir: &Path) -> ScanReport {
    scan::scan(&[dir.to_path_buf()], &ScanOptions::default()).expect("scan runs")
}

fn ops(report: &ScanReport) -> Vec<String> {
    let mut ops: Vec<String> = report
        .calls
        .iter()
        .filter_map(|c| c.operation.clone())
        .collect();
    ops.sort();
    ops
}

const CLIENT_PY: &str = r#"import os
import requests

BASE = os.environ["JIRA_BASE_URL"].rstrip("/") + "/rest/api/3"


class Client:
    def __init__(self):
        self.session = requests.Session()

    def get(self, path):
        return self.session.get(BASE + path)
"#;

const CALLER_PY: &str = r#"from app.client import Client

client = Client()


def me():
    return client.get("/myself")
"#;

#[test]
fn a_base_in_one_file_resolves_calls_in_another_file_of_the_project() {
    let dir = tree(
        "widen",
        &[
            ("pyproject.toml", "[project]\nname = \"bot\"\n"),
            ("app/client.py", CLIENT_PY),
            ("app/jobs/me.py", CALLER_PY),
        ],
    );
    let report = scan_dir(&dir);
    assert_eq!(ops(&report), vec!["GET /rest/api/3/myself".to_string()]);
    assert!(report.calls.iter().all(|c| c.file.ends_with("me.py")));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_definition_does_not_cross_into_another_project() {
    // The same caller in a sibling project with its own manifest: its `client.get` is some other
    // client, and the Jira base of the first project must not be lent to it.
    let dir = tree(
        "cross",
        &[
            ("jira-bot/pyproject.toml", "[project]\nname = \"bot\"\n"),
            ("jira-bot/client.py", CLIENT_PY),
            ("other/pyproject.toml", "[project]\nname = \"other\"\n"),
            (
                "other/me.py",
                "import requests\n\nclass Client:\n    def get(self, path):\n        return requests.get(\"https://example.com\" + path)\n\nclient = Client()\nclient.get(\"/myself\")\n",
            ),
        ],
    );
    let report = scan_dir(&dir);
    assert!(
        report.calls.iter().all(|c| !c.file.contains("other")),
        "{:?}",
        report.calls
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_project_that_names_atlassian_only_in_comments_is_not_parsed() {
    // Like a library crate whose docs link an Atlassian issue tracker and whose own HTTP client
    // has `get("/2.0/...")`-looking calls: not an integration.
    let dir = tree(
        "comments",
        &[
            ("Cargo.toml", "[package]\nname = \"lib\"\n"),
            (
                "src/lib.rs",
                "// See https://jira.atlassian.com/browse/X-1 for the bug this works around.\npub fn fetch(c: &Client) { c.get(\"/2.0/status\"); }\n",
            ),
            ("src/http.rs", "pub fn call(c: &Client) { c.get(\"/repositories/a/b\"); }\n"),
        ],
    );
    let report = scan_dir(&dir);
    assert_eq!(report.files_parsed, 0, "{report:?}");
    assert!(report.calls.is_empty());
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn what_is_not_read_is_reported_with_its_reason() {
    let long_line = format!("const x = \"{}\";\n", "a".repeat(30_000));
    let dir = tree(
        "skips",
        &[
            (
                "jira.js",
                "fetch(`${process.env.JIRA}/rest/api/3/myself`);\n",
            ),
            ("bundle.min.js", &format!("// jira\n{long_line}")),
            (
                "node_modules/x/index.js",
                "fetch('https://x.atlassian.net/rest/api/3/myself')\n",
            ),
        ],
    );
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&dir, dir.join("loop")).expect("symlink");
    }
    let report = scan_dir(&dir);
    assert_eq!(ops(&report), vec!["GET /rest/api/3/myself".to_string()]);
    let reasons: Vec<String> = report
        .skipped
        .iter()
        .map(|s| format!("{} {}", s.path, s.reason))
        .collect();
    let has = |needle: &str| reasons.iter().any(|r| r.contains(needle));
    assert!(has("bundle.min.js minified"), "{reasons:?}");
    assert!(has("node_modules vendored"), "{reasons:?}");
    #[cfg(unix)]
    assert!(has("symbolic link"), "{reasons:?}");
    let _ = std::fs::remove_dir_all(dir);
}
