//! Pass 0 of the scan: which files to read. Walks the paths with ripgrep's walker (`.gitignore`
//! honoured, symlinks not followed, so loops cannot trap it), keeps source files of the languages
//! in [`super::lang`], and skips with a stated reason what cannot hold a call or would cost
//! unbounded work: vendored directories, files over the size limit (decided from metadata, so a
//! 200 MB file is never read), binary files, minified or generated files (a very long line).
//!
//! The prefilter is a byte search: a file is a candidate when it names an Atlassian path, host or
//! client library. Code that calls paths relative to a base configured in another file carries no
//! such marker, so the prefilter is widened: a file that issues HTTP requests at all (a second
//! byte search) is also a candidate when a candidate file lives in the same project (the same
//! directory or one of its ancestors up to three levels).

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::lang::Language;
use super::{ScanOptions, Skipped};

/// A file to parse.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    pub display: String,
    pub language: Language,
    pub text: String,
}

/// The walk's result.
#[derive(Debug, Default)]
pub struct Walked {
    pub files_seen: usize,
    pub files: Vec<SourceFile>,
    pub skipped: Vec<Skipped>,
}

/// Directory names holding third-party or generated code.
pub const VENDORED_DIRS: [&str; 11] = [
    "node_modules",
    "vendor",
    "third_party",
    "bower_components",
    "site-packages",
    ".venv",
    "venv",
    "dist",
    ".git",
    "__pycache__",
    "target",
];

/// A line longer than this marks a minified or generated file.
const MINIFIED_LINE_BYTES: usize = 20_000;

/// Names of Atlassian paths, hosts and client libraries.
pub const MARKER_PATTERN: &str =
    r"(?i)/rest/|/wiki/|/2\.0/|api/v2|atlassian|bitbucket|jira|confluence|servicedesk";

/// Signs that a file sends HTTP requests at all.
pub const REQUEST_PATTERN: &str = r"(?i)\b(requests|axios|fetch|http|curl|wget|faraday|httparty|guzzle|okhttp|reqwest|invoke-restmethod|invoke-webrequest|restclient|httpclient|session|client)\b|\.(get|post|put|patch|delete|request)\s*[(<]";

fn vendored(name: &str) -> bool {
    VENDORED_DIRS.contains(&name)
}

struct Candidate {
    file: SourceFile,
    marked: bool,
}

