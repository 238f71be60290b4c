//! Settings and enterprise managed policy: parse, validate, merge (policy wins), explain.
//!
//! Policy arrives as untyped JSON (Chrome's `storage.managed`, Firefox's `policies.json` 3rdparty).
//! Each key is validated on its own: a wrong value is rejected for that key alone, with a note the
//! options page and popup show, and the rest of the policy still applies. Settings the person makes
//! are stored with the same key names, so one parser serves both.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::atlassian::limits::{Plan, MAX_TOKEN_EXPIRY_DAYS};

/// Features a policy can switch off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Feature {
    /// The "Move to a service account" links on token lists.
    MigrationLinks,
    /// The scope advisor page.
    ScopeAdvisor,
    /// The service-account helper on admin.atlassian.com.
    AdminHelper,
}

/// Every setting, with its effective value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Settings {
    pub guard_mode: GuardMode,
    /// Orgs the person administers (besides those learnt from admin.atlassian.com).
    pub org_ids: Vec<String>,
    pub plan: Plan,
    /// Email address for "Ask my admin" (mailto).
    pub admin_contact: String,
    /// Request form URL with `{name}`, `{purpose}`, `{scopes}`, `{expiry}`, `{requester}` placeholders.
    pub request_url_template: String,
    /// Where guard outcomes are reported (enterprise only; empty = never).
    pub report_url: String,
    pub report_account_id: bool,
    pub max_expiry_days: u32,
    /// Template ids offered in the guard (empty = all).
    pub allowed_templates: Vec<String>,
    pub disabled_features: Vec<Feature>,
    /// Whether the extension presses Atlassian's final "Create" buttons itself once the admin has
    /// consented in the extension's own UI (the panel, popup or consent view showed what will be
    /// created, and the admin clicked its one button). Default true; `false` (a policy, or the person's
    /// own choice) requires the admin's own click on each final button. A malformed policy value
    /// falls back to `false`, locked. A page can never consent: see `handoff::presses_final`.
    pub allow_final_click: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            guard_mode: GuardMode::Warn,
            org_ids: Vec::new(),
            plan: Plan::Free,
            admin_contact: String::new(),
            request_url_template: String::new(),
            report_url: String::new(),
            report_account_id: false,
            max_expiry_days: 90,
            allowed_templates: Vec::new(),
            disabled_features: Vec::new(),
            allow_final_click: true,
        }
    }
}

/// How strongly the guard steps in (settings and managed policy choose; see issue 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GuardMode {
    Off,
    Inform,
    #[default]
    Warn,
    RequireReason,
    Block,
}

/// A key whose value was rejected, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyIssue {
    pub key: String,
    pub problem: String,
}

/// Settings merged with policy: the values, which keys policy locks, and what policy got wrong.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Effective {
    pub settings: Settings,
    pub locked: BTreeSet<String>,
    pub issues: Vec<PolicyIssue>,
    /// Whether any managed policy is present (enterprise mode).
    pub managed: bool,
}

/// Strength order of guard modes; a rejected policy mode never lets the result go below `Warn`.
fn strength(mode: GuardMode) -> u8 {
    match mode {
        GuardMode::Off => 0,
        GuardMode::Inform => 1,
        GuardMode::Warn => 2,
        GuardMode::RequireReason => 3,
        GuardMode::Block => 4,
    }
}

