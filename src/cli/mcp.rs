//! `token-warden mcp`: scope advice as a Model Context Protocol server over stdio, so an AI agent
//! that is about to ask a person for an Atlassian credential can ask for least privilege first.
//!
//! This file is the protocol side only: the tools, their input schemas and bounds, and the text
//! summaries. Every answer comes from the same functions as `token-warden scopes … --json`
//! (`super::scopes`), so a tool's structured content is the JSON the CLI prints. What a request's
//! host and a pasted error mean lives in `mcp/advice.rs`. Nothing here reaches the network: the
//! tools read only the catalog compiled into the binary and, for `scopes_for_source`, local files.

mod advice;

use std::path::PathBuf;
use std::process::ExitCode;

use rmcp::handler::server::{router::tool::ToolRouter, wrapper::Parameters};
use rmcp::model::{CallToolResult, ContentBlock, Implementation, ServerCapabilities, ServerConfig};
use rmcp::schemars::{self, JsonSchema};
use rmcp::transport::async_rw::AsyncRwTransport;
use rmcp::{tool, tool_handler, tool_router, ServerHandler, ServiceExt};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::atlassian::limits::CredentialKind;
use crate::scopes as core;

/// Longest JSON-RPC message the transport reads; rmcp drops a longer line (and keeps serving), so
/// a peer cannot make the server buffer without limit. Kept above the tool bounds below so that
/// over-long tool input gets a tool error that says so rather than no answer.
const MAX_MESSAGE_BYTES: usize = 4 * 1024 * 1024;
/// Bounds on tool input: far above any real integration, low enough that every answer is quick.
const MAX_REQUESTS: usize = 2_000;
const MAX_REQUEST_LIST_BYTES: usize = 1024 * 1024;
const MAX_URL_BYTES: usize = 8 * 1024;
const MAX_METHOD_BYTES: usize = 16;
const MAX_HELD_SCOPES: usize = 500;
const MAX_SCOPE_NAME_BYTES: usize = 200;
const MAX_ERROR_RESPONSE_BYTES: usize = 64 * 1024;
const MAX_PATHS: usize = 64;
const MAX_PATH_BYTES: usize = 4 * 1024;
const MAX_TEMPLATE_ID_BYTES: usize = 200;

const INSTRUCTIONS: &str = "Token Warden: least-privilege scopes for Atlassian Cloud integrations \
(Jira, Jira Service Management, Confluence, Bitbucket). Before asking a person to create an \
Atlassian API token, OAuth 2.0 app or service account for code you write or run, call \
scopes_for_requests (the requests it makes) or scopes_for_source (its code), and ask for exactly \
the scopes returned, on a service account rather than a personal token. When an Atlassian request \
fails with 401 \"scope does not match\", call explain_request. All tools are offline and read-only.";

/// The credential the scopes are for (the CLI's `--credential`).
#[derive(Debug, Clone, Copy, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
enum Credential {
    /// A person's "API token with scopes" (id.atlassian.com).
    ScopedPersonalToken,
    /// A service account's scoped API token (the recommended default).
    #[default]
    ServiceAccountToken,
    /// A service account's OAuth 2.0 client credentials.
    ServiceAccountOauth,
    /// A Bitbucket API token.
    BitbucketToken,
}

