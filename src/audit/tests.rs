//! Unit tests of the audit's rules (one per finding kind) and of the renderers.

use super::report::{render, summary_line, Format};
use super::*;

fn at(text: &str) -> Timestamp {
    Timestamp::parse_iso8601(text).unwrap()
}

const NOW: &str = "2025-06-01T00:00:00Z";

fn token(id: &str, owner: &str, last_active: Option<&str>) -> ApiToken {
    ApiToken {
        id: id.to_string(),
        label: format!("label {id}"),
        status: TokenStatus::Allowed,
        created_at: Some(at("2024-01-01T00:00:00Z")),
        expires_at: Some(at("2026-01-01T00:00:00Z")),
        last_active_at: last_active.map(at),
        owner: TokenOwner {
            account_id: owner.to_string(),
            name: owner.to_uppercase(),
            email: format!("{owner}@example.com"),
        },
        scopes: vec!["read:jira-work".to_string()],
    }
}

fn user(id: &str, status: &str) -> OrgUser {
    OrgUser {
        account_id: id.to_string(),
        account_type: "atlassian".to_string(),
        account_status: AccountStatus::from_api(status),
        name: id.to_string(),
        email: format!("{id}@example.com"),
        last_active: None,
    }
}

fn kinds(report: &AuditReport, token_id: &str) -> Vec<(Severity, FindingKind)> {
    report
        .findings
        .iter()
        .filter(|f| f.token.as_ref().is_some_and(|t| t.id == token_id))
        .map(|f| (f.severity, f.kind))
        .collect()
}

fn listings(tokens: Vec<ApiToken>) -> Listings {
    Listings {
        tokens,
        users: Some(vec![
            user("ann", "active"),
            user("bob", "inactive"),
            user("cy", "suspended"),
        ]),
        service_accounts: Some(vec![]),
        ..Listings::default()
    }
}

#[test]
fn each_rule_fires_once_with_its_severity() {
    let mut unscoped = token("unscoped", "ann", Some("2025-05-30T00:00:00Z"));
    unscoped.scopes.clear();
    unscoped.label = "Confluence publishing".to_string();
    let mut expiring = token("expiring", "ann", Some("2025-05-30T00:00:00Z"));
    expiring.expires_at = Some(at("2025-06-10T00:00:00Z"));
    let mut blocked = token("blocked", "bob", Some("2025-05-30T00:00:00Z"));
    blocked.status = TokenStatus::Blocked;
    let mut expired = token("expired", "bob", Some("2025-05-30T00:00:00Z"));
    expired.expires_at = Some(at("2025-05-31T00:00:00Z"));
    let tokens = vec![
        token("orphan-used", "bob", Some("2025-05-30T00:00:00Z")),
        token("orphan-idle", "cy", None),
        token("removed", "zed", Some("2025-01-01T00:00:00Z")),
        token("suspect", "ann", Some("2025-05-20T00:00:00Z")),
        unscoped,
        expiring,
        token("stale", "ann", Some("2025-01-01T00:00:00Z")),
        token("quiet", "ann", Some("2025-04-01T00:00:00Z")),
        blocked,
        expired,
    ];
    let report = audit(&listings(tokens), at(NOW), &AuditOptions::default());
    use FindingKind::*;
    use Severity::*;
    // bob is deactivated (the token is dead: clean up); cy is suspended and zed is gone from the
    // org (the token may still work: urgent).
    assert_eq!(kinds(&report, "orphan-used"), [(Medium, DormantOrphan)]);
    assert_eq!(kinds(&report, "orphan-idle"), [(High, LiveOrphan)]);
    assert_eq!(kinds(&report, "removed"), [(High, LiveOrphan)]);
    assert_eq!(kinds(&report, "suspect"), [(Low, IntegrationSuspect)]);
    assert_eq!(
        kinds(&report, "unscoped"),
        [(Medium, UnscopedInUse), (Low, IntegrationSuspect)]
    );
    assert_eq!(
        kinds(&report, "expiring"),
        [(Low, ExpiringInUse), (Low, IntegrationSuspect)]
    );
    assert_eq!(kinds(&report, "stale"), [(Low, StaleToken)]);
    assert!(kinds(&report, "quiet").is_empty());
    assert!(kinds(&report, "blocked").is_empty());
    assert!(kinds(&report, "expired").is_empty());
    assert_eq!(report.summary.blocked_tokens, 1);
    assert_eq!(report.summary.expired_tokens, 1);
    assert_eq!(report.summary.working_tokens, 8);

    // Migration plan: the suspect, the unscoped and the expiring token (the dormant orphan's
    // token no longer works, so there is nothing to migrate).
    let planned: Vec<&str> = report
        .migration_plan
        .iter()
        .map(|s| s.token.id.as_str())
        .collect();
    assert_eq!(planned, ["suspect", "unscoped", "expiring"]);
    let unscoped_step = &report.migration_plan[1];
    assert_eq!(unscoped_step.service_account_name, "confluence-publishing");
    assert_eq!(
        unscoped_step.scope_source,
        ScopeSource::Template {
            id: "confluence-publishing".to_string()
        }
    );
    assert_eq!(report.migration_plan[0].scopes, ["read:jira-work"]);
    assert_eq!(report.migration_plan[0].scope_source, ScopeSource::Token);

    // Free plan: 0 of 5 used, 4 needed: info.
    let quota: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.kind == ServiceAccountQuota)
        .collect();
    assert_eq!(quota.len(), 1);
    assert_eq!(quota[0].severity, Info);
    // Most severe first.
    assert!(report
        .findings
        .windows(2)
        .all(|w| w[0].severity >= w[1].severity));
}

