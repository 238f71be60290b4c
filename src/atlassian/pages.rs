//! Which Atlassian page a URL is. Each rule is a host plus path patterns, with example URLs that must
//! match and counter-examples that must not; a test runs every example against every rule.
//!
//! Patterns are deliberately simpler than regular expressions, because the content script applies the
//! same rules before the background is awake: segments split on `/`, `*` matches exactly one segment,
//! `**` (last only) matches any rest, including nothing. Query strings, fragments and a trailing slash
//! never matter.

use serde::{Deserialize, Serialize};

/// The pages Token Warden acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PageKind {
    /// id.atlassian.com's list of the person's own API tokens, with the two create buttons.
    ApiTokens,
    /// Any page inside an organization on admin.atlassian.com (`/o/{orgId}/…`); tells us the org id.
    AdminOrg,
    /// admin.atlassian.com outside an organization (the org picker): a hand-off job waits here.
    AdminSite,
}

/// One page rule: how to recognise a page from its URL.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct PageRule {
    pub kind: PageKind,
    pub host: &'static str,
    pub paths: &'static [&'static str],
    /// Whether Atlassian's own documentation confirms these paths (see the reference's confidence).
    pub confirmed: bool,
    #[serde(skip)]
    pub examples: &'static [&'static str],
    #[serde(skip)]
    pub counter_examples: &'static [&'static str],
}

/// Every page rule, most specific first: the first match wins.
pub const PAGE_RULES: &[PageRule] = &[
    PageRule {
        kind: PageKind::ApiTokens,
        host: super::ID_HOST,
        // The current path, and the older one still linked from third-party docs.
        paths: &["manage-profile/security/api-tokens", "manage/api-tokens"],
        confirmed: true,
        examples: &[
            "https://id.atlassian.com/manage-profile/security/api-tokens",
            "https://id.atlassian.com/manage-profile/security/api-tokens/",
            "https://id.atlassian.com/manage-profile/security/api-tokens?autofillToken&expiryDays=max&appId=jira&selectedScopes=all",
            "https://id.atlassian.com/manage-profile/security/api-tokens#create",
            "https://id.atlassian.com/manage/api-tokens",
        ],
        counter_examples: &[
            "https://id.atlassian.com/manage-profile/security",
            "https://id.atlassian.com/manage-profile/profile-and-visibility",
            "https://id.atlassian.com/login?continue=%2Fmanage-profile%2Fsecurity%2Fapi-tokens",
            "https://admin.atlassian.com/manage-profile/security/api-tokens",
            "https://id.atlassian.com.evil.example/manage-profile/security/api-tokens",
            "http://id.atlassian.com/manage-profile/security/api-tokens",
        ],
    },
    PageRule {
        kind: PageKind::AdminOrg,
        host: super::ADMIN_HOST,
        paths: &["o/*/**"],
        confirmed: true,
        examples: &[
            "https://admin.atlassian.com/o/6a1b2c3d-0000-4000-8000-00000000c0de/overview",
            "https://admin.atlassian.com/o/6a1b2c3d-0000-4000-8000-00000000c0de/users",
            "https://admin.atlassian.com/o/6a1b2c3d-0000-4000-8000-00000000c0de",
        ],
        counter_examples: &[
            "https://admin.atlassian.com/",
            "https://admin.atlassian.com/s/1234/users",
            "https://id.atlassian.com/o/abc/overview",
        ],
    },
    PageRule {
        kind: PageKind::AdminSite,
        host: super::ADMIN_HOST,
        paths: &["**"],
        confirmed: true,
        examples: &[
            "https://admin.atlassian.com/",
            "https://admin.atlassian.com/s/1234/users",
        ],
        counter_examples: &[
            "https://admin.atlassian.com/o/6a1b2c3d-0000-4000-8000-00000000c0de/overview",
            "https://id.atlassian.com/",
            "https://admin.atlassian.com.evil.example/",
        ],
    },
];

/// A URL split into the parts page rules look at. Only `https:` URLs are ever Atlassian pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageUrl<'a> {
    pub host: &'a str,
    pub segments: Vec<&'a str>,
}