/// Applies one JSON object of settings-shaped keys onto `base`. Returns the keys applied and the
/// problems found; unknown keys are problems too (a typo in a policy must be visible).
fn apply(base: &mut Settings, source: &Value) -> (BTreeSet<String>, Vec<PolicyIssue>) {
    let mut applied = BTreeSet::new();
    let mut issues = Vec::new();
    let Some(obj) = source.as_object() else {
        if !source.is_null() {
            issues.push(PolicyIssue {
                key: "(policy)".into(),
                problem: "must be an object of keys".into(),
            });
        }
        return (applied, issues);
    };
    for (key, value) in obj {
        let result = match key.as_str() {
            "guardMode" => parse(value).map(|v| base.guard_mode = v),
            "orgIds" => parse::<Vec<String>>(value).and_then(|ids| {
                match ids
                    .iter()
                    .find(|id| !crate::atlassian::pages::is_org_id(id))
                {
                    Some(bad) => Err(format!(
                        "'{bad}' is not an organization id (letters, digits and -._~, at most 64)"
                    )),
                    None => {
                        base.org_ids = ids;
                        Ok(())
                    }
                }
            }),
            "plan" => parse(value).map(|v| base.plan = v),
            "adminContact" => parse::<String>(value).and_then(|v| {
                if v.is_empty() || is_plain_email(&v) {
                    base.admin_contact = v;
                    Ok(())
                } else {
                    Err("must be an email address".into())
                }
            }),
            "requestUrlTemplate" => parse::<String>(value).and_then(|v| {
                if v.is_empty() || v.starts_with("https://") {
                    base.request_url_template = v;
                    Ok(())
                } else {
                    Err("must be an https:// URL".into())
                }
            }),
            "reportUrl" => parse::<String>(value).and_then(|v| {
                if v.is_empty() || v.starts_with("https://") || v.starts_with("http://127.0.0.1") {
                    base.report_url = v;
                    Ok(())
                } else {
                    Err("must be an https:// URL".into())
                }
            }),
            "reportAccountId" => parse(value).map(|v| base.report_account_id = v),
            "maxExpiryDays" => parse::<u32>(value).and_then(|v| {
                if (1..=MAX_TOKEN_EXPIRY_DAYS).contains(&v) {
                    base.max_expiry_days = v;
                    Ok(())
                } else {
                    Err(format!(
                        "must be between 1 and {MAX_TOKEN_EXPIRY_DAYS} days"
                    ))
                }
            }),
            "allowedTemplates" => parse(value).map(|v| base.allowed_templates = v),
            "disabledFeatures" => parse(value).map(|v| base.disabled_features = v),
            "allowFinalClick" => parse(value).map(|v| base.allow_final_click = v),
            _ => Err("unknown key".into()),
        };
        match result {
            Ok(()) => {
                applied.insert(key.clone());
            }
            Err(problem) => issues.push(PolicyIssue {
                key: key.clone(),
                problem,
            }),
        }
    }
    (applied, issues)
}

/// One plain address, as `mailto:` takes it without encoding: `local@domain`, letters, digits and
/// `.`, `_`, `+`, `-` only. Anything that could end the address in a URL (`?`, `&`, `#`, `%`, `,`,
/// `;`, `/`, `:`, quotes, spaces) is refused, so `a@b.example?cc=evil@x` cannot add a recipient.
pub fn is_plain_email(v: &str) -> bool {
    let Some((local, domain)) = v.split_once('@') else {
        return false;
    };
    let plain = |s: &str, extra: &[char]| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || ['.', '-'].contains(&c) || extra.contains(&c))
    };
    v.len() <= 254
        && plain(local, &['_', '+'])
        && plain(domain, &[])
        && domain.contains('.')
        && !domain.starts_with(['.', '-'])
        && !domain.ends_with(['.', '-'])
}

fn parse<T: serde::de::DeserializeOwned>(value: &Value) -> Result<T, String> {
    serde_json::from_value(value.clone()).map_err(|e| format!("wrong type or value: {e}"))
}

/// Merges the person's settings with managed policy (policy wins and locks what it sets).
pub fn effective(settings: &Value, policy: &Value) -> Effective {
    let mut merged = Settings::default();
    // Problems in the person's own settings are repaired silently to defaults: they made them here.
    let _ = apply(&mut merged, settings);
    // Reporting is for organizations only: a person's own settings can never turn it on.
    merged.report_url = String::new();
    merged.report_account_id = false;
    let (locked, issues) = apply(&mut merged, policy);
    let mut locked = locked;
    let mut issues = issues;
    for issue in issues.iter_mut() {
        if let Some(safest) = fall_back_to_safest(&mut merged, &issue.key) {
            // The org meant to decide this key: its intent is not known, so the safest value holds,
            // and the person cannot loosen it meanwhile.
            locked.insert(issue.key.clone());
            issue.problem = format!("{}; using the safest value ({safest})", issue.problem);
        }
    }
    let managed = policy.as_object().is_some_and(|o| !o.is_empty());
    Effective {
        settings: merged,
        locked,
        issues,
        managed,
    }
}