impl From<Credential> for CredentialKind {
    fn from(credential: Credential) -> CredentialKind {
        match credential {
            Credential::ScopedPersonalToken => CredentialKind::ScopedPersonalToken,
            Credential::ServiceAccountToken => CredentialKind::ServiceAccountToken,
            Credential::ServiceAccountOauth => CredentialKind::ServiceAccountOauth,
            Credential::BitbucketToken => CredentialKind::BitbucketToken,
        }
    }
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct ScopesForRequestsInput {
    /// The Atlassian REST requests the integration makes, one per item: `METHOD URL`
    /// (`GET https://acme.atlassian.net/rest/api/3/myself`), a bare URL (read as GET), or a curl
    /// command line. Site URLs, `https://api.atlassian.com/ex/{jira|confluence}/{cloudId}/…`,
    /// `https://api.bitbucket.org/2.0/…` and bare paths are understood; `{placeholders}` stand for
    /// values. Blank items and `#` comments are ignored.
    requests: Vec<String>,
    /// The credential the scopes are for. Default: service-account-token.
    #[serde(default)]
    credential: Credential,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct ScopesForSourceInput {
    /// Source files or directories to scan (absolute paths; relative ones are read from the
    /// server's working directory). Directories are walked respecting .gitignore.
    paths: Vec<String>,
    /// The credential the scopes are for. Default: service-account-token.
    #[serde(default)]
    credential: Credential,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct ExplainRequestInput {
    /// The HTTP method, e.g. GET.
    method: String,
    /// The URL or path, e.g. https://acme.atlassian.net/rest/api/3/issue/ABC-1.
    url: String,
    /// Scopes the failing credential has, if known: then the missing ones are named exactly.
    #[serde(default)]
    held_scopes: Vec<String>,
    /// The error response the request got, pasted as is (e.g.
    /// `{"code":401,"message":"Unauthorized; scope does not match"}`), to diagnose it.
    #[serde(default)]
    error_response: Option<String>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct ListTemplatesInput {
    /// Show only this template (by id); all of them when absent.
    #[serde(default)]
    id: Option<String>,
}

/// The server: stateless; every tool call is answered from the compiled-in catalog.
#[derive(Debug, Clone)]
struct ScopeAdvisor {
    tool_router: ToolRouter<ScopeAdvisor>,
}

#[tool_router]
impl ScopeAdvisor {
    fn new() -> ScopeAdvisor {
        ScopeAdvisor {
            tool_router: Self::tool_router(),
        }
    }

    #[tool(
        description = "Least-privilege Atlassian scopes for a list of REST requests or curl \
        commands. Call this BEFORE asking a person to create an Atlassian API token, OAuth 2.0 \
        app or service account, with every request the integration will make, and ask for \
        exactly the returned scopes (on a service account, not a personal token). Returns each \
        request's catalog operation (or why it is unknown, with the nearest operations) and one \
        recommendation per credential: scopes, what each is needed by, exposure, warnings.",
        annotations(read_only_hint = true, open_world_hint = false, idempotent_hint = true)
    )]
    async fn scopes_for_requests(
        &self,
        Parameters(input): Parameters<ScopesForRequestsInput>,
    ) -> Result<CallToolResult, String> {
        let text = request_list_text(&input.requests)?;
        let (analysis, unreadable) =
            super::scopes::requests_analysis(&text, input.credential.into());
        if analysis.requests.is_empty() {
            return Err(match unreadable.first() {
                Some(line) => format!(
                    "no readable request: line {} {:?}: {}",
                    line.line, line.text, line.reason
                ),
                None => "no requests: give at least one `METHOD URL` line or curl command".into(),
            });
        }
        let mut value = to_json(&analysis)?;
        let summary = analysis_summary(&value, unreadable.len());
        if let Value::Object(map) = &mut value {
            map.insert("unreadable_lines".into(), to_json(&unreadable)?);
        }
        Ok(answer(summary, value))
    }

    #[tool(
        description = "Least-privilege Atlassian scopes for an integration's source code: scans \
        files or directories for Atlassian REST calls (with file:line evidence) and recommends \
        scopes. Call this BEFORE asking a person to create an Atlassian API token or service \
        account for code in this workspace. Returns exactly what `token-warden scopes scan \
        --json PATH` prints.",
        annotations(read_only_hint = true, open_world_hint = false, idempotent_hint = true)
    )]
    async fn scopes_for_source(
        &self,
        Parameters(input): Parameters<ScopesForSourceInput>,
    ) -> Result<CallToolResult, String> {
        let paths = source_paths(&input.paths)?;
        let credential = input.credential.into();
        // The scan reads and parses files: off the protocol thread, so the server keeps answering.
        let value =
            tokio::task::spawn_blocking(move || super::scopes::scan_json(&paths, credential))
                .await
                .map_err(|e| format!("the scan stopped: {e}"))??;
        let summary = analysis_summary(&value, 0);
        Ok(answer(summary, value))
    }

