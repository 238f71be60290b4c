//! What the MCP `explain_request` tool adds to `scopes explain`: the host a scoped credential must
//! use for the request, and a reading of an error response the agent pastes.
//!
//! Why these two: Atlassian accepts scoped API tokens and OAuth 2.0 only through
//! `https://api.atlassian.com/ex/{jira|confluence}/{cloudId}/…`, not the site URL (Atlassian
//! support, "401 Unauthorized error when service account accesses Jira or Confluence API"), and
//! its 401 body `{"code":401,"message":"Unauthorized; scope does not match"}` names no scope, so
//! the scope has to be inferred from method and path (that inference is `scopes::explain`).

use serde::Serialize;

use crate::scopes::catalog::{self, Product};
use crate::scopes::matcher::UrlForm;
use crate::scopes::Explanation;

/// Where the request should go for a scoped credential.
#[derive(Debug, Clone, Serialize)]
pub(super) struct HostAdvice {
    /// How the URL was given (`site`, `gateway`, `bitbucket-api`, `bare-path`).
    pub url_form: UrlForm,
    /// `jira`, `confluence` or `bitbucket`.
    pub product: &'static str,
    /// True when the URL already has the host scoped tokens and OAuth 2.0 need.
    pub ok_for_scoped_credentials: bool,
    /// The same request on the right host, when the URL does not have it.
    pub gateway_url: Option<String>,
    /// For a site URL: where the site's cloudId is read (no authentication needed).
    pub cloud_id_lookup: Option<String>,
    pub note: String,
}

/// A reading of a pasted error response.
#[derive(Debug, Clone, Serialize)]
pub(super) struct ErrorAdvice {
    pub kind: ErrorKind,
    /// The HTTP status found in the text, if any.
    pub status: Option<u16>,
    /// The scopes the credential most likely lacks (from method and path, or exactly from the held
    /// scopes when they were given).
    pub likely_missing: Vec<String>,
    pub diagnosis: String,
    pub next_steps: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(super) enum ErrorKind {
    /// 401 "Unauthorized; scope does not match": the token lacks a scope the operation needs.
    ScopeDoesNotMatch,
    /// Another 401: the credential itself was rejected.
    Unauthorized,
    /// 403: scopes accepted, the account lacks a product or project permission.
    Forbidden,
    /// 404 or Jira's "does not exist or you do not have permission to see it".
    NotFoundOrHidden,
    /// Not an error this tool knows how to read.
    Unrecognised,
}

/// The product a request is for: from the matched operation, else from the path's prefix.
fn product_of(explanation: &Explanation) -> Option<&'static str> {
    let from_operation = explanation
        .matched
        .operation
        .and_then(catalog::operation)
        .map(|op| match op.product {
            Product::JiraPlatform | Product::JiraSoftware | Product::JiraServiceManagement => {
                "jira"
            }
            Product::ConfluenceV1 | Product::ConfluenceV2 => "confluence",
            Product::Bitbucket => "bitbucket",
        });
    from_operation.or_else(|| {
        let path = explanation.matched.normalized_path.as_str();
        if explanation.matched.url_form == UrlForm::BitbucketApi || path.starts_with("/2.0/") {
            Some("bitbucket")
        } else if path.starts_with("/wiki/") {
            Some("confluence")
        } else if path.starts_with("/rest/") {
            Some("jira")
        } else {
            None
        }
    })
}

/// Splits `https://user@host/path?q` into the host (without any userinfo, which may hold a
/// credential) and the path with its query.
fn host_and_path(url: &str) -> (Option<&str>, &str) {
    let url = url.trim();
    let after_scheme = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .or_else(|| url.strip_prefix("//"));
    match after_scheme {
        Some(rest) => {
            let (authority, path) = match rest.find('/') {
                Some(slash) => (&rest[..slash], &rest[slash..]),
                None => (rest, "/"),
            };
            let host = authority.rsplit('@').next().unwrap_or(authority);
            (Some(host), path)
        }
        None => (None, url),
    }
}