impl<'a> PageUrl<'a> {
    /// Parses `https://host[:port]/path?query#fragment`; anything else is `None`.
    pub fn parse(url: &'a str) -> Option<Self> {
        let rest = url.strip_prefix("https://")?;
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let authority = &rest[..end];
        if authority.contains('@') {
            return None;
        }
        let host = authority.split(':').next().unwrap_or(authority);
        let after = &rest[end..];
        let path_end = after.find(['?', '#']).unwrap_or(after.len());
        let segments = after[..path_end]
            .split('/')
            .filter(|s| !s.is_empty())
            .collect();
        Some(PageUrl { host, segments })
    }
}

/// Whether `segments` match one path pattern (see the module comment for the pattern language).
pub fn path_matches(pattern: &str, segments: &[&str]) -> bool {
    let parts: Vec<&str> = pattern.split('/').filter(|s| !s.is_empty()).collect();
    let mut i = 0;
    for (n, part) in parts.iter().enumerate() {
        if *part == "**" && n == parts.len() - 1 {
            return true;
        }
        match segments.get(i) {
            Some(seg) if *part == "*" || part.eq_ignore_ascii_case(seg) => i += 1,
            _ => return false,
        }
    }
    i == segments.len()
}

/// The page a URL shows, if it is one Token Warden acts on.
pub fn classify(url: &str) -> Option<PageKind> {
    let parsed = PageUrl::parse(url)?;
    PAGE_RULES
        .iter()
        .find(|rule| {
            rule.host.eq_ignore_ascii_case(parsed.host)
                && rule.paths.iter().any(|p| path_matches(p, &parsed.segments))
        })
        .map(|rule| rule.kind)
}

/// The organization id in an admin.atlassian.com URL (`/o/{orgId}/…`), if there is one.
pub fn org_id_from_url(url: &str) -> Option<String> {
    let parsed = PageUrl::parse(url)?;
    if !parsed.host.eq_ignore_ascii_case(super::ADMIN_HOST) {
        return None;
    }
    match parsed.segments.as_slice() {
        ["o", id, ..] if is_org_id(id) => Some((*id).to_string()),
        _ => None,
    }
}

/// What a prefilled link to the tokens page says the token is for: Atlassian's own tools open
/// `…/api-tokens?autofillToken&expiryDays=…&appId=…&selectedScopes=…` (Atlassian's VS Code extension
/// builds it, and the Rovo MCP guide links to it; the parameter's values are our reading of those).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PrefillApp {
    Jira,
    Confluence,
    /// Bitbucket tokens are outside Atlassian's own "block API token creation" policy.
    Bitbucket,
    /// A token for an AI agent on Atlassian's Rovo MCP server (`appId=mcp`, `mcp-v2`, `rovodev`).
    RovoMcp,
}

/// `appId` values and what they mean, with example tokens-page URLs that carry them.
const PREFILL_APPS: &[(&str, PrefillApp)] = &[
    ("jira", PrefillApp::Jira),
    ("confluence", PrefillApp::Confluence),
    ("bitbucket", PrefillApp::Bitbucket),
    ("mcp", PrefillApp::RovoMcp),
    ("mcp-v2", PrefillApp::RovoMcp),
    ("rovodev", PrefillApp::RovoMcp),
];

/// The app a tokens-page URL is prefilled for (`appId=`), when it is one we know; `None` for any
/// other page, a missing or unknown `appId`, or a value we cannot read.
pub fn prefill_app(url: &str) -> Option<PrefillApp> {
    if classify(url) != Some(PageKind::ApiTokens) {
        return None;
    }
    let query = url.split_once('?')?.1.split('#').next().unwrap_or("");
    let value = query
        .split('&')
        .find_map(|pair| pair.strip_prefix("appId="))?;
    PREFILL_APPS
        .iter()
        .find(|(id, _)| id.eq_ignore_ascii_case(value))
        .map(|(_, app)| *app)
}

