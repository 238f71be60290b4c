//! A temporary file of API tokens (JSON lines) for the streaming audit: tokens read before the
//! users listing is complete wait here, on disk instead of in memory, until they can be judged.
//! Holds token metadata only (ids, labels, owners, dates, scopes): a token's value is never in
//! the API's answers, and the admin key never reaches this file. Created `0600`, removed on drop.
//!
//! Written by hand (not the `tempfile` crate): one file, create-new, remove on drop is all it needs.

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
        })
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
        let result = (|| -> io::Result<()> {
            self.writer.flush()?;
            let file = self.writer.get_mut();
            file.seek(SeekFrom::Start(0))?;
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
            file.set_len(0)?;
            file.seek(SeekFrom::Start(0))?;
            Ok(())
        })();
        if let Err(err) = result {
            self.error.get_or_insert(err);
        }
        self.spooled = 0;
    }
}

impl Drop for TokenSpool {
    fn drop(&mut self) {
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