/// The host advice for a request, when its product is known.
pub(super) fn host_advice(explanation: &Explanation) -> Option<HostAdvice> {
    let product = product_of(explanation)?;
    let form = explanation.matched.url_form;
    let (host, path) = host_and_path(&explanation.matched.url);
    let path = if path.starts_with('/') {
        path.to_string()
    } else {
        format!("/{path}")
    };
    if product == "bitbucket" {
        let ok = form == UrlForm::BitbucketApi;
        return Some(HostAdvice {
            url_form: form,
            product,
            ok_for_scoped_credentials: ok,
            gateway_url: (!ok).then(|| {
                let rest = path.strip_prefix("/2.0").unwrap_or(&path);
                format!("https://api.bitbucket.org/2.0{rest}")
            }),
            cloud_id_lookup: None,
            note: "Bitbucket Cloud's REST API is https://api.bitbucket.org/2.0/…".into(),
        });
    }
    let gateway = format!("https://api.atlassian.com/ex/{product}/{{cloudId}}");
    Some(match form {
        UrlForm::Gateway => HostAdvice {
            url_form: form,
            product,
            ok_for_scoped_credentials: true,
            gateway_url: None,
            cloud_id_lookup: None,
            note: format!(
                "already the gateway form {gateway}/… that scoped tokens and OAuth 2.0 need"
            ),
        },
        UrlForm::Site | UrlForm::BarePath | UrlForm::BitbucketApi => HostAdvice {
            url_form: form,
            product,
            ok_for_scoped_credentials: false,
            gateway_url: Some(format!("{gateway}{path}")),
            cloud_id_lookup: host
                .filter(|h| !h.is_empty())
                .map(|h| format!("https://{h}/_edge/tenant_info")),
            note: format!(
                "scoped API tokens (a service account's or a person's) and OAuth 2.0 work only \
                 through {gateway}/…; the site URL answers them with 401 or 404. Unscoped \
                 personal tokens are the ones that use the site URL."
            ),
        },
    })
}

/// The first HTTP error status (400–599) written as a number of its own in the text.
fn status_in(text: &str) -> Option<u16> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|word| word.len() == 3)
        .filter_map(|word| word.parse::<u16>().ok())
        .find(|code| (400..600).contains(code))
}