/// An org id is an opaque path segment: Atlassian's are UUID-like today, but nothing public promises
/// that shape, and a strict shape check made the hand-off fail silently on other ids. Accept any
/// segment of URL-unreserved characters (letters, digits, `-._~`) up to 64 long, so markup, quotes,
/// slashes or spaces never get stored.
pub fn is_org_id(s: &str) -> bool {
    (1..=64).contains(&s.len())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~'))
        && s != "."
        && s != ".."
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_prefilled_tokens_link_says_which_app_the_token_is_for() {
        let tokens = "https://id.atlassian.com/manage-profile/security/api-tokens";
        for (query, app) in [
            (
                "?autofillToken&expiryDays=max&appId=jira&selectedScopes=all",
                Some(PrefillApp::Jira),
            ),
            (
                "?autofillToken&appId=bitbucket",
                Some(PrefillApp::Bitbucket),
            ),
            (
                "?autofillToken&expiryDays=30&appId=mcp&selectedScopes=all",
                Some(PrefillApp::RovoMcp),
            ),
            ("?appId=mcp-v2#create", Some(PrefillApp::RovoMcp)),
            ("?appId=rovodev", Some(PrefillApp::RovoMcp)),
            ("?appId=Confluence", Some(PrefillApp::Confluence)),
            ("?appId=compass", None),
            ("?autofillToken", None),
            ("#appId=bitbucket", None),
            ("?xappId=bitbucket", None),
            ("", None),
        ] {
            assert_eq!(prefill_app(&format!("{tokens}{query}")), app, "{query}");
        }
        // Only the tokens page: the same query elsewhere means nothing.
        assert_eq!(
            prefill_app("https://admin.atlassian.com/o/x/overview?appId=bitbucket"),
            None
        );
        assert_eq!(
            prefill_app("https://id.atlassian.com.evil.example/manage-profile/security/api-tokens?appId=mcp"),
            None
        );
    }

    #[test]
    fn every_example_matches_its_rule_and_no_other() {
        for rule in PAGE_RULES {
            for url in rule.examples {
                assert_eq!(
                    classify(url),
                    Some(rule.kind),
                    "{url} should be {:?}",
                    rule.kind
                );
            }
            for url in rule.counter_examples {
                assert_ne!(
                    classify(url),
                    Some(rule.kind),
                    "{url} must not be {:?}",
                    rule.kind
                );
            }
        }
    }

    #[test]
    fn examples_of_one_rule_never_match_another_rule_first() {
        for rule in PAGE_RULES {
            for other in PAGE_RULES.iter().filter(|o| o.kind != rule.kind) {
                for url in rule.examples {
                    assert_ne!(classify(url), Some(other.kind));
                }
            }
        }
    }

    #[test]
    fn org_ids_come_only_from_admin_urls() {
        assert_eq!(
            org_id_from_url(
                "https://admin.atlassian.com/o/6a1b2c3d-0000-4000-8000-00000000c0de/users?x=1"
            ),
            Some("6a1b2c3d-0000-4000-8000-00000000c0de".into())
        );
        assert_eq!(
            org_id_from_url("https://admin.atlassian.com/o/<script>/users"),
            None
        );
        // Any opaque segment of unreserved characters is an id (the replica's default is not a UUID).
        assert_eq!(
            org_id_from_url("https://admin.atlassian.com/o/acme-9Qx_2f/overview"),
            Some("acme-9Qx_2f".into())
        );
        assert_eq!(
            org_id_from_url("https://admin.atlassian.com/o/org_7Qz-opaque.segment/users"),
            Some("org_7Qz-opaque.segment".into())
        );
        for bad in ["a%20b", "..", "x\"y", &"a".repeat(65)] {
            assert!(!is_org_id(bad), "{bad}");
        }
        assert_eq!(
            org_id_from_url("https://id.atlassian.com/o/6a1b2c3d/users"),
            None
        );
        assert_eq!(org_id_from_url("not a url"), None);
    }

    #[test]
    fn patterns() {
        assert!(path_matches("a/*/c", &["a", "b", "c"]));
        assert!(!path_matches("a/*/c", &["a", "c"]));
        assert!(path_matches("a/**", &["a"]));
        assert!(path_matches("a/**", &["a", "b", "c"]));
        assert!(!path_matches("a/b", &["a", "b", "c"]));
    }
}
