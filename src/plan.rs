//! The page plan: what the content script watches, intercepts and mounts on each Atlassian page.
//!
//! The content script holds no product rules of its own: it applies this data. `build.sh` writes the
//! default plan (from `default_plan`) into the extension as `generated/default-plan.js`, so the first
//! paint never waits on a sleeping service worker; the background answers later with the same shape,
//! adjusted for settings and policy.

use serde::Serialize;

use crate::atlassian::landmarks::{self, Landmark};
use crate::atlassian::pages::{PageKind, PAGE_RULES};
use crate::atlassian::token_list;
use crate::policy::GuardMode;

/// Bumped whenever the plan's shape changes, so a stale content script can tell.
pub const PLAN_VERSION: u32 = 1;

/// Everything the content script needs, for every page.
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    pub version: u32,
    pub mode: GuardMode,
    pub pages: Vec<PagePlan>,
}

/// What to do on one kind of page.
#[derive(Debug, Clone, Serialize)]
pub struct PagePlan {
    pub kind: PageKind,
    pub host: &'static str,
    pub paths: &'static [&'static str],
    /// Controls the guard watches (held only while `intercepting`).
    pub intercept: Vec<Watch>,
    /// The guard holds a watched control (or a creation dialog) until the person has chosen.
    pub intercepting: bool,
    /// The guard only informs: a banner beside the page, nothing held.
    pub banner: bool,
    /// The plain fallback (when the core cannot start) may offer "continue anyway".
    pub may_continue: bool,
    /// A hand-off job may be driven on this page.
    pub handoff: bool,
    /// The creation dialog's shape, for when a create button was not recognised by name.
    pub dialog_fallback: Option<DialogShape>,
    /// Where to read the person's existing tokens (for "Move to a service account" links).
    pub token_list: Option<TokenListShape>,
    /// Admin tables Token Warden annotates (API token activity, the service-accounts list).
    pub admin_tables: Option<AdminTables>,
}

/// The admin pages' tables, by column header names.
#[derive(Debug, Clone, Serialize)]
pub struct AdminTables {
    pub activity: crate::atlassian::admin::TableShape,
    pub service_accounts: crate::atlassian::admin::TableShape,
}

/// The token table: found by its column headers (normalised names, any language we know).
#[derive(Debug, Clone, Serialize)]
pub struct TokenListShape {
    pub label_headers: &'static [&'static str],
    pub last_used_headers: &'static [&'static str],
}

/// A control to find by role and normalised accessible name.
#[derive(Debug, Clone, Serialize)]
pub struct Watch {
    pub id: &'static str,
    pub role: landmarks::Role,
    pub names: Vec<String>,
}

impl From<&Landmark> for Watch {
    fn from(l: &Landmark) -> Self {
        Watch {
            id: l.id,
            role: l.role,
            names: l.normalized_names(),
        }
    }
}

/// A dialog is a token-creation dialog when it holds a text field and a date field.
#[derive(Debug, Clone, Serialize)]
pub struct DialogShape {
    pub needs_text_field: bool,
    pub needs_date_field: bool,
}

/// The plan with default settings and no policy.
pub fn default_plan() -> Plan {
    plan_for_mode(GuardMode::default())
}

/// The plan for a guard mode.
/// The plan of one page kind under a mode.
pub fn page_plan(mode: GuardMode, kind: PageKind) -> Option<PagePlan> {
    plan_for_mode(mode)
        .pages
        .into_iter()
        .find(|p| p.kind == kind)
}

pub fn plan_for_mode(mode: GuardMode) -> Plan {
    let pages = PAGE_RULES
        .iter()
        .map(|rule| {
            let api_tokens = rule.kind == PageKind::ApiTokens;
            let holds = matches!(
                mode,
                GuardMode::Warn | GuardMode::RequireReason | GuardMode::Block
            );
            PagePlan {
                intercepting: api_tokens && holds,
                banner: api_tokens && mode == GuardMode::Inform,
                may_continue: mode != GuardMode::Block,
                handoff: matches!(rule.kind, PageKind::AdminOrg | PageKind::AdminSite),
                kind: rule.kind,
                host: rule.host,
                paths: rule.paths,
                intercept: if api_tokens {
                    [
                        landmarks::CREATE_CLASSIC_TOKEN,
                        landmarks::CREATE_SCOPED_TOKEN,
                    ]
                    .iter()
                    .map(Watch::from)
                    .collect()
                } else {
                    Vec::new()
                },
                dialog_fallback: api_tokens.then_some(DialogShape {
                    needs_text_field: true,
                    needs_date_field: true,
                }),
                admin_tables: (rule.kind == PageKind::AdminOrg).then_some(AdminTables {
                    activity: crate::atlassian::admin::ACTIVITY_TABLE,
                    service_accounts: crate::atlassian::admin::SERVICE_ACCOUNT_TABLE,
                }),
                token_list: api_tokens.then_some(TokenListShape {
                    label_headers: token_list::LABEL_HEADERS,
                    last_used_headers: token_list::LAST_USED_HEADERS,
                }),
            }
        })
        .collect();
    Plan {
        version: PLAN_VERSION,
        mode,
        pages,
    }
}

/// The default plan as the JavaScript file the content script loads before itself.
pub fn default_plan_js() -> String {
    // serde_json of plain data cannot fail; fall back to an empty object rather than panic.
    let json = serde_json::to_string(&default_plan()).unwrap_or_else(|_| "{}".into());
    format!(
        "// Generated by `token-warden dev default-plan` from the Rust core (src/plan.rs). Do not edit.\n\
         globalThis.TOKEN_WARDEN_DEFAULT_PLAN = Object.freeze({json});\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_plan_intercepts_both_create_buttons_on_the_tokens_page() {
        let plan = default_plan();
        let tokens = plan
            .pages
            .iter()
            .find(|p| p.kind == PageKind::ApiTokens)
            .unwrap();
        let ids: Vec<_> = tokens.intercept.iter().map(|w| w.id).collect();
        assert_eq!(ids, ["create_classic_token", "create_scoped_token"]);
        assert!(tokens.intercept[0]
            .names
            .contains(&"create api token".to_string()));
        assert!(tokens.dialog_fallback.is_some());
        assert!(tokens.intercepting && !tokens.banner && tokens.may_continue && !tokens.handoff);
    }

    #[test]
    fn each_mode_decides_holding_the_banner_and_continue_so_the_script_checks_no_mode() {
        let tokens = |mode| page_plan(mode, PageKind::ApiTokens).unwrap();
        let flags = |p: PagePlan| (p.intercepting, p.banner, p.may_continue);
        assert_eq!(flags(tokens(GuardMode::Off)), (false, false, true));
        assert_eq!(flags(tokens(GuardMode::Inform)), (false, true, true));
        assert_eq!(flags(tokens(GuardMode::RequireReason)), (true, false, true));
        assert_eq!(flags(tokens(GuardMode::Block)), (true, false, false));
        let admin = page_plan(GuardMode::Block, PageKind::AdminSite).unwrap();
        assert!(admin.handoff && !admin.intercepting && admin.intercept.is_empty());
    }

    #[test]
    fn the_generated_script_holds_valid_json() {
        let js = default_plan_js();
        let start = js.find("freeze(").unwrap() + 7;
        let end = js.rfind(");").unwrap();
        let v: serde_json::Value = serde_json::from_str(&js[start..end]).unwrap();
        assert_eq!(v["version"], PLAN_VERSION);
        assert_eq!(v["mode"], "warn");
    }
}