/// Reads a pasted error response for the request `explanation` describes.
pub(super) fn error_advice(
    text: &str,
    explanation: &Explanation,
    host: Option<&HostAdvice>,
) -> ErrorAdvice {
    let lower = text.to_lowercase();
    let status = status_in(text);
    let kind = if lower.contains("scope does not match") {
        ErrorKind::ScopeDoesNotMatch
    } else if status == Some(401) || lower.contains("unauthorized") {
        ErrorKind::Unauthorized
    } else if status == Some(403) || lower.contains("forbidden") {
        ErrorKind::Forbidden
    } else if status == Some(404) || lower.contains("do not have permission to see") {
        ErrorKind::NotFoundOrHidden
    } else {
        ErrorKind::Unrecognised
    };
    let operation = explanation
        .operation
        .clone()
        .unwrap_or_else(|| "this request".to_string());
    let mut next_steps = Vec::new();
    // A scoped credential sent to the site URL fails whatever its scopes: fix the host first.
    if let Some(gateway) = host
        .filter(|h| !h.ok_for_scoped_credentials)
        .and_then(|h| h.gateway_url.as_deref())
    {
        if kind != ErrorKind::Unrecognised && kind != ErrorKind::Forbidden {
            next_steps.push(format!(
                "if the credential is a scoped API token or OAuth 2.0, send the request to {gateway}"
            ));
        }
    }
    let likely_missing = match kind {
        ErrorKind::ScopeDoesNotMatch => explanation.likely_missing.clone(),
        _ => Vec::new(),
    };
    let diagnosis = match kind {
        ErrorKind::ScopeDoesNotMatch if explanation.operation.is_none() => format!(
            "401 \"scope does not match\", but {} {} matches no operation in the catalog, so the \
             scope cannot be inferred; check the method and path",
            explanation.matched.method, explanation.matched.url
        ),
        ErrorKind::ScopeDoesNotMatch if likely_missing.is_empty() => format!(
            "401 \"scope does not match\" on {operation}: {}",
            explanation.likely_missing_reason
        ),
        ErrorKind::ScopeDoesNotMatch => format!(
            "401 \"scope does not match\" on {operation}: Atlassian names no scope; from the \
             method and path the credential most likely lacks {}",
            likely_missing.join(" + ")
        ),
        ErrorKind::Unauthorized => format!(
            "401 on {operation}: the credential itself was rejected (wrong host, wrong email in \
             Basic auth, an expired or revoked token), not a missing scope"
        ),
        ErrorKind::Forbidden => format!(
            "403 on {operation}: the scopes were accepted; the account lacks a product or project \
             permission{}",
            explanation
                .permissions_required
                .as_deref()
                .map(|p| format!(" ({p})"))
                .unwrap_or_default()
        ),
        ErrorKind::NotFoundOrHidden => format!(
            "not found on {operation}: Jira and Confluence answer 404 when the account may not see \
             the item, and for scoped credentials sent to the site URL"
        ),
        ErrorKind::Unrecognised => {
            "not an Atlassian authorisation error this tool recognises (401, 403, 404, \"scope does \
             not match\")"
                .to_string()
        }
    };
    match kind {
        ErrorKind::ScopeDoesNotMatch if !likely_missing.is_empty() => next_steps.push(format!(
            "add {} to the credential's scopes (an API token's scopes cannot be edited: create \
             a new token with the full set, then revoke the old one)",
            likely_missing.join(" + ")
        )),
        ErrorKind::Unauthorized => next_steps.push(
            "check the Authorization header: Basic base64(email:token) with the account's email \
             (a service account's is …@serviceaccount.atlassian.com), or Bearer for OAuth 2.0"
                .to_string(),
        ),
        ErrorKind::Forbidden => next_steps.push(
            "give the account the product access and the project or space permission the \
             operation needs"
                .to_string(),
        ),
        _ => {}
    }
    ErrorAdvice {
        kind,
        status,
        likely_missing,
        diagnosis,
        next_steps,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scopes::explain;

    #[test]
    fn a_site_url_gets_the_gateway_form_and_the_tenant_info_lookup() {
        let e = explain(
            "GET",
            "https://me:secret@acme.atlassian.net/rest/api/3/issue/ABC-1?fields=summary",
            &[],
        );
        let host = host_advice(&e);
        let host = host.as_ref();
        assert_eq!(host.map(|h| h.product), Some("jira"));
        assert_eq!(
            host.and_then(|h| h.gateway_url.as_deref()),
            Some(
                "https://api.atlassian.com/ex/jira/{cloudId}/rest/api/3/issue/ABC-1?fields=summary"
            )
        );
        assert_eq!(
            host.and_then(|h| h.cloud_id_lookup.as_deref()),
            Some("https://acme.atlassian.net/_edge/tenant_info")
        );
    }

    #[test]
    fn confluence_keeps_wiki_after_the_cloud_id_and_the_gateway_needs_no_fix() {
        let e = explain(
            "GET",
            "https://acme.atlassian.net/wiki/api/v2/pages/42",
            &[],
        );
        assert_eq!(
            host_advice(&e).and_then(|h| h.gateway_url),
            Some("https://api.atlassian.com/ex/confluence/{cloudId}/wiki/api/v2/pages/42".into())
        );
        let e = explain(
            "GET",
            "https://api.atlassian.com/ex/confluence/abc/wiki/api/v2/pages/42",
            &[],
        );
        let host = host_advice(&e);
        assert!(host.as_ref().is_some_and(|h| h.ok_for_scoped_credentials));
        assert!(host.is_some_and(|h| h.gateway_url.is_none()));
    }

    #[test]
    fn scope_does_not_match_names_the_inferred_scope() {
        let e = explain(
            "GET",
            "https://api.atlassian.com/ex/jira/abc/rest/agile/1.0/board",
            &[],
        );
        let advice = error_advice(
            r#"{"code":401,"message":"Unauthorized; scope does not match"}"#,
            &e,
            host_advice(&e).as_ref(),
        );
        assert_eq!(advice.kind, ErrorKind::ScopeDoesNotMatch);
        assert_eq!(advice.status, Some(401));
        assert!(!advice.likely_missing.is_empty());
        assert_eq!(advice.likely_missing, e.likely_missing);
    }

    #[test]
    fn statuses_are_read_only_as_whole_numbers() {
        assert_eq!(status_in("HTTP/1.1 403 Forbidden"), Some(403));
        assert_eq!(status_in("id 14031, code 200"), None);
        assert_eq!(status_in("no digits"), None);
    }
}
