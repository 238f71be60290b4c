//! `token-warden audit` and `token-warden service-account create` as a person runs them: the real
//! binary against the in-process mock. Every run's stdout and stderr is searched for the canary
//! API key, which must never appear, whatever the scenario (including a server that echoes it).

// Native only: the client and the binary do not exist on wasm32.
#![cfg(not(target_arch = "wasm32"))]

mod admin_mock;

use std::path::PathBuf;
use std::process::{Command, Output};

use admin_mock::{AdminMock, Fault, Listing, MockConfig, ScriptedFault};

const ORG: &str = "org-5678";
const KEY: &str = "CANARY-cli-key-d41d8cd98f00b204";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs the binary with the key in the environment (unless `key_in_env` is false) and checks the
/// key appears nowhere in what it printed.
fn run_with(args: &[&str], key_in_env: bool) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_token-warden"));
    command
        .args(args)
        .env_remove("ATLASSIAN_ADMIN_API_KEY")
        .env("NO_COLOR", "1");
    if key_in_env {
        command.env("ATLASSIAN_ADMIN_API_KEY", KEY);
    }
    let Output {
        status,
        stdout,
        stderr,
    } = command.output().expect("run token-warden");
    let run = Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    };
    for (name, text) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
        assert!(
            !text.contains(KEY),
            "the API key leaked into {name} of {args:?}:\n{text}"
        );
        assert!(
            !text.contains("d41d8cd98f00b204"),
            "part of the API key leaked into {name} of {args:?}"
        );
    }
    run
}

fn run(args: &[&str]) -> Run {
    run_with(args, true)
}

fn audit(mock: &AdminMock, extra: &[&str]) -> Run {
    let mut args = vec![
        "audit",
        "--org",
        ORG,
        "--api-base",
        &mock.base_url,
        "--max-retries",
        "2",
    ];
    args.extend_from_slice(extra);
    run(&args)
}

fn mock(tokens: usize) -> AdminMock {
    let mut config = MockConfig::new(ORG, KEY);
    config.tokens = tokens;
    config.users = 60;
    AdminMock::start(config)
}

