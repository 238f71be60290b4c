//! The request matcher: `METHOD URL` → catalog operation.
//!
//! Accepts the URL forms real scripts use: site URLs (`https://SITE.atlassian.net/rest/api/3/…`,
//! `/rest/api/2/…` mapped to its v3 twin, `/rest/agile/1.0/…`, `/rest/servicedeskapi/…`,
//! `/wiki/rest/api/…`, `/wiki/api/v2/…`), the gateway forms scoped tokens and OAuth must use
//! (`https://api.atlassian.com/ex/jira/{cloudId}/…`, `/ex/confluence/{cloudId}/…`), Bitbucket
//! (`https://api.bitbucket.org/2.0/…`) and bare paths. Query strings and fragments are ignored;
//! where several templates fit, the one with literal segments earliest wins
//! (`/issue/createmeta` beats `/issue/{issueIdOrKey}`). Nothing is dropped: a request that fits no
//! template is reported as unknown with the nearest templates.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Serialize;

use super::catalog::{self, Method, OperationId, Product};

/// How many nearest templates an unknown request reports.
const NEAREST_COUNT: usize = 3;
/// How much of an unknown request's path shape the nearest-template ranking compares (catalog
/// templates are far shorter, so bytes past this only add the same distance to every template).
const NEAREST_SHAPE_LIMIT: usize = 256;

/// Where a request was sent, as far as the URL tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum UrlForm {
    /// `https://SITE.atlassian.net/…` (or another host that is not the gateway).
    Site,
    /// `https://api.atlassian.com/ex/{jira|confluence}/{cloudId}/…`.
    Gateway,
    /// `https://api.bitbucket.org/2.0/…`.
    BitbucketApi,
    /// A path without a host.
    BarePath,
}

/// The result of matching one request.
#[derive(Debug, Clone, Serialize)]
pub struct RequestMatch {
    /// The method as given (upper-cased).
    pub method: String,
    /// The URL as given.
    pub url: String,
    pub url_form: UrlForm,
    /// The path the matcher looked up (query stripped, prefixes normalised).
    pub normalized_path: String,
    /// The operation, when one matched.
    pub operation: Option<OperationId>,
    /// True when a Jira `/rest/api/2` (or `latest`) path was mapped to its v3 twin.
    pub mapped_from_v2: bool,
    /// For unknown requests: the nearest templates (`METHOD /path`), best first.
    pub nearest: Vec<String>,
    /// Why it is unknown, when it is.
    pub unknown_reason: Option<String>,
}

impl RequestMatch {
    pub fn is_known(&self) -> bool {
        self.operation.is_some()
    }
}

/// Operations bucketed by (product, segment count): a request only needs comparing with templates
/// of its own length, which keeps each lookup to a few dozen candidates.
fn index() -> &'static HashMap<(Product, usize), Vec<OperationId>> {
    static INDEX: OnceLock<HashMap<(Product, usize), Vec<OperationId>>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut buckets: HashMap<(Product, usize), Vec<OperationId>> = HashMap::new();
        for (id, op) in catalog::operations().iter().enumerate() {
            let count = segments(op.path()).count();
            buckets
                .entry((op.product, count))
                .or_default()
                .push(id as OperationId);
        }
        buckets
    })
}

fn segments(path: &str) -> impl Iterator<Item = &str> {
    path.split('/').filter(|s| !s.is_empty())
}

fn is_template_param(segment: &str) -> bool {
    segment.contains('{')
}

/// A `{…}` segment in a request stands for an unknown value (from code: `f"/issue/{key}"`).
fn is_request_placeholder(segment: &str) -> bool {
    segment.starts_with('{') && segment.ends_with('}')
}

/// Scores how well a template fits request segments: `None` when it does not fit; otherwise a
/// number in which a literal match in an earlier segment outweighs all later ones.
fn fit_score(template: &str, request: &[&str]) -> Option<u64> {
    let mut score = 0u64;
    let mut count = 0usize;
    for (position, template_segment) in segments(template).enumerate() {
        let request_segment = request.get(position)?;
        count += 1;
        let bit = 1u64 << (63 - position.min(63));
        if is_template_param(template_segment) {
            continue;
        }
        if is_request_placeholder(request_segment) {
            return None;
        }
        if template_segment == *request_segment {
            score |= bit;
        } else if template_segment.eq_ignore_ascii_case(request_segment) {
            // Atlassian's router is case-sensitive, but scripts rarely are wrong about case on
            // purpose; still prefer the exact template when both exist.
            score |= bit >> 1;
        } else {
            return None;
        }
    }
    (count == request.len()).then_some(score)
}