    #[tool(
        description = "Explain one Atlassian REST request: which catalog operation it is, every \
        scope set Atlassian accepts for it, the host to use (scoped tokens and OAuth 2.0 work only \
        through https://api.atlassian.com/ex/{jira|confluence}/{cloudId}/…, not the site URL), \
        and, for a pasted error such as 401 \"Unauthorized; scope does not match\", which scope \
        is most likely missing. Call this when an Atlassian request fails with 401 or 403.",
        annotations(read_only_hint = true, open_world_hint = false, idempotent_hint = true)
    )]
    async fn explain_request(
        &self,
        Parameters(input): Parameters<ExplainRequestInput>,
    ) -> Result<CallToolResult, String> {
        check_method(&input.method)?;
        check_url(&input.url)?;
        check_held_scopes(&input.held_scopes)?;
        if let Some(error) = &input.error_response {
            check_len("error_response", error, MAX_ERROR_RESPONSE_BYTES)?;
        }
        let explanation = core::explain(&input.method, &input.url, &input.held_scopes);
        let host = advice::host_advice(&explanation);
        let error = input
            .error_response
            .as_deref()
            .map(|text| advice::error_advice(text, &explanation, host.as_ref()));
        let summary = explain_summary(&explanation, host.as_ref(), error.as_ref());
        let value = json!({
            "explanation": to_json(&explanation)?,
            "host": to_json(&host)?,
            "error_response": to_json(&error)?,
        });
        Ok(answer(summary, value))
    }

    #[tool(
        description = "The integration templates (reporting, automation, service-desk intake, \
        publishing, CI, bots…) with their operations and the least-privilege scopes computed for \
        each. Call this to start from a common use case when the exact requests are not known \
        yet.",
        annotations(read_only_hint = true, open_world_hint = false, idempotent_hint = true)
    )]
    async fn list_templates(
        &self,
        Parameters(input): Parameters<ListTemplatesInput>,
    ) -> Result<CallToolResult, String> {
        if let Some(id) = &input.id {
            check_len("id", id, MAX_TEMPLATE_ID_BYTES)?;
        }
        let solved = super::scopes::solved_templates(input.id.as_deref())?;
        let summary = solved
            .iter()
            .map(|t| {
                let scopes: Vec<&str> = t
                    .recommendation
                    .scopes
                    .iter()
                    .map(|s| s.scope.as_str())
                    .collect();
                format!(
                    "{} ({}): {}",
                    t.template.name,
                    t.template.id,
                    scopes.join(" ")
                )
            })
            .collect::<Vec<_>>()
            .join("\n");
        Ok(answer(summary, json!({ "templates": to_json(&solved)? })))
    }
}

#[tool_handler(router = self.tool_router)]
impl ServerHandler for ScopeAdvisor {
    fn get_info(&self) -> ServerConfig {
        let mut implementation = Implementation::new("token-warden", env!("CARGO_PKG_VERSION"));
        implementation.title = Some("Token Warden scope advice".into());
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(implementation)
            .with_instructions(INSTRUCTIONS)
    }
}

/// Runs the server on stdin/stdout until the client closes stdin. Messages go to stdout only;
/// diagnostics go to stderr.
pub fn run() -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("token-warden mcp: cannot start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    let result: Result<(), String> = runtime.block_on(async {
        let (stdin, stdout) = rmcp::transport::stdio_pipes();
        let transport =
            AsyncRwTransport::new_server(stdin, stdout).with_max_line_length(MAX_MESSAGE_BYTES);
        let service = ScopeAdvisor::new()
            .serve(transport)
            .await
            .map_err(|e| format!("the client did not initialise the session: {e}"))?;
        service
            .waiting()
            .await
            .map(|_| ())
            .map_err(|e| format!("the server stopped: {e}"))
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("token-warden mcp: {message}");
            ExitCode::from(2)
        }
    }
}

