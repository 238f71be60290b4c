//! The org admin API key: loaded from `ATLASSIAN_ADMIN_API_KEY` or a file, held in a type whose
//! `Debug` and `Display` print `<redacted>`, and exposed only to build the `Authorization` header.

use std::fmt;
use std::path::Path;

use super::error::AdminApiError;

/// The environment variable the key is read from when no file is given.
pub const API_KEY_ENV: &str = "ATLASSIAN_ADMIN_API_KEY";

/// An Atlassian org admin API key. Never printed: `{:?}` and `{}` show `<redacted>`.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    /// Wraps a key (trimmed). Empty keys are refused.
    pub fn new(key: impl Into<String>) -> Result<ApiKey, AdminApiError> {
        let key = key.into().trim().to_string();
        if key.is_empty() {
            return Err(AdminApiError::MissingKey {
                why: "the key is empty".to_string(),
            });
        }
        if key.chars().any(|c| c.is_control() || c == ' ') {
            // The value goes into an HTTP header: refuse it without echoing it.
            return Err(AdminApiError::MissingKey {
                why: "the key contains spaces or control characters (is it the right file?)"
                    .to_string(),
            });
        }
        Ok(ApiKey(key))
    }

    /// The key from `file` if given, else from `ATLASSIAN_ADMIN_API_KEY`.
    pub fn load(file: Option<&Path>) -> Result<ApiKey, AdminApiError> {
        match file {
            Some(path) => {
                let text =
                    std::fs::read_to_string(path).map_err(|source| AdminApiError::KeyFile {
                        path: path.display().to_string(),
                        source,
                    })?;
                ApiKey::new(text).map_err(|err| match err {
                    AdminApiError::MissingKey { why } => AdminApiError::MissingKey {
                        why: format!("{why} (in {})", path.display()),
                    },
                    other => other,
                })
            }
            None => match std::env::var(API_KEY_ENV) {
                Ok(value) => ApiKey::new(value),
                Err(std::env::VarError::NotPresent) => Err(AdminApiError::MissingKey {
                    why: format!("set {API_KEY_ENV} or pass --api-key-file"),
                }),
                Err(std::env::VarError::NotUnicode(_)) => Err(AdminApiError::MissingKey {
                    why: format!("{API_KEY_ENV} is not valid UTF-8"),
                }),
            },
        }
    }

    /// The `Authorization` header value. The only way to read the key.
    pub(crate) fn bearer_header(&self) -> String {
        format!("Bearer {}", self.0)
    }

    /// `text` with every occurrence of the key replaced by `<redacted>`: a last line of defence
    /// for anything that came from a server (an error body could echo a header).
    pub fn scrub(&self, text: &str) -> String {
        if self.0.len() >= 4 && text.contains(&self.0) {
            text.replace(&self.0, "<redacted>")
        } else {
            text.to_string()
        }
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(<redacted>)")
    }
}

impl fmt::Display for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_never_formats() {
        let key = ApiKey::new("  CANARY-secret-123\n").unwrap();
        assert_eq!(format!("{key}"), "<redacted>");
        assert_eq!(format!("{key:?}"), "ApiKey(<redacted>)");
        assert_eq!(key.bearer_header(), "Bearer CANARY-secret-123");
        assert_eq!(key.scrub("echo CANARY-secret-123!"), "echo <redacted>!");
        assert!(ApiKey::new("   ").is_err());
        let err = ApiKey::new("two words").unwrap_err().to_string();
        assert!(!err.contains("words"), "{err}");
    }
}
