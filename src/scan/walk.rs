//! Pass 0 of the scan: which files to read, grouped into projects. Walks the paths with
//! ripgrep's walker (`.gitignore` honoured, symlinks not followed, so loops cannot trap it), keeps
//! source files of the languages in [`super::lang`], and skips with a stated reason what cannot
//! hold a call or would cost unbounded work: vendored directories, files over the size limit
//! (decided from metadata, so a 200 MB file is never read), binary files, minified or generated
//! files (a very long line), symbolic links.
//!
//! The prefilter is a byte search: a file is *marked* when it names an Atlassian path, host or
//! client library ([`MARKER_PATTERN`]). Code that calls paths relative to a base configured in
//! another file carries no such marker, so the prefilter is widened by project: a file that sends
//! HTTP requests at all ([`REQUEST_PATTERN`], a second byte search) is kept when its project holds
//! a marked file. A project is the nearest directory with a build manifest (`Cargo.toml`,
//! `package.json`, `go.mod`, `pom.xml`, ..., or a `.git` directory), else the scanned path. The
//! engine decides later whether a project's markers are real ([`super::engine::anchored`]), so a
//! crate that only mentions "/2.0/" in a comment does not get all of its files parsed.
//!
//! Paths and flags are held here, and the bytes of marked files up to [`HELD_TEXT_BYTES`] (the
//! walk has read them for the prefilter; the engine reuses them). Other texts are read per project
//! by [`read`], so memory follows the largest project plus that bounded hold, not the tree.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use super::lang::Language;
use super::{ScanOptions, Skipped};

/// A file to parse, with its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    pub display: String,
    pub language: Language,
    pub text: String,
}

/// A file the walk kept, not yet read.
#[derive(Debug, Clone)]
pub struct FileRef {
    pub path: PathBuf,
    pub display: String,
    pub language: Language,
    /// Names an Atlassian path, host or client library.
    pub marked: bool,
    /// A marked file's bytes as the walk read them, so [`read`] does not read it again (held
    /// within [`HELD_TEXT_BYTES`] for the whole walk; beyond that, `None` and read again).
    pub bytes: Option<Vec<u8>>,
}

/// How many bytes of marked files' text the walk holds for the engine (a tree where every file
/// is marked falls back to reading them again, so memory stays bounded).
pub const HELD_TEXT_BYTES: usize = 64 * 1024 * 1024;

/// The source files of one project that holds a marked file: marked files first, then the
/// others, which are read (and kept if they send requests) only when the project is anchored.
#[derive(Debug, Clone)]
pub struct Project {
    pub root: PathBuf,
    pub files: Vec<FileRef>,
}