#[test]
fn the_table_shows_findings_the_plan_and_a_summary() {
    let mock = mock(300);
    let run = audit(&mock, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for expected in [
        "SEVERITY",
        "FINDING",
        "live-orphan",
        "dormant-orphan",
        "integration-suspect",
        "unscoped-in-use",
        "stale-token",
        "expiring-in-use",
        "Migration plan",
        "jenkins-ci-deploy",
        "Audit of org org-5678: 300 tokens",
    ] {
        assert!(
            run.stdout.contains(expected),
            "missing {expected:?} in:\n{}",
            run.stdout
        );
    }
    assert!(
        run.stderr.contains("requests, 0 rate-limited"),
        "{}",
        run.stderr
    );
    // High findings come first.
    let first_row = run.stdout.lines().nth(1).unwrap_or("");
    assert!(first_row.starts_with("HIGH"), "{first_row}");
}

#[test]
fn json_csv_and_markdown() {
    let mock = mock(300);
    let json = audit(&mock, &["--format", "json"]);
    assert_eq!(json.code, 0, "{}", json.stderr);
    let value: serde_json::Value =
        serde_json::from_str(&json.stdout).expect("valid JSON on stdout");
    assert_eq!(value["summary"]["tokens"], 300);
    assert_eq!(value["org_id"], ORG);
    assert!(value["migration_plan"]
        .as_array()
        .is_some_and(|plan| !plan.is_empty()));
    assert!(
        json.stderr.contains("Audit of org"),
        "the summary line goes to stderr: {}",
        json.stderr
    );

    let csv = audit(&mock, &["--format", "csv"]);
    assert_eq!(csv.code, 0);
    let mut lines = csv.stdout.lines();
    assert!(lines
        .next()
        .unwrap_or("")
        .starts_with("severity,finding,token_id,token_label"));
    let findings = value["findings"].as_array().map_or(0, Vec::len);
    assert_eq!(lines.count(), findings);

    let markdown = audit(&mock, &["--format", "markdown"]);
    assert_eq!(markdown.code, 0);
    assert!(markdown
        .stdout
        .starts_with("# Token Warden audit of org org-5678"));
    assert!(markdown.stdout.contains("| Severity | Finding |"));
}

#[test]
fn fail_on_sets_the_exit_code() {
    let mock = mock(300);
    let high = audit(&mock, &["--fail-on", "high", "--format", "json"]);
    assert_eq!(high.code, 1, "{}", high.stderr);
    assert!(high.stderr.contains("--fail-on high"));

    let empty = mock_empty();
    assert_eq!(audit(&empty, &["--fail-on", "medium"]).code, 0);
    assert_eq!(audit(&empty, &[]).code, 0);
}

fn mock_empty() -> AdminMock {
    let mut config = MockConfig::new(ORG, KEY);
    config.tokens = 0;
    config.users = 0;
    config.service_accounts = 0;
    AdminMock::start(config)
}

#[test]
fn the_key_can_come_from_a_file() {
    let mock = mock(10);
    let dir = std::env::temp_dir().join(format!("tw-audit-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file: PathBuf = dir.join("key");
    std::fs::write(&file, format!("{KEY}\n")).unwrap();
    let args = [
        "audit",
        "--org",
        ORG,
        "--api-base",
        &mock.base_url,
        "--api-key-file",
        file.to_str().unwrap(),
    ];
    let run = run_with(&args, false);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let missing = run_with(
        &["audit", "--org", ORG, "--api-key-file", "/nonexistent/key"],
        false,
    );
    assert_eq!(missing.code, 2);
    assert!(
        missing
            .stderr
            .contains("cannot read the API key file /nonexistent/key"),
        "{}",
        missing.stderr
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_missing_key_and_bad_input_exit_2() {
    let none = run_with(&["audit", "--org", ORG], false);
    assert_eq!(none.code, 2);
    assert!(
        none.stderr.contains("ATLASSIAN_ADMIN_API_KEY"),
        "{}",
        none.stderr
    );
    let bad_org = run(&[
        "audit",
        "--org",
        "../../etc",
        "--api-base",
        "http://127.0.0.1:9",
    ]);
    assert_eq!(bad_org.code, 2);
    assert!(
        bad_org.stderr.contains("is not an org id"),
        "{}",
        bad_org.stderr
    );
    let plain_http = run(&[
        "audit",
        "--org",
        ORG,
        "--api-base",
        "http://api.example.com",
    ]);
    assert_eq!(plain_http.code, 2);
    assert!(
        plain_http.stderr.contains("unencrypted"),
        "{}",
        plain_http.stderr
    );
    assert_eq!(run(&["audit", "--org", ORG, "--format", "xml"]).code, 2);
}

fn failing(listing: Listing, fault: Fault) -> AdminMock {
    let mut config = MockConfig::new(ORG, KEY);
    // A failing v1 users listing is only reached where the v2 directory API is unavailable.
    config.directory_v2 = listing != Listing::Users;
    config.always_fail = vec![(listing, fault)];
    AdminMock::start(config)
}

#[test]
fn api_errors_are_clear_and_exit_2() {
    let cases: Vec<(AdminMock, Vec<&str>)> = vec![
        (
            AdminMock::start(MockConfig::new(ORG, "some other key")),
            vec!["401 Unauthorized", "Settings → API keys"],
        ),
        (
            failing(Listing::Tokens, Fault::Error(403, "ADMIN-UAM-403-2")),
            vec![
                "403 Forbidden",
                "ADMIN-UAM-403-2",
                "not allowed to manage this org",
            ],
        ),
        (
            AdminMock::start(MockConfig::new("a-different-org", KEY)),
            vec!["404 Not Found", "check the org id"],
        ),
        (
            failing(Listing::Tokens, Fault::EchoAuthorization),
            vec!["HTTP 400", "<redacted>"],
        ),
    ];
    for (mock, expected) in cases {
        let run = audit(&mock, &[]);
        assert_eq!(run.code, 2, "{expected:?}: {}", run.stderr);
        for text in expected {
            assert!(
                run.stderr.contains(text),
                "missing {text:?} in:\n{}",
                run.stderr
            );
        }
        assert!(run.stdout.is_empty(), "{}", run.stdout);
    }

    // A listing that keeps failing for a transient reason is a partial audit (exit 3), with the
    // report written and the missing listing named.
    let unavailable = audit(&failing(Listing::Tokens, Fault::ServerError(503)), &[]);
    assert_eq!(unavailable.code, 3, "{}", unavailable.stderr);
    for text in [
        "missing: API tokens: 0 read",
        "gave up",
        "after 3 attempts",
        "HTTP 503",
        "Partial audit (exit 3)",
    ] {
        assert!(
            unavailable.stderr.contains(text),
            "missing {text:?} in:\n{}",
            unavailable.stderr
        );
    }
    assert!(
        unavailable.stdout.contains("PARTIAL"),
        "{}",
        unavailable.stdout
    );

    // Malformed on every try: partial, and the message names the endpoint.
    let malformed = audit(&failing(Listing::Tokens, Fault::MalformedJson), &[]);
    assert_eq!(malformed.code, 3);
    assert!(malformed.stderr.contains("malformed response from listing the org's API tokens (GET /admin/api-access/v1/orgs/org-5678/api-tokens)"), "{}", malformed.stderr);

    // ADMIN-400-4 on the users listing is no dead end: the audit goes on, with a note.
    let original = audit(
        &failing(Listing::Users, Fault::Error(400, "ADMIN-400-4")),
        &[],
    );
    assert_eq!(original.code, 0, "{}", original.stderr);
    assert!(
        original.stdout.contains("ADMIN-400-4") && original.stdout.contains("users not read"),
        "{}",
        original.stdout
    );

    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let base = format!("http://127.0.0.1:{port}");
    let network = run(&[
        "audit",
        "--org",
        ORG,
        "--api-base",
        &base,
        "--max-retries",
        "0",
    ]);
    // Nothing answers: a transient failure, so a partial (empty) audit, never a clean one.
    assert_eq!(network.code, 3, "{}", network.stderr);
    assert!(
        network.stderr.contains("network error") && network.stderr.contains("refused"),
        "{}",
        network.stderr
    );
}

#[test]
fn users_come_from_the_v2_directory_api_with_v1_as_the_fallback() {
    // v2 answers (both user-management experiences): no v1 request, no --skip-users needed.
    let mock = mock(300);
    let v2 = audit(&mock, &["--format", "json"]);
    assert_eq!(v2.code, 0, "{}", v2.stderr);
    let stats = mock.stats();
    assert_eq!(stats.per_listing.get("Users"), None);
    assert!(stats.per_listing["DirectoryUsers"] >= 2);
    assert!(
        v2.stderr.contains("v2 directory API (2 directories)"),
        "{}",
        v2.stderr
    );
    let v2_report: serde_json::Value = serde_json::from_str(&v2.stdout).unwrap();

    // Where v2 is unavailable the v1 listing gives the same standings, and says so.
    let mut config = MockConfig::new(ORG, KEY);
    config.tokens = 300;
    config.users = 60;
    config.directory_v2 = false;
    let v1_mock = AdminMock::start(config);
    let v1 = audit(&v1_mock, &["--format", "json"]);
    assert_eq!(v1.code, 0, "{}", v1.stderr);
    assert!(
        v1.stderr.contains("read through the v1 API"),
        "{}",
        v1.stderr
    );
    let v1_report: serde_json::Value = serde_json::from_str(&v1.stdout).unwrap();
    let kinds = |report: &serde_json::Value| {
        let mut kinds: Vec<(String, String)> = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["kind"].as_str().unwrap().to_string(),
                    f["token"]["id"].as_str().unwrap_or_default().to_string(),
                )
            })
            .collect();
        kinds.sort();
        kinds
    };
    assert_eq!(kinds(&v2_report), kinds(&v1_report));
    assert_eq!(v2_report["summary"]["users"], 60);

    // The flag of the old dead end is gone.
    assert_eq!(audit(&mock, &["--skip-users"]).code, 2);
}

#[test]
fn service_account_create_is_a_dry_run_by_default() {
    let mock = mock(0);
    let args = [
        "service-account",
        "create",
        "--org",
        ORG,
        "--name",
        "Jenkins CI",
        "--description",
        "deploys; owner: platform",
        "--api-base",
        &mock.base_url,
    ];
    let dry = run(&args);
    assert_eq!(dry.code, 0, "{}", dry.stderr);
    assert!(dry.stderr.contains("EXPERIMENTAL"));
    assert!(
        dry.stdout.contains(&format!(
            "POST {}/admin/api-access/v1/orgs/{ORG}/service-accounts",
            mock.base_url
        )),
        "{}",
        dry.stdout
    );
    assert!(dry.stdout.contains("Authorization: Bearer <redacted>"));
    assert!(dry.stdout.contains("\"displayName\": \"Jenkins CI\""));
    assert_eq!(mock.stats().requests, 0, "a dry run sends nothing");

    let mut send = args.to_vec();
    send.push("--yes");
    let sent = run(&send);
    assert_eq!(sent.code, 0, "{}", sent.stderr);
    assert!(
        sent.stdout
            .contains("Created service account \"Jenkins CI\""),
        "{}",
        sent.stdout
    );
    let created = mock.stats().created;
    assert_eq!(created.len(), 1);
    assert_eq!(created[0]["displayName"], "Jenkins CI");
    assert_eq!(created[0]["description"], "deploys; owner: platform");

    let refused = AdminMock::start(MockConfig::new(ORG, "another key"));
    let mut unauthorized = send.clone();
    let base_index = unauthorized
        .iter()
        .position(|a| *a == mock.base_url.as_str())
        .unwrap();
    unauthorized[base_index] = &refused.base_url;
    let failed = run(&unauthorized);
    assert_eq!(failed.code, 2);
    assert!(
        failed
            .stderr
            .contains("401 Unauthorized from creating a service account (experimental API)"),
        "{}",
        failed.stderr
    );
}

#[test]
fn help_marks_the_experimental_api() {
    let help = run(&["service-account", "create", "--help"]);
    assert_eq!(help.code, 0);
    assert!(help.stdout.contains("EXPERIMENTAL"));
    let audit_help = run(&["audit", "--help"]);
    assert!(audit_help.stdout.contains("--fail-on") && audit_help.stdout.contains("never"));
}

#[test]
fn hostile_bases_and_key_files_are_refused_fast() {
    // The host is parsed before the loopback rule: this is another machine, over plain HTTP.
    for base in [
        "http://127.0.0.1.evil.example",
        "http://localhost.evil.example:8080",
    ] {
        let run = run(&["audit", "--org", ORG, "--api-base", base]);
        assert_eq!(run.code, 2, "{base}: {}", run.stderr);
        assert!(
            run.stderr.contains("only allowed for 127.0.0.1"),
            "{}",
            run.stderr
        );
    }
    // A key file that never ends is refused after a few KiB, not read until memory runs out.
    let run = run_with(
        &["audit", "--org", ORG, "--api-key-file", "/dev/zero"],
        false,
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("not an API key file"), "{}", run.stderr);
}

#[test]
fn an_encoded_echo_of_the_key_is_redacted() {
    let mock = failing(Listing::Tokens, Fault::EchoKeyEncoded);
    let run = audit(&mock, &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("<redacted>"), "{}", run.stderr);
    let lower = run.stderr.to_lowercase();
    assert!(!lower.contains(&KEY.to_lowercase()), "{}", run.stderr);
    assert!(!lower.contains("d41d8cd98f00b204"), "{}", run.stderr);
    assert!(
        !run.stderr.contains("Q0FOQVJZLWNsaS1rZXkt"),
        "base64 echo: {}",
        run.stderr
    );
}

#[test]
fn a_flaky_api_still_gives_the_whole_audit() {
    let mut config = MockConfig::new(ORG, KEY);
    config.tokens = 350;
    config.users = 60;
    config.max_page_size = 100;
    config.cursor_lead = "/";
    config.faults = vec![
        ScriptedFault {
            listing: Listing::Tokens,
            nth: 2,
            fault: Fault::TruncatedBody,
        },
        ScriptedFault {
            listing: Listing::Tokens,
            nth: 4,
            fault: Fault::Hang(5_000),
        },
        ScriptedFault {
            listing: Listing::Tokens,
            nth: 6,
            fault: Fault::ServerError(503),
        },
        ScriptedFault {
            listing: Listing::Tokens,
            nth: 8,
            fault: Fault::RetryAfter(0),
        },
    ];
    let mock = AdminMock::start(config);
    let run = audit(&mock, &["--format", "json", "--read-timeout", "0.3"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["summary"]["tokens"], 350, "{}", run.stderr);
    assert_eq!(json["missing"], serde_json::json!([]));
}

#[test]
fn the_html_report_is_self_contained_and_escapes_hostile_names() {
    let mut config = MockConfig::new(ORG, KEY);
    config.tokens = 300;
    config.users = 60;
    config.hostile_labels = true;
    let mock = AdminMock::start(config);
    let run = audit(&mock, &["--format", "html"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = &run.stdout;
    assert!(
        html.starts_with("<!DOCTYPE html>"),
        "{}",
        &html[..80.min(html.len())]
    );
    assert!(html.trim_end().ends_with("</html>"));
    assert!(html.contains("content=\"default-src 'none'; style-src 'unsafe-inline'\""));
    // Three charts, drawn inline.
    assert_eq!(html.matches("<svg ").count(), 3);
    // Nothing that loads or runs anything: no script, no link, image, frame, style sheet or font,
    // no event handler; the only URL in a tag is SVG's namespace name. (Text cannot hide a tag:
    // a raw `<` only ever opens one, escaped text has none.)
    let tags: Vec<String> = html
        .split('<')
        .skip(1)
        .map(|rest| {
            rest.split('>')
                .next()
                .unwrap_or_default()
                .to_ascii_lowercase()
        })
        .collect();
    assert!(tags.len() > 100);
    for tag in &tags {
        let name = tag
            .split([' ', '/'])
            .find(|n| !n.is_empty())
            .unwrap_or_default();
        assert!(
            !["script", "img", "link", "iframe", "object", "embed", "a", "image", "use", "base"]
                .contains(&name),
            "<{tag}>"
        );
        for attribute in [" src=", " href=", "xlink:", " on", "url(", "javascript:"] {
            assert!(!tag.contains(attribute), "<{tag}>");
        }
        if tag.contains("//") {
            assert!(
                tag.contains("xmlns=\"http://www.w3.org/2000/svg\""),
                "<{tag}>"
            );
            assert_eq!(tag.matches("//").count(), 1, "<{tag}>");
        }
    }
    let style = html
        .split("<style>")
        .nth(1)
        .and_then(|rest| rest.split("</style>").next())
        .unwrap_or_default();
    assert_eq!(html.matches("<style>").count(), 1);
    assert!(!style.contains("url(") && !style.contains("@import") && !style.contains("@font"));
    // The hostile label and owner name are there, as text.
    assert!(html.contains(
        "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=&quot;https://evil.example/x.png&quot; \
         onerror=alert(2)&gt; &quot;q&quot; &amp; &#39;a&#39;"
    ));
    assert!(html.contains("&lt;/td&gt;&lt;a href=&quot;https://evil.example/&quot;&gt;Mallory"));
    // Every finding is a row (the summary's counts add up to the rows).
    let rows = html.matches("<tr><td><span class=\"sev ").count();
    let json = audit(&mock, &["--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(rows, report["findings"].as_array().unwrap().len());
}

#[test]
fn help_documents_the_exit_codes() {
    let help = run(&["audit", "--help"]);
    assert_eq!(help.code, 0);
    for text in [
        "Exit codes:",
        "0  the audit is complete",
        "1  findings at or above --fail-on",
        "2  bad usage",
        "3  partial",
        "--checkpoint <FILE>",
        "html",
    ] {
        assert!(help.stdout.contains(text), "{text}: {}", help.stdout);
    }
}

#[test]
fn the_progress_bar_is_drawn_on_a_terminal_and_silent_when_piped() {
    let mut config = MockConfig::new(ORG, KEY);
    config.tokens = 2_000;
    config.users = 60;
    // 20 requests a second: the run lasts about a second, long enough for the bar to be drawn.
    config.rate_limit = Some(admin_mock::RateLimit {
        requests: 20,
        window: std::time::Duration::from_secs(1),
        header_on_429: admin_mock::LimitHeader::ResetIso,
    });
    let mock = AdminMock::start(config);
    let args = [
        "audit",
        "--org",
        ORG,
        "--api-base",
        &mock.base_url,
        "--page-size",
        "100",
        "--format",
        "csv",
    ];
    let piped = run(&args);
    assert_eq!(piped.code, 0, "{}", piped.stderr);
    assert!(
        !piped.stderr.contains("reading API tokens"),
        "{}",
        piped.stderr
    );
    assert!(!piped.stderr.contains('\u{1b}'), "escape codes on a pipe");

    // The same run on a pseudo-terminal (util-linux `script`): the bar is drawn on stderr.
    let command_line = std::iter::once(env!("CARGO_BIN_EXE_token-warden"))
        .chain(args)
        .map(|arg| format!("'{arg}'"))
        .collect::<Vec<_>>()
        .join(" ");
    let output = Command::new("script")
        .args(["-qefc", &format!("{command_line} >/dev/null"), "/dev/null"])
        .env("ATLASSIAN_ADMIN_API_KEY", KEY)
        .output()
        .expect("util-linux `script` runs the audit on a pseudo-terminal");
    let terminal = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{terminal}");
    assert!(terminal.contains("reading API tokens"), "{terminal}");
    assert!(!terminal.contains(KEY));
}

#[test]
fn service_account_tokens_expiring_within_30_7_1_days_are_flagged_and_marked_unconfirmed() {
    let mut config = MockConfig::new(ORG, KEY);
    config.tokens = 100;
    config.users = 20;
    // sa-tok-k expires in [1, 5, 20, 200][k % 4] days (and a half).
    config.service_accounts = 5;
    let mock = AdminMock::start(config);
    let run = audit(&mock, &["--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let mut flagged: Vec<(String, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "service-account-credential-expiring")
        .map(|f| {
            (
                f["token"]["id"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    flagged.sort();
    let expected: Vec<(String, String)> = [
        ("sa-tok-0", "high"),
        ("sa-tok-1", "medium"),
        ("sa-tok-2", "low"),
        ("sa-tok-4", "high"),
    ]
    .iter()
    .map(|(id, severity)| (id.to_string(), severity.to_string()))
    .collect();
    assert_eq!(flagged, expected);
    let notes = report["notes"].to_string();
    assert!(
        notes.contains("response shape is not (unconfirmed)"),
        "{notes}"
    );

    // Where the endpoint is missing, the audit goes on and says so.
    let mut config = MockConfig::new(ORG, KEY);
    config.always_fail = vec![(
        Listing::ServiceAccountTokens,
        Fault::Error(404, "NOT-FOUND"),
    )];
    let mock = AdminMock::start(config);
    let run = audit(&mock, &["--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("Service-account API tokens could not be read"),
        "{}",
        run.stderr
    );
}

#[test]
fn each_migration_step_carries_the_extensions_handoff_job() {
    let run = audit(&mock(200), &["--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let plan = report["migration_plan"].as_array().unwrap();
    assert!(!plan.is_empty());
    for step in plan {
        let job: token_warden::handoff::HandoffJob =
            serde_json::from_value(step["handoff_job"].clone()).expect("a hand-off job");
        assert_eq!(job.source, token_warden::handoff::Source::Migration);
        assert_eq!(job.org_id.as_deref(), Some(ORG));
        assert_eq!(job.name, step["service_account_name"].as_str().unwrap());
        assert_eq!(
            job.id,
            format!("audit-{}", step["token"]["id"].as_str().unwrap())
        );
        assert_eq!(
            job.replaces_token.as_deref(),
            step["token"]["label"].as_str()
        );
        let described = token_warden::handoff::parse_description(&job.description)
            .expect("the description the audit itself recognises");
        assert!(!described.owner.is_empty());
        assert_eq!(
            job.scopes,
            step["scopes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap().to_string())
                .collect::<Vec<_>>()
        );
        match step["scope_source"]["from"].as_str() {
            Some("template") => {
                assert_eq!(job.template.as_deref(), step["scope_source"]["id"].as_str())
            }
            _ => assert_eq!(job.template, None),
        }
        assert!(job.expiry_days >= 1 && job.expiry_days <= 365);
    }
}