/// For a safety setting whose policy value was rejected: sets the safest value and names it. Other
/// keys (contact, URLs, plan) have no safer value and keep the person's own setting.
fn fall_back_to_safest(settings: &mut Settings, key: &str) -> Option<String> {
    match key {
        "allowFinalClick" => {
            settings.allow_final_click = false;
            Some("false".into())
        }
        "disabledFeatures" => {
            // A typo hides which feature was meant: switch all of them off.
            settings.disabled_features = vec![
                Feature::MigrationLinks,
                Feature::ScopeAdvisor,
                Feature::AdminHelper,
            ];
            Some("all features off".into())
        }
        "guardMode" => {
            // Never weaker than the default (the person's stronger choice stays).
            if strength(settings.guard_mode) < strength(GuardMode::Warn) {
                settings.guard_mode = GuardMode::Warn;
            }
            Some(format!("{:?}", settings.guard_mode).to_lowercase())
        }
        "maxExpiryDays" => {
            let default = Settings::default().max_expiry_days;
            settings.max_expiry_days = settings.max_expiry_days.min(default);
            Some(format!("{} days", settings.max_expiry_days))
        }
        "reportAccountId" => {
            settings.report_account_id = false;
            Some("false".into())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn no_policy_means_the_persons_settings() {
        let e = effective(
            &json!({"guardMode": "inform", "adminContact": "it@acme.example"}),
            &json!(null),
        );
        assert_eq!(e.settings.guard_mode, GuardMode::Inform);
        assert_eq!(e.settings.admin_contact, "it@acme.example");
        assert!(e.locked.is_empty() && e.issues.is_empty() && !e.managed);
    }

    #[test]
    fn the_final_click_follows_consent_by_default_and_policy_can_require_the_admins_own() {
        assert!(
            effective(&json!({}), &json!(null))
                .settings
                .allow_final_click
        );
        let own = effective(&json!({"allowFinalClick": false}), &json!(null));
        assert!(
            !own.settings.allow_final_click,
            "a person may choose to click"
        );
        let e = effective(
            &json!({"allowFinalClick": true}),
            &json!({"allowFinalClick": false}),
        );
        assert!(!e.settings.allow_final_click);
        assert!(e.locked.contains("allowFinalClick"));
        for bad in [json!("true"), json!(1), json!(null), json!({"x": 1})] {
            let e = effective(&json!({}), &json!({ "allowFinalClick": bad }));
            assert!(
                !e.settings.allow_final_click,
                "{bad}: the safest, the admin's own click"
            );
            assert!(e.locked.contains("allowFinalClick"));
            assert!(e.issues[0]
                .problem
                .ends_with("using the safest value (false)"));
        }
    }

    #[test]
    fn policy_wins_and_locks() {
        let e = effective(
            &json!({"guardMode": "off"}),
            &json!({"guardMode": "block", "plan": "enterprise"}),
        );
        assert_eq!(e.settings.guard_mode, GuardMode::Block);
        assert_eq!(e.settings.plan, Plan::Enterprise);
        assert_eq!(
            e.locked,
            BTreeSet::from(["guardMode".to_string(), "plan".to_string()])
        );
        assert!(e.managed);
    }

    #[test]
    fn a_bad_key_is_rejected_alone_and_never_weakens_the_mode() {
        let e = effective(
            &json!({"guardMode": "off"}),
            &json!({"guardMode": 3, "maxExpiryDays": 400, "adminContact": "it@acme.example", "orgIds": ["abc", "<x>"], "colour": "red"}),
        );
        assert_eq!(e.settings.guard_mode, GuardMode::Warn);
        assert_eq!(e.settings.max_expiry_days, 90);
        assert_eq!(e.settings.admin_contact, "it@acme.example");
        let keys: Vec<_> = e.issues.iter().map(|i| i.key.as_str()).collect();
        assert_eq!(keys, ["colour", "guardMode", "maxExpiryDays", "orgIds"]);
        let locked: Vec<_> = e.locked.iter().map(String::as_str).collect();
        assert_eq!(locked, ["adminContact", "guardMode", "maxExpiryDays"]);
    }

    #[test]
    fn a_malformed_safety_value_falls_back_to_the_safest_locked_with_a_note() {
        let e = effective(
            &json!({"allowFinalClick": true, "disabledFeatures": [], "maxExpiryDays": 365, "guardMode": "block"}),
            &json!({"allowFinalClick": "false", "disabledFeatures": ["migration_link"],
                    "maxExpiryDays": "30", "guardMode": "stern"}),
        );
        assert!(
            !e.settings.allow_final_click,
            "the person's true must not win"
        );
        assert_eq!(
            e.settings.disabled_features,
            [
                Feature::MigrationLinks,
                Feature::ScopeAdvisor,
                Feature::AdminHelper
            ]
        );
        assert_eq!(e.settings.max_expiry_days, 90);
        assert_eq!(
            e.settings.guard_mode,
            GuardMode::Block,
            "a stronger own mode stays"
        );
        for key in [
            "allowFinalClick",
            "disabledFeatures",
            "maxExpiryDays",
            "guardMode",
        ] {
            assert!(e.locked.contains(key), "{key} is locked");
        }
        let note = |key: &str| {
            e.issues
                .iter()
                .find(|i| i.key == key)
                .map(|i| i.problem.clone())
                .unwrap_or_default()
        };
        assert!(note("allowFinalClick").ends_with("using the safest value (false)"));
        assert!(note("disabledFeatures").ends_with("using the safest value (all features off)"));
        // A person's stricter value is kept under an unreadable policy value.
        let e = effective(&json!({"maxExpiryDays": 30}), &json!({"maxExpiryDays": 0}));
        assert_eq!(e.settings.max_expiry_days, 30);
        // Keys with no safer value keep the person's own and stay unlocked.
        let e = effective(
            &json!({"adminContact": "me@acme.example"}),
            &json!({"adminContact": 5}),
        );
        assert_eq!(e.settings.admin_contact, "me@acme.example");
        assert!(e.locked.is_empty());
    }

    #[test]
    fn an_admin_contact_cannot_carry_mailto_parameters() {
        for bad in [
            "a@b.example?cc=evil@x",
            "a@b.example&cc=evil@x",
            "a@b.example#x",
            "a@b.example,evil@x",
            "a%40b@c.example",
            "a@b.example;evil@x",
            "@b.example",
            "a@",
            "a@localhost",
        ] {
            let e = effective(&json!({}), &json!({ "adminContact": bad }));
            assert_eq!(e.settings.admin_contact, "", "{bad}");
            assert_eq!(e.issues[0].problem, "must be an email address", "{bad}");
            let own = effective(&json!({ "adminContact": bad }), &json!(null));
            assert_eq!(own.settings.admin_contact, "", "own setting {bad}");
        }
        for good in ["it@acme.example", "it.desk+tw@eu.acme-corp.example"] {
            assert!(is_plain_email(good), "{good}");
        }
    }

    #[test]
    fn only_policy_can_set_a_report_url() {
        let e = effective(&json!({"reportUrl": "https://evil.example/"}), &json!(null));
        assert_eq!(e.settings.report_url, "");
        let e = effective(
            &json!({}),
            &json!({"reportUrl": "https://reports.acme.example/tw"}),
        );
        assert_eq!(e.settings.report_url, "https://reports.acme.example/tw");
    }

    #[test]
    fn the_managed_schema_and_the_parser_know_the_same_keys() {
        let schema: Value =
            serde_json::from_str(include_str!("../extension/managed_schema.json")).unwrap();
        let props = schema["properties"].as_object().unwrap();
        for (key, spec) in props {
            assert!(
                spec["title"].is_string() && spec["description"].is_string(),
                "{key} needs an admin-facing title and description"
            );
            let e = effective(&json!({}), &json!({ key: Value::Null }));
            assert!(
                e.issues.iter().all(|i| i.problem != "unknown key"),
                "{key} is in the schema but not parsed"
            );
        }
        let defaults = serde_json::to_value(Settings::default()).unwrap();
        for key in defaults.as_object().unwrap().keys() {
            assert!(
                props.contains_key(key),
                "{key} is parsed but missing from managed_schema.json"
            );
        }
    }

    #[test]
    fn a_policy_that_is_not_an_object_is_one_visible_issue() {
        let e = effective(&json!({}), &json!("block"));
        assert_eq!(e.issues.len(), 1);
        assert_eq!(e.settings, Settings::default());
    }
}
