//! `token-warden scopes scan`: finds the Atlassian REST operations a source tree calls, with
//! file:line evidence, the HTTP method and how each URL was resolved (issue 11).
//!
//! Native only. The passes:
//! 0. [`walk`] lists the files (ripgrep's `.gitignore`-aware walker), skips what cannot hold a
//!    call (binary, too large, minified, vendored, symbolic links) and says why, applies a cheap
//!    byte prefilter and groups the kept files by project (nearest build manifest);
//! 1. per project, in parallel, [`engine`] parses the marked files with their tree-sitter
//!    grammars, adds the project's request-sending files when a marked file names Atlassian
//!    outside comments, and collects the project's constants, bases and helpers;
//! 2. it then resolves each call site's URL and method. Lookups never cross a project, so the
//!    work per lookup follows the project's size, and a project's texts and trees are dropped
//!    when it is done.
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
    /// How many of `calls` have a method that could not be determined (reported as GET with
    /// `method_source` saying so): a write among them would need scopes the recommendation lacks.
    pub methods_unknown: usize,
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
    let started = std::time::Instant::now();
    let walked = walk::collect(paths, options);
    if std::env::var_os("TW_SCAN_PROFILE").is_some() {
        eprintln!(
            "walk {:.1} ms, {} projects",
            started.elapsed().as_secs_f64() * 1e3,
            walked.projects.len()
        );
    }
    let mut skipped = walked.skipped;
    let (files_seen, projects) = (walked.files_seen, walked.projects);
    let mut found = scan_projects(projects);
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
    found
        .unresolved
        .sort_by(|a, b| a.file.cmp(&b.file).then(a.line.cmp(&b.line)));
    found.skipped.sort_by(|a, b| a.path.cmp(&b.path));
    skipped.extend(found.skipped);
    let methods_unknown = found
        .calls
        .iter()
        .filter(|c| c.method_source == engine::METHOD_UNKNOWN)
        .count();
    Ok(ScanReport {
        files_seen,
        files_parsed: found.files_parsed,
        methods_unknown,
        calls: found.calls,
        unresolved: found.unresolved,
        skipped,
        analysis,
    })
}

/// Runs the engine per project, projects in parallel (one thread each) or, for a single
/// project, with every thread on its files. Each project's texts and trees are dropped when it
/// is done, so memory follows the largest project.
fn scan_projects(projects: Vec<walk::Project>) -> engine::EngineResult {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .clamp(1, projects.len().max(1));
    let inner = if projects.len() == 1 {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2)
    } else {
        1
    };
    // Each project is taken by the thread that scans it (its held texts move, not copied).
    let projects: Vec<std::sync::Mutex<Option<walk::Project>>> = projects
        .into_iter()
        .map(|p| std::sync::Mutex::new(Some(p)))
        .collect();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(slot) = projects.get(i) else {
                    break;
                };
                let Some(project) = slot.lock().ok().and_then(|mut p| p.take()) else {
                    continue;
                };
                let result = scan_project(project, inner);
                if let Ok(mut r) = results.lock() {
                    r.push(result);
                }
            });
        }
    });
    let mut all = engine::EngineResult::default();
    for r in results.into_inner().unwrap_or_default() {
        all.calls.extend(r.calls);
        all.unresolved.extend(r.unresolved);
        all.skipped.extend(r.skipped);
        all.files_parsed += r.files_parsed;
    }
    all
}

/// One project: its marked files, and when one of them names Atlassian outside comments
/// ([`engine::anchored`]), its request-sending files too. A project whose markers are only
/// generic paths or comments (`/2.0/` in a licence link) is not an integration: nothing is parsed.
fn scan_project(project: walk::Project, threads: usize) -> engine::EngineResult {
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    let mut read = |file: walk::FileRef, files: &mut Vec<walk::SourceFile>| match walk::read(file) {
        Ok(Some(f)) => files.push(f),
        Ok(None) => {}
        Err(s) => skipped.push(s),
    };
    let root = project.root;
    let (marked, unmarked): (Vec<walk::FileRef>, Vec<walk::FileRef>) =
        project.files.into_iter().partition(|f| f.marked);
    for file in marked {
        read(file, &mut files);
    }
    // Marked files are parsed until one is anchored; those trees are reused by the engine.
    let mut trees = Vec::new();
    let mut is_anchored = false;
    for file in &files {
        let (anchored, tree) = engine::anchored(file);
        trees.push(tree);
        if anchored {
            is_anchored = true;
            break;
        }
    }
    if !is_anchored {
        return engine::EngineResult::default();
    }
    for file in unmarked {
        read(file, &mut files);
    }
    let started = std::time::Instant::now();
    let count = files.len();
    let mut result = engine::scan_files(&files, trees, threads);
    if std::env::var_os("TW_SCAN_PROFILE").is_some() {
        eprintln!(
            "{:>8.1} ms {:>5} files {}",
            started.elapsed().as_secs_f64() * 1e3,
            count,
            root.display()
        );
    }
    result.skipped.extend(skipped);
    result
}
