//! `token-warden scopes scan`: finds the Atlassian REST operations a source tree calls, with
//! file:line evidence, the HTTP method and how each URL was resolved (issue 11).
//!
//! Native only. Two passes over the tree:
//! 1. [`walk`] lists the files (ripgrep's `.gitignore`-aware walker), skips what cannot hold a
//!    call (binary, too large, minified, vendored) and says why, and applies a cheap byte
//!    prefilter widened to the projects that define an Atlassian base;
//! 2. [`engine`] parses each candidate with its tree-sitter grammar, collects project-wide
//!    constants, bases and helpers from every file, then resolves each call site's URL and
//!    method. Languages without a grammar fall back to the light scanner
//!    (`scopes::source::scan_source`, also used by the wasm advisor page).
//!
//! The result, [`ScanReport`], is exactly what `scopes scan --json` prints.

pub mod engine;
pub mod lang;
pub mod output;
pub mod sdk;
pub mod walk;

use std::path::PathBuf;

use serde::Serialize;

use crate::atlassian::limits::CredentialKind;
use crate::scopes::{self, Analysis};

/// What the scan may do.
#[derive(Debug, Clone)]
pub struct ScanOptions {
    /// The credential the recommendation is for.
    pub credential: CredentialKind,
    /// Files larger than this are skipped (and reported).
    pub max_file_bytes: u64,
}

impl Default for ScanOptions {
    fn default() -> Self {
        ScanOptions {
            credential: CredentialKind::ServiceAccountToken,
            max_file_bytes: 2 * 1024 * 1024,
        }
    }
}

/// One request found in the code.
#[derive(Debug, Clone, Serialize)]
pub struct FoundCall {
    pub file: String,
    /// 1-based line of the call site.
    pub line: usize,
    pub method: String,
    /// How the method was determined (`from the call` or `method unknown, assumed GET`).
    pub method_source: String,
    /// The URL as resolved, unknown parts as `{}` (credentials redacted, control characters escaped).
    pub url: String,
    /// `METHOD /template` of the matched catalog operation, when one matched.
    pub operation: Option<String>,
    /// How the URL was assembled (which base, constant or helper, from where).
    pub resolution: String,
    /// `url` (the code writes the URL) or `sdk` (a client-library method, see `data/sdk-maps/`).
    pub via: String,
}

/// A call that looks like a request but could not be resolved to an operation.
#[derive(Debug, Clone, Serialize)]
pub struct UnresolvedCall {
    pub file: String,
    pub line: usize,
    pub snippet: String,
    pub reason: String,
}

/// A file or directory not scanned, and why.
#[derive(Debug, Clone, Serialize)]
pub struct Skipped {
    pub path: String,
    pub reason: String,
}

/// Everything a scan found: what `scopes scan --json` prints.
#[derive(Debug, Clone, Serialize)]
pub struct ScanReport {
    pub files_seen: usize,
    pub files_parsed: usize,
    pub calls: Vec<FoundCall>,
    pub unresolved: Vec<UnresolvedCall>,
    pub skipped: Vec<Skipped>,
    pub analysis: Analysis,
}

/// Why a scan could not run at all.
#[derive(Debug, Clone)]
pub enum ScanError {
    NotFound(PathBuf),
}

impl std::fmt::Display for ScanError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ScanError::NotFound(p) => {
                write!(f, "cannot scan {}: no such file or directory", p.display())
            }
        }
    }
}

impl std::error::Error for ScanError {}

/// Scans `paths` (files or directories).
pub fn scan(paths: &[PathBuf], options: &ScanOptions) -> Result<ScanReport, ScanError> {
    for path in paths {
        if std::fs::symlink_metadata(path).is_err() {
            return Err(ScanError::NotFound(path.clone()));
        }
    }
    let walked = walk::collect(paths, options);
    let mut found = engine::scan_files(&walked.files);
    found.calls.sort_by(|a, b| {
        a.file
            .cmp(&b.file)
            .then(a.line.cmp(&b.line))
            .then(a.url.cmp(&b.url))
    });
    found.calls.dedup_by(|a, b| {
        a.file == b.file && a.line == b.line && a.url == b.url && a.method == b.method
    });
    let analysis = scopes::analyse_requests(
        found.calls.iter().map(|c| {
            (
                c.method.as_str(),
                c.url.as_str(),
                format!("{}:{}", c.file, c.line),
            )
        }),
        options.credential,
    );
    for (call, analysed) in found.calls.iter_mut().zip(&analysis.requests) {
        call.operation = analysed.operation.clone();
    }
    let mut skipped = walked.skipped;
    skipped.extend(found.skipped);
    Ok(ScanReport {
        files_seen: walked.files_seen,
        files_parsed: found.files_parsed,
        calls: found.calls,
        unresolved: found.unresolved,
        skipped,
        analysis,
    })
}