/// The walk's result.
#[derive(Debug, Default)]
pub struct Walked {
    pub files_seen: usize,
    pub projects: Vec<Project>,
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

/// Files whose directory is the root of a project.
const MANIFESTS: [&str; 16] = [
    "Cargo.toml",
    "package.json",
    "pyproject.toml",
    "setup.py",
    "setup.cfg",
    "requirements.txt",
    "go.mod",
    "pom.xml",
    "build.gradle",
    "build.gradle.kts",
    "settings.gradle",
    "settings.gradle.kts",
    "Gemfile",
    "composer.json",
    "deno.json",
    "Directory.Build.props",
];

/// A line longer than this marks a minified or generated file.
const MINIFIED_LINE_BYTES: usize = 20_000;

/// Names of Atlassian paths, hosts and client libraries.
pub const MARKER_PATTERN: &str =
    r"(?i)/rest/|/wiki/|/2\.0/|api/v2|atlassian|bitbucket|jira|confluence|servicedesk";

/// Signs that a file sends HTTP requests at all. ASCII word boundaries: a Unicode `\b` makes the
/// regex engine leave its fast DFA on every non-ASCII byte.
/// `uri`/`url` catch files that only call a project's request helper with a URL they build
/// (`Invoke-WikiMethod -Uri "$BaseURI/space/$Key"`).
pub const REQUEST_PATTERN: &str = r"(?i)(?-u:\b)(requests|axios|fetch|http|curl|wget|faraday|httparty|guzzle|okhttp|reqwest|invoke-restmethod|invoke-webrequest|restclient|httpclient|session|client|uri|url)(?-u:\b)|\.(get|post|put|patch|delete|request)\s*[(<]";

fn vendored(name: &str) -> bool {
    VENDORED_DIRS.contains(&name)
}

fn is_manifest(name: &str) -> bool {
    MANIFESTS.contains(&name)
        || name.ends_with(".csproj")
        || name.ends_with(".gemspec")
        || name.ends_with(".sln")
}

fn note(skipped: &Mutex<Vec<Skipped>>, path: String, reason: String) {
    if let Ok(mut s) = skipped.lock() {
        s.push(Skipped { path, reason });
    }
}

/// Walks `paths` and returns the files worth parsing, by project.
pub fn collect(paths: &[PathBuf], options: &ScanOptions) -> Walked {
    let Some((first, rest)) = paths.split_first() else {
        return Walked::default();
    };
    let Ok(markers) = regex::bytes::Regex::new(MARKER_PATTERN) else {
        return Walked::default();
    };
    let mut builder = ignore::WalkBuilder::new(first);
    for path in rest {
        builder.add(path);
    }
    builder.require_git(false).follow_links(false);
    let skipped: std::sync::Arc<Mutex<Vec<Skipped>>> = std::sync::Arc::new(Mutex::new(Vec::new()));
    let manifest_dirs: std::sync::Arc<Mutex<HashSet<PathBuf>>> =
        std::sync::Arc::new(Mutex::new(HashSet::new()));
    {
        let skipped = std::sync::Arc::clone(&skipped);
        let manifest_dirs = std::sync::Arc::clone(&manifest_dirs);
        builder.filter_entry(move |entry| {
            let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
            if is_dir && entry.depth() > 0 {
                let name = entry.file_name().to_string_lossy();
                if name == ".git" {
                    if let (Some(parent), Ok(mut m)) = (entry.path().parent(), manifest_dirs.lock())
                    {
                        m.insert(parent.to_path_buf());
                    }
                    return false;
                }
                if vendored(&name) {
                    note(
                        &skipped,
                        entry.path().display().to_string(),
                        "vendored or generated directory".to_string(),
                    );
                    return false;
                }
            }
            true
        });
    }
    let kept: Mutex<Vec<FileRef>> = Mutex::new(Vec::new());
    let seen = AtomicUsize::new(0);
    let binary = AtomicUsize::new(0);
    let links = AtomicUsize::new(0);
    let held_bytes = AtomicUsize::new(0);
    builder.build_parallel().run(|| {
        let (skipped, manifest_dirs, kept) = (&skipped, &manifest_dirs, &kept);
        let held_bytes = &held_bytes;
        let markers = &markers;
        let (seen, binary, links) = (&seen, &binary, &links);
        Box::new(move |entry| {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    note(skipped, String::new(), format!("cannot walk: {e}"));
                    return ignore::WalkState::Continue;
                }
            };
            let Some(file_type) = entry.file_type() else {
                return ignore::WalkState::Continue;
            };
            if file_type.is_symlink() {
                links.fetch_add(1, Ordering::Relaxed);
                return ignore::WalkState::Continue;
            }
            if !file_type.is_file() {
                return ignore::WalkState::Continue;
            }
            let path = entry.path();
            if is_manifest(&entry.file_name().to_string_lossy()) {
                if let (Some(parent), Ok(mut m)) = (path.parent(), manifest_dirs.lock()) {
                    m.insert(parent.to_path_buf());
                }
            }
            let Some(language) = Language::of_path(path) else {
                return ignore::WalkState::Continue;
            };
            seen.fetch_add(1, Ordering::Relaxed);
            let display = path.display().to_string();
            match entry.metadata() {
                Ok(m) if m.len() > options.max_file_bytes => {
                    note(
                        skipped,
                        display,
                        format!(
                            "larger than {} bytes ({} bytes)",
                            options.max_file_bytes,
                            m.len()
                        ),
                    );
                    return ignore::WalkState::Continue;
                }
                Ok(_) => {}
                Err(e) => {
                    note(skipped, display, format!("unreadable: {e}"));
                    return ignore::WalkState::Continue;
                }
            }
            let bytes = match std::fs::read(path) {
                Ok(b) => b,
                Err(e) => {
                    note(skipped, display, format!("unreadable: {e}"));
                    return ignore::WalkState::Continue;
                }
            };
            if bytes.iter().take(8192).any(|&b| b == 0) {
                binary.fetch_add(1, Ordering::Relaxed);
                return ignore::WalkState::Continue;
            }
            let marked = markers.is_match(&bytes);
            let held = (marked
                && held_bytes.fetch_add(bytes.len(), Ordering::Relaxed) + bytes.len()
                    <= HELD_TEXT_BYTES)
                .then_some(bytes);
            if let Ok(mut k) = kept.lock() {
                k.push(FileRef {
                    path: path.to_path_buf(),
                    display,
                    language,
                    marked,
                    bytes: held,
                });
            }
            ignore::WalkState::Continue
        })
    });
    let kept = kept.into_inner().unwrap_or_default();
    let manifest_dirs = manifest_dirs.lock().map(|m| m.clone()).unwrap_or_default();
    let mut skipped = skipped.lock().map(|s| s.clone()).unwrap_or_default();
    let binary = binary.into_inner();
    if binary > 0 {
        skipped.push(Skipped {
            path: format!("{binary} file(s)"),
            reason: "binary (a NUL byte in the first 8 KiB)".to_string(),
        });
    }
    let links = links.into_inner();
    if links > 0 {
        skipped.push(Skipped {
            path: format!("{links} symbolic link(s)"),
            reason: "not followed (a link can point outside the tree or into a loop)".to_string(),
        });
    }
    skipped.sort_by(|a, b| a.path.cmp(&b.path));
    Walked {
        files_seen: seen.into_inner(),
        projects: group(kept, &manifest_dirs, paths),
        skipped,
    }
}

