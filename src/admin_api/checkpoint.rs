//! `--checkpoint FILE`: the token listing's progress on disk, so an interrupted audit (Ctrl-C, a
//! crash, a kill, a lost network, a partial run) continues where it stopped with no token lost or
//! counted twice.
//!
//! Two files, both created `0600`:
//! * `FILE`, the state (JSON): org, API base and page size of the run (a checkpoint of another
//!   audit is refused), and for the token listing: pages and tokens read, the count endpoint's
//!   total, the URL of the next page, whether the listing ended (and why, if it had to stop), and
//!   how many bytes of the journal belong to those pages. Rewritten after every page through a
//!   temporary file and `rename`, so a kill leaves either the old state or the new one, never a
//!   torn one.
//! * `FILE.tokens.jsonl`, the journal: the token records read so far (ids, labels, owners, dates,
//!   scopes: what the listing returns; the API never returns a token's value, so none can be
//!   stored). Bytes past the state's `journal_bytes` (a page written but not committed before a
//!   kill) are cut off on resume, and that page is read again.
//!
//! The admin key is never written: it only ever becomes the `Authorization` header.
//!
//! Output on resume: the resumed run writes the **whole** report again (a shell redirect has
//! truncated the first run's output anyway): the journal's tokens are judged again, together with
//! the users and service accounts, which are re-read (statuses may have changed since, and they
//! are small next to the tokens). Each token is judged exactly once per run. After a complete run
//! both files are removed, so the next scheduled run starts afresh; after a partial or killed run
//! they stay.

use std::fs::{File, OpenOptions};
use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::error::AdminApiError;

/// Bumped when the state's meaning changes; an older file is refused, not misread.
const FORMAT: u32 = 1;

/// Where the token listing stands.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenProgress {
    /// Pages read and journaled.
    pub pages: u64,
    /// Tokens read and journaled (the journal holds exactly these, in order).
    pub read: u64,
    /// What `…/api-tokens/count` said on the first run.
    pub expected: Option<u64>,
    /// The next page's URL; `None` before the first page and after the last.
    pub next: Option<String>,
    /// Paging is over: the last page was read, or paging had to stop after a page (`stopped`).
    pub ended: bool,
    /// Why paging stopped after a page (a repeating cursor, a foreign link, past the count); the
    /// resumed run reports it as missing again instead of calling the audit complete.
    pub stopped: Option<String>,
    /// Bytes of the journal that hold the `read` tokens.
    pub journal_bytes: u64,
}

/// The state file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct State {
    format: u32,
    org: String,
    api_base: String,
    page_size: u32,
    tokens: TokenProgress,
}

/// An open checkpoint.
#[derive(Debug)]
pub struct Checkpoint {
    path: PathBuf,
    journal: PathBuf,
    state: State,
    /// Whether the state was read from an earlier run.
    resumed: bool,
}

fn io_error(path: &Path, err: impl std::fmt::Display) -> AdminApiError {
    AdminApiError::BadInput {
        what: format!("--checkpoint {}: {err}", path.display()),
    }
}

/// Creates `path` afresh for writing, `0600`: whatever was there (a torn temporary file, or a
/// link planted to make us write elsewhere) is removed first, and the file is created new.
fn create_private(path: &Path) -> std::io::Result<File> {
    match std::fs::remove_file(path) {
        Err(err) if err.kind() != std::io::ErrorKind::NotFound => return Err(err),
        _ => {}
    }
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    options.open(path)
}

impl Checkpoint {
    /// Opens the checkpoint at `path` for this org, API base and page size: the state of an
    /// earlier run when the file exists (a checkpoint of another audit is refused), else a new,
    /// empty one (both files are created at once). The journal is cut back to what the state
    /// commits.
    pub fn open(
        path: &Path,
        org: &str,
        api_base: &str,
        page_size: u32,
    ) -> Result<Checkpoint, AdminApiError> {
        let journal = journal_path(path);
        let fresh = State {
            format: FORMAT,
            org: org.to_string(),
            api_base: api_base.to_string(),
            page_size,
            tokens: TokenProgress::default(),
        };
        // A state file is a few hundred bytes; anything far larger is not one of ours.
        let existing = match std::fs::metadata(path) {
            Ok(meta) if meta.len() > 1 << 20 => {
                return Err(io_error(
                    path,
                    "too large to be a checkpoint; use another file",
                ))
            }
            Ok(_) => Some(std::fs::read(path).map_err(|err| io_error(path, err))?),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => None,
            Err(err) => return Err(io_error(path, err)),
        };
        let Some(bytes) = existing else {
            let checkpoint = Checkpoint {
                path: path.to_path_buf(),
                journal: journal.clone(),
                state: fresh,
                resumed: false,
            };
            create_private(&journal).map_err(|err| io_error(&journal, err))?;
            checkpoint.commit()?;
            return Ok(checkpoint);
        };
        let state: State = serde_json::from_slice(&bytes).map_err(|err| {
            io_error(
                path,
                format!("not a checkpoint of this version ({err}); delete it to start afresh"),
            )
        })?;
        if state.format != FORMAT
            || state.org != org
            || state.api_base != api_base
            || state.page_size != page_size
        {
            return Err(io_error(
                path,
                format!(
                    "it records another audit (org {:?} at {:?}, page size {}, format {}); use \
                     another file, or delete it to start afresh",
                    state.org, state.api_base, state.page_size, state.format
                ),
            ));
        }
        let journal_len = std::fs::metadata(&journal)
            .map_err(|err| io_error(&journal, err))?
            .len();
        if journal_len < state.tokens.journal_bytes {
            return Err(io_error(
                &journal,
                format!(
                    "holds {journal_len} bytes, the checkpoint records {}: it was cut or \
                     replaced; delete both files to start afresh",
                    state.tokens.journal_bytes
                ),
            ));
        }
        Ok(Checkpoint {
            path: path.to_path_buf(),
            journal,
            state,
            resumed: true,
        })
    }

