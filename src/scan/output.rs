//! Making scanned text safe to print: control characters (terminal escape sequences) escaped,
//! credentials in URL userinfo and curl arguments redacted.

/// Escapes control characters (ESC, BEL, CR…) as `\u{1b}` so scanned text cannot drive the terminal.
pub fn escape_controls(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}') {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// Redacts `user:password@` in URLs and the value of curl's `-u`/`--user`, `Authorization:` and
/// `Bearer`/`Basic` credentials.
pub fn redact(text: &str) -> String {
    let mut out = text.to_string();
    // URL userinfo.
    if let Some(scheme) = out.find("://") {
        let rest_start = scheme + 3;
        let rest = &out[rest_start..];
        let end = rest.find(['/', ' ', '"', '\'']).unwrap_or(rest.len());
        if let Some(at) = rest[..end].rfind('@') {
            out.replace_range(rest_start..rest_start + at, "REDACTED");
        }
    }
    for flag in ["-u ", "--user ", "--user=", "-u'", "-u\""] {
        if let Some(i) = out.find(flag) {
            let start = i + flag.len();
            let value_end = out[start..]
                .find(char::is_whitespace)
                .map(|e| start + e)
                .unwrap_or(out.len());
            out.replace_range(start..value_end, "REDACTED");
        }
    }
    for word in ["Bearer ", "Basic ", "bearer ", "basic "] {
        if let Some(i) = out.find(word) {
            let start = i + word.len();
            let value_end = out[start..]
                .find(|c: char| c.is_whitespace() || c == '"' || c == '\'')
                .map(|e| start + e)
                .unwrap_or(out.len());
            if value_end > start {
                out.replace_range(start..value_end, "REDACTED");
            }
        }
    }
    out
}

/// What may be printed of scanned text.
pub fn safe(text: &str) -> String {
    escape_controls(&redact(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_are_escaped() {
        assert_eq!(escape_controls("a\u{1b}[31mb"), "a\\u{1b}[31mb");
    }

    #[test]
    fn userinfo_and_curl_user_are_redacted() {
        assert_eq!(
            redact("https://me:s3cret@x.atlassian.net/rest/api/3/myself"),
            "https://REDACTED@x.atlassian.net/rest/api/3/myself"
        );
        let line = redact("curl -u me@x.com:ATATT3xFf https://x.atlassian.net/rest/api/3/myself");
        assert!(!line.contains("ATATT3xFf"), "{line}");
        let header = redact("-H 'Authorization: Bearer eyJabc' https://api.bitbucket.org/2.0/user");
        assert!(!header.contains("eyJabc"), "{header}");
    }
}