/// The product/path pairs a request path may mean, most likely first.
fn interpretations(
    path: &str,
    form: UrlForm,
    gateway_product: Option<&str>,
) -> (Vec<(Product, String)>, bool) {
    let mut mapped_from_v2 = false;
    let mut out: Vec<(Product, String)> = Vec::new();
    let strip = |prefix: &str| {
        path.strip_prefix(prefix)
            .filter(|rest| rest.is_empty() || rest.starts_with('/'))
    };
    if form == UrlForm::BitbucketApi {
        let rest = strip("/2.0").unwrap_or(path);
        out.push((Product::Bitbucket, rest.to_string()));
        return (out, false);
    }
    if gateway_product == Some("confluence") && !path.starts_with("/wiki") {
        // Some clients drop `/wiki` after the Confluence gateway prefix.
        let (mut with_wiki, _) = interpretations(&format!("/wiki{path}"), UrlForm::Site, None);
        out.append(&mut with_wiki);
    }
    if let Some(rest) = strip("/rest/api/2").or_else(|| strip("/rest/api/latest")) {
        mapped_from_v2 = true;
        out.push((Product::JiraPlatform, format!("/rest/api/3{rest}")));
    } else if path.starts_with("/rest/agile/") {
        out.push((Product::JiraSoftware, path.to_string()));
    } else if path.starts_with("/rest/servicedeskapi") {
        out.push((Product::JiraServiceManagement, path.to_string()));
    } else if path.starts_with("/rest/") {
        out.push((Product::JiraPlatform, path.to_string()));
        out.push((Product::JiraSoftware, path.to_string()));
        out.push((Product::JiraServiceManagement, path.to_string()));
    } else if let Some(rest) = strip("/wiki/api/v2") {
        out.push((Product::ConfluenceV2, rest.to_string()));
    } else if path.starts_with("/wiki/") {
        out.push((Product::ConfluenceV1, path.to_string()));
    } else if let Some(rest) = strip("/2.0") {
        out.push((Product::Bitbucket, rest.to_string()));
    } else {
        // A path relative to a spec's server (Confluence v2 and Bitbucket specs are written so).
        out.push((Product::ConfluenceV2, path.to_string()));
        out.push((Product::Bitbucket, path.to_string()));
        out.push((Product::ConfluenceV1, format!("/wiki/rest/api{path}")));
        out.push((Product::JiraPlatform, format!("/rest/api/3{path}")));
    }
    (out, mapped_from_v2)
}

struct SplitUrl<'a> {
    form: UrlForm,
    path: &'a str,
    gateway_product: Option<&'a str>,
}

/// Where the first API root starts in `path` (`/rest/`, `/wiki/`, `/ex/`, `/2.0`), when everything
/// before it is an unknown placeholder (`{}`, `{base}`, `{}/`).
fn strip_unknown_base(path: &str) -> &str {
    if !path.starts_with('{') {
        return path;
    }
    for anchor in [
        "/rest/",
        "/wiki/",
        "/ex/jira/",
        "/ex/confluence/",
        "/2.0/",
        "/api/2.0/",
    ] {
        if let Some(i) = path.find(anchor) {
            let before = &path[..i];
            if before
                .split('/')
                .all(|s| s.is_empty() || (s.starts_with('{') && s.ends_with('}')))
            {
                let rest = &path[i..];
                return rest
                    .strip_prefix("/api")
                    .filter(|r| r.starts_with("/2.0/"))
                    .unwrap_or(rest);
            }
        }
    }
    // `{}/issue/…` relative to an unknown API root: the bare path after it.
    match path.find('/') {
        Some(i) if path[..i].starts_with('{') && path[..i].ends_with('}') => &path[i..],
        _ => path,
    }
}