    /// The journal's path (`FILE.tokens.jsonl`).
    pub fn journal_path(&self) -> &Path {
        &self.journal
    }

    /// The state file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether this continues an earlier run.
    pub fn is_resumed(&self) -> bool {
        self.resumed
    }

    /// Where the token listing stands.
    pub fn tokens(&self) -> &TokenProgress {
        &self.state.tokens
    }

    /// Records the count endpoint's answer (first run only).
    pub fn set_expected(&mut self, expected: Option<u64>) -> Result<(), AdminApiError> {
        self.state.tokens.expected = expected;
        self.commit()
    }

    /// Records one page: `items` more tokens, journaled up to `journal_bytes`, and the URL of the
    /// next page (`None`: paging is over).
    pub fn record_page(
        &mut self,
        items: u64,
        next: Option<&str>,
        journal_bytes: u64,
    ) -> Result<(), AdminApiError> {
        let tokens = &mut self.state.tokens;
        tokens.pages += 1;
        tokens.read += items;
        tokens.next = next.map(str::to_string);
        tokens.ended = next.is_none();
        tokens.journal_bytes = journal_bytes;
        self.commit()
    }

    /// Records why paging stopped after its last page (only when it ended there: a request that
    /// failed leaves `next` in place, and the resumed run tries it again).
    pub fn record_stop(&mut self, why: &str) -> Result<(), AdminApiError> {
        if !self.state.tokens.ended {
            return Ok(());
        }
        self.state.tokens.stopped = Some(why.to_string());
        self.commit()
    }

    /// Writes the state: to a temporary file beside it, then `rename` over the old one (atomic on
    /// one file system), so a kill at any moment leaves a whole state file.
    fn commit(&self) -> Result<(), AdminApiError> {
        let mut temporary = self.path.clone().into_os_string();
        temporary.push(".tmp");
        let temporary = PathBuf::from(temporary);
        let text =
            serde_json::to_vec_pretty(&self.state).map_err(|err| io_error(&self.path, err))?;
        let written = create_private(&temporary)
            .and_then(|mut file| file.write_all(&text).and_then(|()| file.flush()));
        written.map_err(|err| io_error(&temporary, err))?;
        std::fs::rename(&temporary, &self.path).map_err(|err| io_error(&self.path, err))
    }

    /// Removes both files (after a complete run: the next run starts afresh).
    pub fn remove(self) -> std::io::Result<()> {
        std::fs::remove_file(&self.journal)?;
        std::fs::remove_file(&self.path)
    }
}

/// `FILE.tokens.jsonl`.
fn journal_path(path: &Path) -> PathBuf {
    let mut journal = path.as_os_str().to_os_string();
    journal.push(".tokens.jsonl");
    PathBuf::from(journal)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("tw-checkpoint-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn a_checkpoint_round_trips_and_refuses_another_audit() {
        let dir = dir("roundtrip");
        let path = dir.join("audit.checkpoint");
        let mut checkpoint = Checkpoint::open(&path, "org-1", "http://127.0.0.1:1", 100).unwrap();
        assert!(!checkpoint.is_resumed());
        std::fs::write(checkpoint.journal_path(), b"{\"id\":1}\n{\"id\":2}\n").unwrap();
        checkpoint.set_expected(Some(250)).unwrap();
        checkpoint
            .record_page(2, Some("http://127.0.0.1:1/x?cursor=a"), 18)
            .unwrap();
        drop(checkpoint);

        let again = Checkpoint::open(&path, "org-1", "http://127.0.0.1:1", 100).unwrap();
        assert!(again.is_resumed());
        assert_eq!(
            again.tokens(),
            &TokenProgress {
                pages: 1,
                read: 2,
                expected: Some(250),
                next: Some("http://127.0.0.1:1/x?cursor=a".to_string()),
                ended: false,
                stopped: None,
                journal_bytes: 18,
            }
        );
        for (org, base, size) in [
            ("org-2", "http://127.0.0.1:1", 100),
            ("org-1", "http://127.0.0.1:2", 100),
            ("org-1", "http://127.0.0.1:1", 50),
        ] {
            let err = Checkpoint::open(&path, org, base, size).unwrap_err();
            assert!(err.to_string().contains("another audit"), "{err}");
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            for file in [&path, &journal_path(&path)] {
                let mode = std::fs::metadata(file).unwrap().permissions().mode();
                assert_eq!(mode & 0o777, 0o600, "{}", file.display());
            }
        }
        again.remove().unwrap();
        assert!(!path.exists());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_cut_journal_or_a_foreign_file_is_refused() {
        let dir = dir("cut");
        let path = dir.join("audit.checkpoint");
        let mut checkpoint = Checkpoint::open(&path, "org-1", "http://127.0.0.1:1", 100).unwrap();
        checkpoint.record_page(3, None, 300).unwrap();
        let err = Checkpoint::open(&path, "org-1", "http://127.0.0.1:1", 100).unwrap_err();
        assert!(err.to_string().contains("was cut or replaced"), "{err}");
        std::fs::write(&path, b"not json").unwrap();
        let err = Checkpoint::open(&path, "org-1", "http://127.0.0.1:1", 100).unwrap_err();
        assert!(err.to_string().contains("delete it"), "{err}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
