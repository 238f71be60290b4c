//! A temporary file of API tokens (JSON lines) for the streaming audit: tokens read before the
//! users listing is complete wait here, on disk instead of in memory, until they can be judged.
//! Holds token metadata only (ids, labels, owners, dates, scopes): a token's value is never in
//! the API's answers, and the admin key never reaches this file. Created `0600`, removed on drop.
//!
//! Written by hand (not the `tempfile` crate): one file, create-new, remove on drop is all it needs.
//!
//! With `--checkpoint` the same type is the checkpoint's token journal
//! ([`TokenSpool::journal`]): every page is appended and kept (not removed on drop, not cut when
//! drained), so a resumed run can judge the tokens of the interrupted one again.

use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, BufReader, BufWriter, Seek, SeekFrom, Write};
use std::path::PathBuf;

use super::ApiToken;

/// Tokens read per batch when the spool is drained.
const DRAIN_BATCH: usize = 1000;

/// The spool file.
pub struct TokenSpool {
    path: PathBuf,
    writer: BufWriter<File>,
    spooled: u64,
    error: Option<io::Error>,
    /// A checkpoint's journal: kept on drop, never cut; `judged` marks what was handed out.
    journal: bool,
    /// Byte offset up to which tokens were handed to a judge.
    judged: u64,
}

impl TokenSpool {
    /// A new, empty spool in the system's temporary directory.
    pub fn new() -> io::Result<TokenSpool> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default()
            .as_nanos();
        let path = std::env::temp_dir().join(format!(
            "token-warden-audit-{}-{nanos}.jsonl",
            std::process::id()
        ));
        let mut options = OpenOptions::new();
        options.read(true).write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt as _;
            options.mode(0o600);
        }
        let file = options.open(&path)?;
        Ok(TokenSpool {
            path,
            writer: BufWriter::new(file),
            spooled: 0,
            error: None,
            journal: false,
            judged: 0,
        })
    }

    /// The checkpoint's journal at `path` (created `0600` by the checkpoint): cut back to its first
    /// `committed` bytes, which hold `tokens` tokens not handed to a judge yet in this run.
    pub fn journal(path: &std::path::Path, committed: u64, tokens: u64) -> io::Result<TokenSpool> {
        let mut file = OpenOptions::new().read(true).write(true).open(path)?;
        // What a killed run wrote after its last committed page: that page is read again.
        file.set_len(committed)?;
        file.seek(SeekFrom::End(0))?;
        Ok(TokenSpool {
            path: path.to_path_buf(),
            writer: BufWriter::new(file),
            spooled: tokens,
            error: None,
            journal: true,
            judged: 0,
        })
    }

    /// Bytes written so far (flushed first, so a checkpoint that records this length is true).
    pub fn written_bytes(&mut self) -> io::Result<u64> {
        self.writer.flush()?;
        self.writer.get_mut().stream_position()
    }

    /// Marks everything pushed so far as handed to a judge (the caller judged those tokens
    /// itself, from memory).
    pub fn mark_judged(&mut self) {
        match self.written_bytes() {
            Ok(end) => self.judged = end,
            Err(err) => {
                self.error.get_or_insert(err);
            }
        }
        self.spooled = 0;
    }

    /// Appends a page of tokens. A write error is kept (see [`TokenSpool::error`]): the tokens
    /// concerned are then missing, and the audit says so.
    pub fn push(&mut self, tokens: &[ApiToken]) {
        for token in tokens {
            let written = serde_json::to_writer(&mut self.writer, token)
                .map_err(io::Error::other)
                .and_then(|()| self.writer.write_all(b"\n"));
            match written {
                Ok(()) => self.spooled += 1,
                Err(err) => {
                    self.error.get_or_insert(err);
                }
            }
        }
    }

    /// The first error met, if any.
    pub fn error(&self) -> Option<&io::Error> {
        self.error.as_ref()
    }

    /// Hands every spooled token to `judge`, in the order spooled, in batches of
    /// [`DRAIN_BATCH`] (only one batch is in memory at a time); the spool is empty afterwards.
    pub fn drain(&mut self, judge: &mut dyn FnMut(Vec<ApiToken>)) {
        if self.spooled == 0 {
            return;
        }
        let journal = self.journal;
        let from = self.judged;
        let result = (|| -> io::Result<u64> {
            self.writer.flush()?;
            let file = self.writer.get_mut();
            file.seek(SeekFrom::Start(from))?;
            let mut batch = Vec::with_capacity(DRAIN_BATCH);
            for line in BufReader::new(&*file).lines() {
                let token: ApiToken = serde_json::from_str(&line?).map_err(io::Error::other)?;
                batch.push(token);
                if batch.len() == DRAIN_BATCH {
                    judge(std::mem::take(&mut batch));
                }
            }
            if !batch.is_empty() {
                judge(batch);
            }
            let file = self.writer.get_mut();
            if journal {
                // Kept for a resumed run; appending goes on at the end.
                return file.seek(SeekFrom::End(0));
            }
            file.set_len(0)?;
            file.seek(SeekFrom::Start(0))
        })();
        match result {
            Ok(end) => self.judged = end,
            Err(err) => {
                self.error.get_or_insert(err);
            }
        }
        self.spooled = 0;
    }
}

impl Drop for TokenSpool {
    fn drop(&mut self) {
        if self.journal {
            let _ = self.writer.flush();
            return;
        }
        let _ = std::fs::remove_file(&self.path);
    }
}

/// A temporary file of JSON values, one a line, copied out once at the end (the streaming JSON
/// report's migration plan, which follows the findings array). Created `0600`, removed on drop.
pub struct LineSpool {
    inner: TokenSpool,
}

impl LineSpool {
    pub fn new() -> io::Result<LineSpool> {
        Ok(LineSpool {
            inner: TokenSpool::new()?,
        })
    }

    /// Appends one value.
    pub fn push<T: serde::Serialize>(&mut self, value: &T) -> io::Result<()> {
        serde_json::to_writer(&mut self.inner.writer, value).map_err(io::Error::other)?;
        self.inner.writer.write_all(b"\n")?;
        self.inner.spooled += 1;
        Ok(())
    }

    /// Appends one line of text (it must hold no newline: the HTML report's rows).
    pub fn push_line(&mut self, line: &str) -> io::Result<()> {
        self.inner.writer.write_all(line.as_bytes())?;
        self.inner.writer.write_all(b"\n")?;
        self.inner.spooled += 1;
        Ok(())
    }

    /// How many values were pushed.
    pub fn len(&self) -> u64 {
        self.inner.spooled
    }

    /// Whether nothing was pushed.
    pub fn is_empty(&self) -> bool {
        self.inner.spooled == 0
    }

    /// Writes the values to `out`, separated by `separator`.
    pub fn copy_to(&mut self, out: &mut dyn Write, separator: &[u8]) -> io::Result<()> {
        self.inner.writer.flush()?;
        let file = self.inner.writer.get_mut();
        file.seek(SeekFrom::Start(0))?;
        for (i, line) in BufReader::new(&*file).lines().enumerate() {
            if i > 0 {
                out.write_all(separator)?;
            }
            out.write_all(line?.as_bytes())?;
        }
        Ok(())
    }
}