#[test]
fn the_quota_turns_medium_when_migrations_do_not_fit() {
    let tokens: Vec<ApiToken> = (0..4)
        .map(|i| token(&format!("t{i}"), "ann", Some("2025-05-30T00:00:00Z")))
        .collect();
    let mut input = listings(tokens);
    input.service_account_total = Some(3);
    let report = audit(&input, at(NOW), &AuditOptions::default());
    let quota = report
        .findings
        .iter()
        .find(|f| f.kind == FindingKind::ServiceAccountQuota)
        .unwrap();
    assert_eq!(quota.severity, Severity::Medium);
    assert!(
        quota.detail.contains("2 more than the plan allows"),
        "{}",
        quota.detail
    );
    let enterprise = AuditOptions {
        plan: crate::atlassian::limits::Plan::Enterprise,
        ..AuditOptions::default()
    };
    let report = audit(&input, at(NOW), &enterprise);
    assert_eq!(report.summary.at_or_above(Severity::Medium), 0);
}

#[test]
fn without_users_nothing_is_called_orphaned_and_a_note_says_why() {
    let mut input = listings(vec![token("t", "zed", Some("2025-05-30T00:00:00Z"))]);
    input.users = None;
    let report = audit(&input, at(NOW), &AuditOptions::default());
    assert!(report
        .findings
        .iter()
        .all(|f| !matches!(f.kind, FindingKind::LiveOrphan | FindingKind::DormantOrphan)));
    assert!(report.notes.iter().any(|n| n.contains("not read")));
}

#[test]
fn renderers_neutralise_hostile_labels() {
    let mut hostile = token("t1", "ann", Some("2025-05-30T00:00:00Z"));
    hostile.label = "=HYPERLINK(\"x\")|\u{1b}[31mred".to_string();
    let report = audit(&listings(vec![hostile]), at(NOW), &AuditOptions::default());
    let rendered = |format| {
        let mut out = Vec::new();
        render(&report, "org-1", format, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    };
    let csv = rendered(Format::Csv);
    assert!(csv.contains("\"'=HYPERLINK(\"\"x\"\")| [31mred\""), "{csv}");
    assert!(!rendered(Format::Table).contains('\u{1b}'));
    assert!(rendered(Format::Markdown).contains("\\|"));
    let json: serde_json::Value = serde_json::from_str(&rendered(Format::Json)).unwrap();
    assert_eq!(json["org_id"], "org-1");
    assert_eq!(json["summary"]["low"], 1);
    assert!(summary_line(&report, "org-1").starts_with("Audit of org org-1: 1 tokens"));
}

#[test]
fn expiring_tokens_in_use_escalate_at_30_7_and_1_days() {
    let expiring = |id: &str, expires: &str| {
        let mut t = token(id, "ann", Some("2025-05-30T00:00:00Z"));
        t.expires_at = Some(at(expires));
        t
    };
    let report = audit(
        &listings(vec![
            expiring("in-20-days", "2025-06-21T00:00:00Z"),
            expiring("in-5-days", "2025-06-06T00:00:00Z"),
            expiring("in-1-day", "2025-06-02T00:00:00Z"),
        ]),
        at(NOW),
        &AuditOptions::default(),
    );
    let severity = |id: &str| {
        report
            .findings
            .iter()
            .find(|f| f.kind == FindingKind::ExpiringInUse && f.token.as_ref().unwrap().id == id)
            .unwrap()
            .severity
    };
    assert_eq!(severity("in-20-days"), Severity::Low);
    assert_eq!(severity("in-5-days"), Severity::Medium);
    assert_eq!(severity("in-1-day"), Severity::High);
}

#[test]
fn service_accounts_need_the_owner_and_purpose_the_extension_writes() {
    let account = |id: &str, description: String| ServiceAccount {
        id: id.to_string(),
        display_name: id.to_string(),
        email: format!("{id}@serviceaccount.atlassian.com"),
        status: "active".to_string(),
        description,
    };
    let mut input = listings(vec![]);
    input.service_accounts = Some(vec![
        // Exactly what the extension's hand-off writes.
        account(
            "described",
            crate::handoff::describe("ann@example.com", "Nightly Jira report", "2026-12-01"),
        ),
        account("bare", "CI bot".to_string()),
        account("empty", String::new()),
        account("owner-only", "Owner: ann · Purpose:".to_string()),
    ]);
    let report = audit(&input, at(NOW), &AuditOptions::default());
    let flagged: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.kind == FindingKind::ServiceAccountNoOwner)
        .map(|f| f.detail.split_whitespace().nth(2).unwrap_or(""))
        .collect();
    assert_eq!(flagged, ["bare", "empty", "owner-only"]);
}

