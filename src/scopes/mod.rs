//! Scope intelligence (issue 4): Atlassian's scope catalog, the request→operation matcher, the
//! least-privilege solver, the use-case templates, and the pure parsers (HAR, curl/`METHOD URL`
//! lines, source code, OpenAPI specs) that turn what an integration does into required operations.
//!
//! Everything here is pure (no clock, network or filesystem) so it runs the same in the CLI and in
//! the browser extension; the CLI (`src/cli/scopes.rs`) only does the IO.

pub mod catalog;
pub mod matcher;
pub mod solver;
pub mod source;
pub mod spec_import;
pub mod templates;
pub mod traffic;

use serde::Serialize;

use crate::atlassian::limits::CredentialKind;
use catalog::{OperationId, Product};
use matcher::{match_request, RequestMatch};
use solver::Recommendation;

/// One request of an analysis and what it matched.
#[derive(Debug, Clone, Serialize)]
pub struct AnalysedRequest {
    /// Where the request came from (`file:line`, `entry 3`, `line 2`).
    pub evidence: String,
    pub method: String,
    pub url: String,
    /// `METHOD /template` of the matched operation, when one matched.
    pub operation: Option<String>,
    #[serde(skip)]
    pub operation_id: Option<OperationId>,
    pub matched: RequestMatch,
}

/// The result of analysing a set of requests: every request with its match, and one
/// recommendation per credential needed (Bitbucket operations need a Bitbucket API token; the rest
/// go to `credential`).
#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    pub requests: Vec<AnalysedRequest>,
    pub unknown_count: usize,
    pub recommendations: Vec<Recommendation>,
}

/// Matches `(method, url, evidence)` triples and solves for the matched operations.
pub fn analyse_requests<'a, I>(requests: I, credential: CredentialKind) -> Analysis
where
    I: IntoIterator<Item = (&'a str, &'a str, String)>,
{
    let mut analysed = Vec::new();
    let mut atlassian_ops = Vec::new();
    let mut bitbucket_ops = Vec::new();
    for (method, url, evidence) in requests {
        let matched = match_request(method, url);
        let operation = matched.operation.and_then(catalog::operation);
        if let (Some(id), Some(op)) = (matched.operation, operation) {
            if op.product == Product::Bitbucket {
                bitbucket_ops.push(id);
            } else {
                atlassian_ops.push(id);
            }
        }
        analysed.push(AnalysedRequest {
            evidence,
            method: matched.method.clone(),
            url: url.to_string(),
            operation: operation.map(|op| op.display()),
            operation_id: matched.operation,
            matched,
        });
    }
    let mut recommendations = Vec::new();
    if !atlassian_ops.is_empty() {
        let kind = if credential == CredentialKind::BitbucketToken {
            CredentialKind::ServiceAccountToken
        } else {
            credential
        };
        recommendations.push(solver::solve(&atlassian_ops, kind));
    }
    if !bitbucket_ops.is_empty() {
        recommendations.push(solver::solve(
            &bitbucket_ops,
            CredentialKind::BitbucketToken,
        ));
    }
    let unknown_count = analysed.iter().filter(|r| r.operation.is_none()).count();
    Analysis {
        requests: analysed,
        unknown_count,
        recommendations,
    }
}

/// What `explain` says about one request: the operation, every alternative, and the scope a
/// "401 scope does not match" most likely lacks.
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    pub matched: RequestMatch,
    pub operation: Option<String>,
    pub operation_id: Option<String>,
    pub summary: Option<String>,
    pub permissions_required: Option<String>,
    pub connect_scope: Option<String>,
    /// Every alternative, each an AND-set of scope names.
    pub alternatives: Vec<Vec<String>>,
    pub has_published_requirement: bool,
    /// The likeliest missing scopes for a 401 "scope does not match", with the reasoning.
    pub likely_missing: Vec<String>,
    pub likely_missing_reason: String,
}

/// Explains one request. `held` are the scopes the failing credential has, if known (then the
/// missing ones are computed exactly: the alternative needing the fewest additions).
pub fn explain(method: &str, url: &str, held: &[String]) -> Explanation {
    let matched = match_request(method, url);
    let op = matched.operation.and_then(catalog::operation);
    let alternatives: Vec<Vec<String>> = op
        .map(|o| {
            o.alternatives()
                .map(|a| {
                    a.iter()
                        .map(|&s| catalog::scope_name(s).to_string())
                        .collect()
                })
                .collect()
        })
        .unwrap_or_default();
    let (likely_missing, likely_missing_reason) = match op {
        None => (
            Vec::new(),
            "the request matches no operation in the catalog".to_string(),
        ),
        Some(o) if !o.has_published_requirement() => (
            Vec::new(),
            "the spec publishes no scope requirement for this operation".to_string(),
        ),
        Some(_) if alternatives.iter().any(Vec::is_empty) => (
            Vec::new(),
            "this operation needs no scope; a 401 means the credential itself is rejected"
                .to_string(),
        ),
        Some(o) if !held.is_empty() => {
            let best = alternatives
                .iter()
                .map(|alt| {
                    alt.iter()
                        .filter(|s| !held.contains(s))
                        .cloned()
                        .collect::<Vec<_>>()
                })
                .min_by_key(Vec::len)
                .unwrap_or_default();
            let reason = if best.is_empty() {
                "the held scopes satisfy an alternative: check the URL form (scoped tokens need \
                 https://api.atlassian.com/ex/…) and the account's product permissions"
                    .to_string()
            } else {
                format!(
                    "the alternative of {} closest to the held scopes lacks these",
                    o.display()
                )
            };
            (best, reason)
        }
        Some(o) => {
            // Without the held scopes: the granular alternative is the one people miss (Jira
            // Software takes only granular scopes; granular sets list every resource), so name it;
            // otherwise the classic one.
            let granular = alternatives.iter().find(|alt| {
                alt.iter().any(|s| {
                    catalog::scope_by_name(s)
                        .and_then(catalog::scope)
                        .is_some_and(|r| r.kind == catalog::ScopeKind::Granular)
                })
            });
            let chosen = granular
                .or(alternatives.first())
                .cloned()
                .unwrap_or_default();
            let reason = if matched.url_form == matcher::UrlForm::Site
                && o.product != Product::Bitbucket
            {
                "scoped tokens are only accepted through https://api.atlassian.com/ex/…; on the site URL \
                 the 401 may be that. Otherwise a token with granular scopes most likely lacks one of these"
                    .to_string()
            } else {
                "a token with granular scopes most likely lacks one of these (pass --held to compare \
                 with the scopes the token has)"
                    .to_string()
            };
            (chosen, reason)
        }
    };
    Explanation {
        operation: op.map(|o| o.display()),
        operation_id: op
            .map(|o| o.operation_id().to_string())
            .filter(|s| !s.is_empty()),
        summary: op
            .map(|o| o.summary().to_string())
            .filter(|s| !s.is_empty()),
        permissions_required: op
            .map(|o| o.permissions().to_string())
            .filter(|s| !s.is_empty()),
        connect_scope: op
            .map(|o| o.connect_scope().to_string())
            .filter(|s| !s.is_empty()),
        has_published_requirement: op.is_some_and(|o| o.has_published_requirement()),
        alternatives,
        likely_missing,
        likely_missing_reason,
        matched,
    }
}