/// The project a file belongs to: its nearest ancestor with a manifest, else the scanned path
/// it was found under (or, for a file given directly, its directory).
fn project_root(file: &Path, manifest_dirs: &HashSet<PathBuf>, roots: &[PathBuf]) -> PathBuf {
    for dir in file.ancestors().skip(1) {
        if manifest_dirs.contains(dir) {
            return dir.to_path_buf();
        }
        if roots.iter().any(|r| r == dir) {
            return dir.to_path_buf();
        }
    }
    file.parent().map(Path::to_path_buf).unwrap_or_default()
}

/// Groups the kept files by project and drops the projects without a marked file.
fn group(kept: Vec<FileRef>, manifest_dirs: &HashSet<PathBuf>, roots: &[PathBuf]) -> Vec<Project> {
    let mut by_root: HashMap<PathBuf, (bool, Vec<FileRef>)> = HashMap::new();
    for file in kept {
        let root = project_root(&file.path, manifest_dirs, roots);
        let entry = by_root.entry(root).or_default();
        entry.0 |= file.marked;
        entry.1.push(file);
    }
    let mut projects: Vec<Project> = by_root
        .into_iter()
        .filter(|(_, (marked, _))| *marked)
        .map(|(root, (_, mut files))| {
            files.sort_by(|a, b| b.marked.cmp(&a.marked).then(a.display.cmp(&b.display)));
            Project { root, files }
        })
        .collect();
    projects.sort_by(|a, b| a.root.cmp(&b.root));
    projects
}

fn request_re() -> Option<&'static regex::bytes::Regex> {
    static RE: std::sync::OnceLock<Option<regex::bytes::Regex>> = std::sync::OnceLock::new();
    RE.get_or_init(|| regex::bytes::Regex::new(REQUEST_PATTERN).ok())
        .as_ref()
}

/// Reads a kept file for parsing (the walk checked its size and that it is text). A file that
/// is not marked is only worth parsing when it sends requests at all: `Ok(None)` otherwise. A
/// minified or generated file is skipped with its reason.
pub fn read(file: FileRef) -> Result<Option<SourceFile>, Skipped> {
    let bytes = match file.bytes {
        Some(b) => b,
        None => std::fs::read(&file.path).map_err(|e| Skipped {
            path: file.display.clone(),
            reason: format!("unreadable: {e}"),
        })?,
    };
    if !file.marked && !request_re().is_some_and(|re| re.is_match(&bytes)) {
        return Ok(None);
    }
    if bytes
        .split(|&b| b == b'\n')
        .any(|line| line.len() > MINIFIED_LINE_BYTES)
    {
        return Err(Skipped {
            path: file.display.clone(),
            reason: format!(
                "minified or generated (a line longer than {MINIFIED_LINE_BYTES} bytes)"
            ),
        });
    }
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    };
    Ok(Some(SourceFile {
        path: file.path,
        display: file.display,
        language: file.language,
        text,
    }))
}