/// Walks `paths` and returns the files worth parsing.
pub fn collect(paths: &[PathBuf], options: &ScanOptions) -> Walked {
    let Some((first, rest)) = paths.split_first() else {
        return Walked::default();
    };
    let (Ok(markers), Ok(requests)) = (
        regex::bytes::Regex::new(MARKER_PATTERN),
        regex::bytes::Regex::new(REQUEST_PATTERN),
    ) else {
        return Walked::default();
    };
    let mut builder = ignore::WalkBuilder::new(first);
    for path in rest {
        builder.add(path);
    }
    builder.require_git(false).follow_links(false);
    let skipped: std::sync::Arc<Mutex<Vec<Skipped>>> = std::sync::Arc::new(Mutex::new(Vec::new()));
    let candidates: Mutex<Vec<Candidate>> = Mutex::new(Vec::new());
    let seen = std::sync::atomic::AtomicUsize::new(0);
    let binary = std::sync::atomic::AtomicUsize::new(0);
    {
        let skipped_ref = std::sync::Arc::clone(&skipped);
        builder.filter_entry(move |entry| {
            let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
            if is_dir && entry.depth() > 0 {
                let name = entry.file_name().to_string_lossy();
                if vendored(&name) {
                    if name != ".git" {
                        if let Ok(mut s) = skipped_ref.lock() {
                            s.push(Skipped {
                                path: entry.path().display().to_string(),
                                reason: "vendored or generated directory".to_string(),
                            });
                        }
                    }
                    return false;
                }
            }
            true
        });
    }
    // `filter_entry` needs 'static; the closure above borrows, so build the walker now.
    let walker = builder.build_parallel();
    walker.run(|| {
        let skipped = &skipped;
        let candidates = &candidates;
        let markers = &markers;
        let requests = &requests;
        let seen = &seen;
        let binary = &binary;
        Box::new(move |entry| {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    if let Ok(mut s) = skipped.lock() {
                        s.push(Skipped {
                            path: String::new(),
                            reason: format!("cannot walk: {e}"),
                        });
                    }
                    return ignore::WalkState::Continue;
                }
            };
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                return ignore::WalkState::Continue;
            }
            let path = entry.path();
            let Some(language) = Language::of_path(path) else {
                return ignore::WalkState::Continue;
            };
            seen.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let display = path.display().to_string();
            let skip = |reason: String| {
                if let Ok(mut s) = skipped.lock() {
                    s.push(Skipped {
                        path: display.clone(),
                        reason,
                    });
                }
            };
            match entry.metadata() {
                Ok(m) if m.len() > options.max_file_bytes => {
                    skip(format!(
                        "larger than {} bytes ({} bytes)",
                        options.max_file_bytes,
                        m.len()
                    ));
                    return ignore::WalkState::Continue;
                }
                Ok(_) => {}
                Err(e) => {
                    skip(format!("unreadable: {e}"));
                    return ignore::WalkState::Continue;
                }
            }
            let bytes = match std::fs::read(path) {
                Ok(b) => b,
                Err(e) => {
                    skip(format!("unreadable: {e}"));
                    return ignore::WalkState::Continue;
                }
            };
            if bytes.iter().take(8192).any(|&b| b == 0) {
                binary.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                return ignore::WalkState::Continue;
            }
            let marked = markers.is_match(&bytes);
            if !marked && !requests.is_match(&bytes) {
                return ignore::WalkState::Continue;
            }
            if bytes
                .split(|&b| b == b'\n')
                .any(|line| line.len() > MINIFIED_LINE_BYTES)
            {
                skip(format!(
                    "minified or generated (a line longer than {MINIFIED_LINE_BYTES} bytes)"
                ));
                return ignore::WalkState::Continue;
            }
            let text = match String::from_utf8(bytes) {
                Ok(t) => t,
                Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
            };
            if let Ok(mut c) = candidates.lock() {
                c.push(Candidate {
                    file: SourceFile {
                        path: path.to_path_buf(),
                        display,
                        language,
                        text,
                    },
                    marked,
                });
            }
            ignore::WalkState::Continue
        })
    });
    let candidates = candidates.into_inner().unwrap_or_default();
    let mut skipped = skipped.lock().map(|s| s.clone()).unwrap_or_default();
    let binary = binary.into_inner();
    if binary > 0 {
        skipped.push(Skipped {
            path: format!("{binary} file(s)"),
            reason: "binary (a NUL byte in the first 8 KiB)".to_string(),
        });
    }
    let project_dirs: Vec<PathBuf> = candidates
        .iter()
        .filter(|c| c.marked)
        .filter_map(|c| c.file.path.parent().map(Path::to_path_buf))
        .collect();
    // Same project: a marked file in the same directory, the parent directory's tree, or an
    // ancestor up to three levels up.
    let in_project = |path: &Path| {
        let mut ancestors = path.ancestors().skip(1);
        let near: Vec<&Path> = ancestors.by_ref().take(2).collect();
        let far: Vec<&Path> = ancestors.take(2).collect();
        project_dirs
            .iter()
            .any(|d| near.iter().any(|a| d.starts_with(a)) || far.iter().any(|a| d == a))
    };
    let mut files: Vec<SourceFile> = candidates
        .into_iter()
        .filter(|c| c.marked || in_project(&c.file.path))
        .map(|c| c.file)
        .collect();
    files.sort_by(|a, b| a.display.cmp(&b.display));
    skipped.sort_by(|a, b| a.path.cmp(&b.path));
    Walked {
        files_seen: seen.into_inner(),
        files,
        skipped,
    }
}