/// A tool answer: a short text for the reader, the structured JSON, and the JSON again as text
/// (the MCP specification asks for that, for clients that do not read structured content).
fn answer(summary: String, value: Value) -> CallToolResult {
    let mut result = CallToolResult::structured(value);
    result.content.insert(0, ContentBlock::text(summary));
    result
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<Value, String> {
    serde_json::to_value(value).map_err(|e| format!("cannot write JSON: {e}"))
}

fn check_len(field: &str, value: &str, max: usize) -> Result<(), String> {
    if value.len() > max {
        return Err(format!(
            "{field} is {} bytes; at most {max} are accepted",
            value.len()
        ));
    }
    Ok(())
}

/// The request list as the text `scopes requests` reads: one item per line.
fn request_list_text(requests: &[String]) -> Result<String, String> {
    if requests.len() > MAX_REQUESTS {
        return Err(format!(
            "{} requests given; at most {MAX_REQUESTS} are accepted per call",
            requests.len()
        ));
    }
    let total: usize = requests.iter().map(|r| r.len() + 1).sum();
    if total > MAX_REQUEST_LIST_BYTES {
        return Err(format!(
            "the requests are {total} bytes; at most {MAX_REQUEST_LIST_BYTES} are accepted per call"
        ));
    }
    if requests.iter().any(|r| r.contains('\0')) {
        return Err("a request contains a NUL character".into());
    }
    Ok(requests.join("\n"))
}

fn source_paths(paths: &[String]) -> Result<Vec<PathBuf>, String> {
    if paths.is_empty() {
        return Err("no paths: give at least one file or directory to scan".into());
    }
    if paths.len() > MAX_PATHS {
        return Err(format!(
            "{} paths given; at most {MAX_PATHS} are accepted per call",
            paths.len()
        ));
    }
    paths
        .iter()
        .map(|path| {
            check_len("a path", path, MAX_PATH_BYTES)?;
            if path.trim().is_empty() {
                return Err("a path is empty".to_string());
            }
            if path.contains('\0') {
                return Err("a path contains a NUL character".to_string());
            }
            Ok(PathBuf::from(path))
        })
        .collect()
}

fn check_method(method: &str) -> Result<(), String> {
    check_len("method", method, MAX_METHOD_BYTES)?;
    if method.is_empty() || !method.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err(format!(
            "method {method:?} is not an HTTP method (letters only, e.g. GET or POST)"
        ));
    }
    Ok(())
}

fn check_url(url: &str) -> Result<(), String> {
    check_len("url", url, MAX_URL_BYTES)?;
    if url.trim().is_empty() {
        return Err("url is empty: give the request's URL or path".into());
    }
    if url.chars().any(char::is_control) {
        return Err("url contains control characters".into());
    }
    Ok(())
}

fn check_held_scopes(held: &[String]) -> Result<(), String> {
    if held.len() > MAX_HELD_SCOPES {
        return Err(format!(
            "{} held scopes given; at most {MAX_HELD_SCOPES} are accepted",
            held.len()
        ));
    }
    for scope in held {
        check_len("a held scope", scope, MAX_SCOPE_NAME_BYTES)?;
    }
    Ok(())
}

/// One or two lines on an analysis (`scopes requests`/`scopes scan` JSON): counts and the scopes
/// per credential. Read from the JSON so it works on whatever the scan engine reports.
fn analysis_summary(value: &Value, unreadable: usize) -> String {
    let mut lines = Vec::new();
    if let (Some(requests), Some(unknown)) = (
        value.get("requests").and_then(Value::as_array),
        value.get("unknown_count").and_then(Value::as_u64),
    ) {
        let mut line = format!("{} request(s), {unknown} unknown", requests.len());
        if unreadable > 0 {
            line.push_str(&format!(", {unreadable} unreadable line(s)"));
        }
        lines.push(line);
    }
    for recommendation in value
        .get("recommendations")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let credential = recommendation
            .get("credential")
            .and_then(Value::as_str)
            .unwrap_or("credential");
        let scopes: Vec<&str> = recommendation
            .get("scopes")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|s| s.get("scope").and_then(Value::as_str))
            .collect();
        lines.push(format!("Scopes for {credential}: {}", scopes.join(" ")));
    }
    if lines.is_empty() {
        lines.push("See the structured content.".into());
    }
    lines.join("\n")
}

fn explain_summary(
    explanation: &core::Explanation,
    host: Option<&advice::HostAdvice>,
    error: Option<&advice::ErrorAdvice>,
) -> String {
    let mut lines = Vec::new();
    match &explanation.operation {
        Some(op) => {
            lines.push(op.clone());
            for alternative in &explanation.alternatives {
                let scopes = if alternative.is_empty() {
                    "(no scope needed)".to_string()
                } else {
                    alternative.join(" + ")
                };
                lines.push(format!("accepted: {scopes}"));
            }
        }
        None => lines.push(format!(
            "UNKNOWN {} {}",
            explanation.matched.method, explanation.matched.url
        )),
    }
    if let Some(gateway) = host.and_then(|h| h.gateway_url.as_deref()) {
        lines.push(format!("scoped credentials: use {gateway}"));
    }
    if let Some(error) = error {
        lines.push(error.diagnosis.clone());
    }
    lines.join("\n")
}