/// Separates host and path, strips query/fragment and the gateway prefix.
fn split_url(url: &str) -> SplitUrl<'_> {
    let url = url
        .trim()
        .trim_matches(|c| c == '"' || c == '\'' || c == '`');
    let url = url.split(['?', '#']).next().unwrap_or("");
    let after_scheme = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .or_else(|| url.strip_prefix("//"));
    let (host, path) = match after_scheme {
        Some(rest) => match rest.find('/') {
            Some(slash) => (Some(&rest[..slash]), &rest[slash..]),
            None => (Some(rest), "/"),
        },
        None => {
            // `api.bitbucket.org/2.0/…` or `SITE.atlassian.net/rest/…` without a scheme.
            match url.find('/') {
                Some(slash)
                    if slash > 0 && url[..slash].contains('.') && !url[..slash].contains('{') =>
                {
                    (Some(&url[..slash]), &url[slash..])
                }
                _ => (None, url),
            }
        }
    };
    let host = host.map(|h| h.rsplit('@').next().unwrap_or(h));
    let host_lower = host.map(str::to_ascii_lowercase);
    // An unknown base in front of a path (`{}/rest/api/3/…` from code that reads the site from
    // the environment): the base is dropped, and what follows is read as a bare path.
    let path = if host.is_none() {
        strip_unknown_base(path)
    } else {
        path
    };
    match host_lower.as_deref() {
        Some(h) if h.starts_with("api.bitbucket.org") => SplitUrl {
            form: UrlForm::BitbucketApi,
            path,
            gateway_product: None,
        },
        // `https://bitbucket.org/api/2.0/…`, the same API under the site's host.
        Some(h)
            if (h == "bitbucket.org" || h == "www.bitbucket.org")
                && path.starts_with("/api/2.0") =>
        {
            SplitUrl {
                form: UrlForm::BitbucketApi,
                path: &path[4..],
                gateway_product: None,
            }
        }
        _ => {
            // The gateway: /ex/{jira|confluence}/{cloudId}/… (also accepted on a bare path).
            let mut parts = path.splitn(5, '/');
            let (_, ex, product, _cloud_id) =
                (parts.next(), parts.next(), parts.next(), parts.next());
            if ex == Some("ex") && matches!(product, Some("jira") | Some("confluence")) {
                let rest_start = path
                    .match_indices('/')
                    .nth(3)
                    .map(|(i, _)| i)
                    .unwrap_or(path.len());
                return SplitUrl {
                    form: UrlForm::Gateway,
                    path: &path[rest_start..],
                    gateway_product: product,
                };
            }
            let form = if host.is_some() {
                UrlForm::Site
            } else {
                UrlForm::BarePath
            };
            SplitUrl {
                form,
                path,
                gateway_product: None,
            }
        }
    }
}

/// Finds the best template among operations of `product` with `method` for `path`.
fn best_in(product: Product, method: Method, path: &str) -> Option<(OperationId, u64)> {
    let request: Vec<&str> = segments(path).collect();
    let bucket = index().get(&(product, request.len()))?;
    let mut best: Option<(OperationId, u64)> = None;
    for &id in bucket {
        let Some(op) = catalog::operation(id) else {
            continue;
        };
        if op.method != method {
            continue;
        }
        if let Some(score) = fit_score(op.path(), &request) {
            if best.is_none_or(|(_, b)| score > b) {
                best = Some((id, score));
            }
        }
    }
    best
}

/// Matches one request. Never fails: anything unrecognised comes back unknown, with reasons and
/// the nearest catalog templates.
pub fn match_request(method: &str, url: &str) -> RequestMatch {
    match_request_with(method, url, true)
}

/// Matches one request without looking for the nearest templates of an unknown one: the scanner
/// tries every string-valued call argument of a tree, most of which are not Atlassian requests,
/// and the nearest-template search over the whole catalog would dominate its time.
pub fn match_request_only(method: &str, url: &str) -> RequestMatch {
    match_request_with(method, url, false)
}

fn match_request_with(method: &str, url: &str, with_nearest: bool) -> RequestMatch {
    let method_upper = method.trim().to_ascii_uppercase();
    let split = split_url(url);
    let (candidates, mapped_from_v2) =
        interpretations(split.path, split.form, split.gateway_product);
    let normalized_path = candidates
        .first()
        .map(|(p, path)| format!("{}{}", p.path_prefix(), path))
        .unwrap_or_default();
    let mut result = RequestMatch {
        method: method_upper.clone(),
        url: url.to_string(),
        url_form: split.form,
        normalized_path,
        operation: None,
        mapped_from_v2,
        nearest: Vec::new(),
        unknown_reason: None,
    };
    let Some(parsed_method) = Method::parse(&method_upper) else {
        result.unknown_reason = Some(format!("unknown HTTP method {method_upper:?}"));
        if with_nearest {
            result.nearest = nearest_templates(&candidates, None);
        }
        return result;
    };
    // HEAD is served by GET routes when the spec has no HEAD operation.
    let methods: &[Method] = if parsed_method == Method::Head {
        &[Method::Head, Method::Get]
    } else {
        std::slice::from_ref(&parsed_method)
    };
    for &try_method in methods {
        let mut best: Option<(OperationId, u64)> = None;
        for (product, path) in &candidates {
            if let Some(found) = best_in(*product, try_method, path) {
                // Earlier interpretations win ties (they are the more likely reading).
                if best.is_none_or(|(_, b)| found.1 > b) {
                    best = Some(found);
                }
            }
        }
        if let Some((id, _)) = best {
            result.operation = Some(id);
            if let Some(op) = catalog::operation(id) {
                result.normalized_path = op.full_path();
            }
            return result;
        }
    }
    let other_methods: Vec<&'static str> = candidates
        .iter()
        .flat_map(|(product, path)| {
            [
                Method::Get,
                Method::Post,
                Method::Put,
                Method::Patch,
                Method::Delete,
            ]
            .into_iter()
            .filter(|m| best_in(*product, *m, path).is_some())
            .map(Method::as_str)
            .collect::<Vec<_>>()
        })
        .collect();
    result.unknown_reason = Some(if other_methods.is_empty() {
        "no operation in the catalog has this path".to_string()
    } else {
        format!("the path exists, but only for {}", other_methods.join(", "))
    });
    if with_nearest {
        result.nearest = nearest_templates(&candidates, Some(parsed_method));
    }
    result
}

