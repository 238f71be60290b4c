//! The org admin API key: loaded from `ATLASSIAN_ADMIN_API_KEY` or a file, held in a type whose
//! `Debug` and `Display` print `<redacted>`, and exposed only to build the `Authorization` header.

use std::fmt;
use std::path::Path;

use super::error::AdminApiError;

/// The largest key file read: Atlassian's keys are a few hundred bytes, so anything bigger is the
/// wrong file (`/dev/zero`, a log) and is refused without reading it whole.
pub const MAX_KEY_FILE_BYTES: u64 = 16 * 1024;

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
                let text = read_capped(path).map_err(|source| AdminApiError::KeyFile {
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

    /// `text` with every echo of the key replaced by `<redacted>`: a last line of defence for
    /// anything that came from a server (an error body could echo a header). Echoes are found in
    /// any letter case, percent-encoded (either hex case) and base64-encoded (standard and URL-safe
    /// alphabets, at each of the three byte alignments, so a key inside an encoded
    /// `user:key` or `Bearer key` is found too).
    pub fn scrub(&self, text: &str) -> String {
        if self.0.len() < 4 {
            return text.to_string();
        }
        let mut out = text.to_string();
        for needle in self.echo_forms() {
            out = replace_ignoring_ascii_case(&out, &needle, "<redacted>");
        }
        out
    }

    /// The forms an echo of the key can take (see [`ApiKey::scrub`]).
    fn echo_forms(&self) -> Vec<String> {
        use base64::Engine as _;
        let key = self.0.as_bytes();
        let mut forms = vec![self.0.clone()];
        let encoded: String = key.iter().map(|b| format!("%{b:02X}")).collect();
        forms.push(encoded);
        // Percent-encoded the usual way (unreserved characters kept).
        forms.push(super::client::percent_encode(&self.0));
        for engine in [
            &base64::engine::general_purpose::STANDARD_NO_PAD,
            &base64::engine::general_purpose::URL_SAFE_NO_PAD,
        ] {
            for shift in 0..3usize {
                // Encode the key after `shift` filler bytes; the characters that depend only on
                // the key's own bytes are those after the filler's and before the last partial
                // group.
                let mut bytes = vec![0u8; shift];
                bytes.extend_from_slice(key);
                let full = engine.encode(&bytes);
                let skip = if shift == 0 {
                    0
                } else {
                    (shift * 8).div_ceil(6)
                };
                let stable_bytes = (shift + key.len()) / 3 * 3;
                let end = stable_bytes / 3 * 4;
                if end > skip + 4 {
                    // Base64 is case-sensitive: a case-insensitive match could only over-redact.
                    forms.push(full[skip..end].to_string());
                }
            }
        }
        forms
    }
}

/// Replaces every ASCII-case-insensitive occurrence of `needle` in `text`.
fn replace_ignoring_ascii_case(text: &str, needle: &str, with: &str) -> String {
    if needle.is_empty() {
        return text.to_string();
    }
    let lower_text = text.to_ascii_lowercase();
    let lower_needle = needle.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (at, _) in lower_text.match_indices(&lower_needle) {
        if at < last {
            continue;
        }
        // ASCII lower-casing keeps byte offsets, and the needle is ASCII or matched whole.
        if text.is_char_boundary(at) && text.is_char_boundary(at + needle.len()) {
            out.push_str(&text[last..at]);
            out.push_str(with);
            last = at + needle.len();
        }
    }
    out.push_str(&text[last..]);
    out
}

/// Reads at most [`MAX_KEY_FILE_BYTES`] from `path`; a longer file is an error (read no further).
fn read_capped(path: &Path) -> std::io::Result<String> {
    use std::io::Read as _;
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::new();
    file.take(MAX_KEY_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_KEY_FILE_BYTES {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!(
                "larger than {} KiB: not an API key file",
                MAX_KEY_FILE_BYTES / 1024
            ),
        ));
    }
    String::from_utf8(bytes)
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidData, "not UTF-8 text"))
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

    #[test]
    fn every_echo_of_the_key_is_redacted() {
        use base64::Engine as _;
        let secret = "CANARY-Secret/Key+99=";
        let key = ApiKey::new(secret).unwrap();
        let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
        let url64 = |s: &str| base64::engine::general_purpose::URL_SAFE.encode(s);
        let echoes = [
            secret.to_string(),
            secret.to_lowercase(),
            secret.to_uppercase(),
            crate::admin_api::client::percent_encode(secret),
            crate::admin_api::client::percent_encode(secret).to_lowercase(),
            b64(secret),
            b64(&format!("Bearer {secret}")),
            b64(&format!("user@example.com:{secret}")),
            b64(&format!("x:{secret}")),
            url64(&format!("ab{secret}")),
        ];
        for echo in echoes {
            let shown = key.scrub(&format!("the server said [{echo}] ok"));
            assert!(shown.contains("<redacted>"), "{echo} -> {shown}");
            assert!(!shown.to_lowercase().contains("canary-secret"), "{shown}");
            for part in [b64(secret), b64(&format!("Bearer {secret}"))] {
                assert!(!shown.contains(&part[4..part.len() - 4]), "{shown}");
            }
        }
        assert_eq!(key.scrub("nothing here"), "nothing here");
    }

    #[test]
    fn a_huge_key_file_fails_fast() {
        let err = ApiKey::load(Some(Path::new("/dev/zero")))
            .unwrap_err()
            .to_string();
        assert!(err.contains("not an API key file"), "{err}");
    }
}