#[test]
fn token_type_and_products_come_from_the_scopes() {
    let mut scoped = token("scoped", "ann", Some("2025-05-30T00:00:00Z"));
    scoped.scopes = vec![
        "read:jira-work".to_string(),
        "read:confluence-content.all".to_string(),
        "read:servicedesk-request".to_string(),
    ];
    let mut classic = token("classic", "ann", Some("2025-05-30T00:00:00Z"));
    classic.scopes.clear();
    let report = audit(
        &listings(vec![scoped, classic]),
        at(NOW),
        &AuditOptions::default(),
    );
    let of = |id: &str| {
        report
            .findings
            .iter()
            .filter_map(|f| f.token.as_ref())
            .find(|t| t.id == id)
            .unwrap()
            .clone()
    };
    assert_eq!(of("scoped").token_type, "scoped");
    assert_eq!(
        of("scoped").products,
        ["confluence", "jira", "jira-service-management"]
    );
    assert_eq!(of("classic").token_type, "classic");
    assert!(of("classic").products.is_empty());
    assert!(report.notes.iter().any(|n| n.contains("external")));
}

#[test]
fn service_account_tokens_expiring_within_30_7_1_days_or_expired_are_flagged() {
    let credential = |id: &str, expires: Option<&str>| ServiceAccountCredential {
        id: id.to_string(),
        label: format!("deploy {id}"),
        service_account_id: "sa-1".to_string(),
        created_at: None,
        expires_at: expires.map(at),
        last_active_at: None,
    };
    let mut input = listings(vec![]);
    input.service_accounts = Some(vec![ServiceAccount {
        id: "sa-1".to_string(),
        display_name: "ci bot".to_string(),
        email: "ci-bot@serviceaccount.atlassian.com".to_string(),
        status: "active".to_string(),
        description: String::new(),
    }]);
    input.service_account_credentials = Some(vec![
        credential("in-1", Some("2025-06-02T00:00:00Z")),
        credential("in-6", Some("2025-06-07T00:00:00Z")),
        credential("in-29", Some("2025-06-30T00:00:00Z")),
        credential("in-60", Some("2025-07-31T00:00:00Z")),
        credential("gone", Some("2025-05-20T00:00:00Z")),
        credential("never", None),
    ]);
    let report = audit(&input, at(NOW), &AuditOptions::default());
    let kind = FindingKind::ServiceAccountCredentialExpiring;
    assert_eq!(kinds(&report, "in-1"), vec![(Severity::High, kind)]);
    assert_eq!(kinds(&report, "in-6"), vec![(Severity::Medium, kind)]);
    assert_eq!(kinds(&report, "in-29"), vec![(Severity::Low, kind)]);
    assert_eq!(kinds(&report, "in-60"), vec![]);
    assert_eq!(kinds(&report, "gone"), vec![(Severity::Medium, kind)]);
    assert_eq!(kinds(&report, "never"), vec![]);
    let finding = report
        .findings
        .iter()
        .find(|f| f.token.as_ref().is_some_and(|t| t.id == "in-1"))
        .unwrap();
    assert!(finding.detail.contains("ci bot"), "{}", finding.detail);
    assert_eq!(
        finding.token.as_ref().unwrap().token_type,
        "service-account"
    );
}

#[test]
fn the_html_report_escapes_and_draws_its_charts_from_the_counters() {
    let mut hostile = token("t1", "ann", Some("2025-05-30T00:00:00Z"));
    hostile.label = "<b onmouseover=\"x\">'&".to_string();
    let report = audit(&listings(vec![hostile]), at(NOW), &AuditOptions::default());
    let mut out = Vec::new();
    render(&report, "org<1>", Format::Html, &mut out).unwrap();
    let html = String::from_utf8(out).unwrap();
    assert!(html.contains("&lt;b onmouseover=&quot;x&quot;&gt;&#39;&amp;"));
    assert!(!html.contains("<b onmouseover"));
    assert!(html.contains("Token Warden audit of org org&lt;1&gt;"));
    assert_eq!(html.matches("<svg ").count(), 3);
    assert_eq!(
        report.summary.last_use[0].count, 1,
        "used 2 days ago: within 7 days"
    );
    assert_eq!(
        report.summary.token_age[4].count, 1,
        "created 17 months ago"
    );
}