/// Levenshtein distance over bytes, bounded by the lengths (paths are short).
fn edit_distance(a: &[u8], b: &[u8]) -> usize {
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, &ca) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

/// Replaces every parameter segment by `{}` so names do not count as differences.
fn shape(path: &str) -> String {
    let mut out = String::new();
    for segment in segments(path) {
        out.push('/');
        out.push_str(if segment.contains('{') { "{}" } else { segment });
    }
    out
}

/// The templates nearest to the request: most shared leading segments first, then smallest edit
/// distance between the shapes, then same method.
fn nearest_templates(candidates: &[(Product, String)], method: Option<Method>) -> Vec<String> {
    // Each interpretation's segments and shape, once (not once per catalog operation), the shape
    // cut to NEAREST_SHAPE_LIMIT bytes: the edit distance costs request × template bytes for
    // every operation, so an unbounded request made one unknown lookup grow with the URL's length.
    let prepared: Vec<(Product, Vec<&str>, String)> = candidates
        .iter()
        .map(|(product, path)| {
            let mut request_shape = shape(path);
            let mut end = request_shape.len().min(NEAREST_SHAPE_LIMIT);
            while !request_shape.is_char_boundary(end) {
                end -= 1;
            }
            request_shape.truncate(end);
            (*product, segments(path).collect(), request_shape)
        })
        .collect();
    let mut scored: Vec<(usize, usize, bool, OperationId)> = Vec::new();
    for (id, op) in catalog::operations().iter().enumerate() {
        let Some((_, request, request_shape)) = prepared.iter().find(|(p, ..)| *p == op.product)
        else {
            continue;
        };
        let shared = segments(op.path())
            .zip(request.iter())
            .take_while(|(t, r)| is_template_param(t) || t == *r)
            .count();
        let distance = edit_distance(shape(op.path()).as_bytes(), request_shape.as_bytes());
        scored.push((
            shared,
            distance,
            Some(op.method) == method,
            id as OperationId,
        ));
    }
    scored.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(a.1.cmp(&b.1))
            .then(b.2.cmp(&a.2))
            .then(a.3.cmp(&b.3))
    });
    scored
        .into_iter()
        .filter_map(|(_, _, _, id)| catalog::operation(id).map(|op| op.display()))
        .take(NEAREST_COUNT)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_very_long_unknown_path_still_gets_its_nearest_templates() {
        // Found by fuzz/fuzz_targets/url_matcher.rs: the nearest-template ranking compared the
        // whole path with every template, so one unknown request cost time in proportion to its
        // length (about 2 s for a 16 KB path); it now compares a bounded prefix.
        let long = format!("/rest/api/3/nosuchresource/{}", "é".repeat(200_000));
        let m = match_request("GET", &long);
        assert!(!m.is_known());
        assert_eq!(m.nearest.len(), NEAREST_COUNT);
        assert!(
            m.nearest[0].starts_with("GET /rest/api/3/"),
            "{:?}",
            m.nearest
        );
    }

    fn matched(method: &str, url: &str) -> String {
        let m = match_request(method, url);
        m.operation
            .and_then(catalog::operation)
            .map(|op| op.display())
            .unwrap_or_else(|| format!("unknown: {:?} nearest {:?}", m.unknown_reason, m.nearest))
    }

    #[test]
    fn site_gateway_and_v2_forms_match_the_same_operation() {
        let want = "GET /rest/api/3/issue/{issueIdOrKey}";
        assert_eq!(
            matched("GET", "https://acme.atlassian.net/rest/api/3/issue/ABC-1"),
            want
        );
        assert_eq!(
            matched(
                "get",
                "https://acme.atlassian.net/rest/api/2/issue/ABC-1?fields=summary"
            ),
            want
        );
        assert_eq!(
            matched(
                "GET",
                "https://api.atlassian.com/ex/jira/1234-abcd/rest/api/3/issue/ABC-1"
            ),
            want
        );
        assert_eq!(matched("GET", "/rest/api/2/issue/{key}"), want);
        assert!(match_request("GET", "/rest/api/2/issue/X-1").mapped_from_v2);
    }

    #[test]
    fn literal_segments_beat_parameters() {
        assert_eq!(
            matched(
                "GET",
                "https://acme.atlassian.net/rest/api/3/issue/createmeta"
            ),
            "GET /rest/api/3/issue/createmeta"
        );
    }

    #[test]
    fn other_products_match() {
        assert_eq!(
            matched(
                "GET",
                "https://x.atlassian.net/rest/agile/1.0/board/5/sprint"
            ),
            "GET /rest/agile/1.0/board/{boardId}/sprint"
        );
        assert_eq!(
            matched(
                "POST",
                "https://x.atlassian.net/rest/servicedeskapi/request"
            ),
            "POST /rest/servicedeskapi/request"
        );
        assert_eq!(
            matched(
                "GET",
                "https://x.atlassian.net/wiki/rest/api/search?cql=type=page"
            ),
            "GET /wiki/rest/api/search"
        );
        assert_eq!(
            matched("GET", "https://x.atlassian.net/wiki/api/v2/pages/123"),
            "GET /wiki/api/v2/pages/{id}"
        );
        assert_eq!(
            matched(
                "GET",
                "https://api.atlassian.com/ex/confluence/c1/wiki/api/v2/pages/1"
            ),
            "GET /wiki/api/v2/pages/{id}"
        );
        assert_eq!(
            matched(
                "GET",
                "https://api.bitbucket.org/2.0/repositories/ws/repo/pullrequests"
            ),
            "GET /2.0/repositories/{workspace}/{repo_slug}/pullrequests"
        );
        assert_eq!(
            matched("HEAD", "https://x.atlassian.net/rest/api/3/myself"),
            "GET /rest/api/3/myself"
        );
    }

    #[test]
    fn unknown_requests_come_back_with_nearest_templates() {
        let m = match_request(
            "GET",
            "https://x.atlassian.net/rest/api/3/issue/ABC-1/nonsense",
        );
        assert!(!m.is_known());
        assert!(!m.nearest.is_empty());
        assert!(
            m.nearest[0].contains("/rest/api/3/issue/"),
            "{:?}",
            m.nearest
        );
        let m = match_request("FETCH", "/rest/api/3/myself");
        assert!(!m.is_known());
        let m = match_request("PATCH", "/rest/api/3/myself");
        assert!(m.unknown_reason.unwrap_or_default().contains("only for"));
    }

    #[test]
    fn every_catalog_template_matches_itself() {
        for (id, op) in catalog::operations().iter().enumerate() {
            let m = match_request(op.method.as_str(), &op.full_path());
            let got = m
                .operation
                .and_then(catalog::operation)
                .map(|o| (o.method, o.full_path()));
            // Two templates may have the same shape (e.g. `{id}` vs `{key}` spellings); the match
            // must then be an equally good template of the same shape.
            let got = got.unwrap_or_else(|| panic!("{} did not match", op.display()));
            assert_eq!(got.0, op.method, "operation {id}");
            assert_eq!(
                shape(&got.1),
                shape(&op.full_path()),
                "operation {id}: {}",
                op.display()
            );
        }
    }

    #[test]
    fn an_unknown_base_is_stripped_before_an_api_root() {
        let m = match_request("GET", "{}/rest/api/3/myself");
        assert_eq!(
            m.operation
                .and_then(catalog::operation)
                .map(|o| o.display())
                .as_deref(),
            Some("GET /rest/api/3/myself")
        );
        let m = match_request("GET", "{}/{}/wiki/api/v2/pages/{}");
        assert!(m.is_known(), "{m:?}");
        let m = match_request("GET", "{}/2.0/repositories/{}/{}");
        assert!(m.is_known(), "{m:?}");
    }

    #[test]
    fn bitbucket_api_under_the_site_host() {
        let m = match_request(
            "GET",
            "https://bitbucket.org/api/2.0/repositories/acme/app/pullrequests",
        );
        assert_eq!(m.url_form, UrlForm::BitbucketApi);
        assert!(m.is_known(), "{m:?}");
    }
}
