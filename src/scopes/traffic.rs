//! Parsers for observed traffic: HAR files (browser devtools / the extension's recorder), and
//! request lists made of plain `METHOD URL` lines or curl commands. They take text and return the
//! requests with where each came from; matching and solving happen elsewhere.

use serde::Serialize;
use serde_json::Value;

/// One observed or listed request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ObservedRequest {
    pub method: String,
    pub url: String,
    /// Where it came from, e.g. `entry 12` or `line 3`.
    pub evidence: String,
}

/// Why a HAR document could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HarError(pub String);

impl std::fmt::Display for HarError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Hosts whose requests are Atlassian REST traffic (one rule for the crate: `util::hosts`).
/// Anything else in a HAR (fonts, analytics, CDNs) is skipped and counted, not matched.
pub use crate::util::hosts::is_atlassian_host;

/// Reads the requests of a HAR 1.2 document; returns them and how many non-Atlassian ones were
/// skipped.
pub fn parse_har(text: &str) -> Result<(Vec<ObservedRequest>, usize), HarError> {
    let document: Value =
        serde_json::from_str(text).map_err(|e| HarError(format!("not valid JSON: {e}")))?;
    let entries = document
        .get("log")
        .and_then(|log| log.get("entries"))
        .and_then(Value::as_array)
        .ok_or_else(|| HarError("not a HAR file: no log.entries array".to_string()))?;
    let mut requests = Vec::new();
    let mut skipped = 0;
    for (index, entry) in entries.iter().enumerate() {
        let request = entry.get("request");
        let method = request
            .and_then(|r| r.get("method"))
            .and_then(Value::as_str);
        let url = request.and_then(|r| r.get("url")).and_then(Value::as_str);
        let (Some(method), Some(url)) = (method, url) else {
            return Err(HarError(format!(
                "entry {} has no request.method/request.url",
                index + 1
            )));
        };
        if !is_atlassian_host(url) {
            skipped += 1;
            continue;
        }
        requests.push(ObservedRequest {
            method: method.to_ascii_uppercase(),
            url: url.to_string(),
            evidence: format!("entry {}", index + 1),
        });
    }
    Ok((requests, skipped))
}

/// A line of a request list that could not be understood.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnreadableLine {
    pub line: usize,
    pub text: String,
    pub reason: String,
}

/// Reads a request list: `METHOD URL` lines, bare URLs (GET), or curl commands (which may span
/// lines with trailing backslashes). Blank lines and `#` comments are ignored.
pub fn parse_request_lines(text: &str) -> (Vec<ObservedRequest>, Vec<UnreadableLine>) {
    let mut requests = Vec::new();
    let mut unreadable = Vec::new();
    let mut logical = String::new();
    let mut start_line = 0;
    for (index, raw) in text.lines().enumerate() {
        if logical.is_empty() {
            start_line = index + 1;
        }
        let trimmed = raw.trim_end();
        if let Some(continued) = trimmed.strip_suffix('\\') {
            logical.push_str(continued);
            logical.push(' ');
            continue;
        }
        logical.push_str(trimmed);
        let line = std::mem::take(&mut logical);
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        record(line, start_line, &mut requests, &mut unreadable);
    }
    // A last line continued by a trailing backslash still counts.
    if !logical.trim().is_empty() {
        record(logical.trim(), start_line, &mut requests, &mut unreadable);
    }
    (requests, unreadable)
}

/// Parses one logical line into a request, or records why it could not be read.
fn record(
    line: &str,
    start_line: usize,
    requests: &mut Vec<ObservedRequest>,
    unreadable: &mut Vec<UnreadableLine>,
) {
    match parse_one(line) {
        Ok((method, url)) => requests.push(ObservedRequest {
            method,
            url,
            evidence: format!("line {start_line}"),
        }),
        Err(reason) => unreadable.push(UnreadableLine {
            line: start_line,
            text: line.to_string(),
            reason,
        }),
    }
}

fn parse_one(line: &str) -> Result<(String, String), String> {
    let words = shell_words(line);
    let first = words.first().map(String::as_str).unwrap_or("");
    if first == "curl" || first.ends_with("/curl") || first == "curl.exe" {
        return parse_curl(&words[1..]);
    }
    match words.as_slice() {
        [url] if looks_like_url(url) => Ok(("GET".to_string(), url.clone())),
        [method, url, ..] if is_method(method) => Ok((method.to_ascii_uppercase(), url.clone())),
        _ => Err("expected `METHOD URL`, a URL, or a curl command".to_string()),
    }
}

fn is_method(word: &str) -> bool {
    matches!(
        word.to_ascii_uppercase().as_str(),
        "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS"
    )
}

fn looks_like_url(word: &str) -> bool {
    word.starts_with("http://") || word.starts_with("https://") || word.starts_with('/')
}

/// curl options that take a value (the value is not the URL).
const CURL_VALUE_OPTIONS: &[&str] = &[
    "-H",
    "--header",
    "-u",
    "--user",
    "-o",
    "--output",
    "-A",
    "--user-agent",
    "-b",
    "--cookie",
    "-c",
    "--cookie-jar",
    "-e",
    "--referer",
    "-w",
    "--write-out",
    "--cacert",
    "--cert",
    "--key",
    "--connect-timeout",
    "-m",
    "--max-time",
    "--retry",
    "-x",
    "--proxy",
    "--oauth2-bearer",
    "-K",
    "--config",
    "--resolve",
    "--limit-rate",
    "-r",
    "--range",
    "-E",
];
/// curl options whose value is a request body: they make the default method POST.
const CURL_BODY_OPTIONS: &[&str] = &[
    "-d",
    "--data",
    "--data-raw",
    "--data-binary",
    "--data-urlencode",
    "--data-ascii",
    "-F",
    "--form",
    "--json",
];

/// Reads method and URL from curl's arguments (after `curl`).
pub fn parse_curl(args: &[String]) -> Result<(String, String), String> {
    let mut method: Option<String> = None;
    let mut implied = "GET";
    let mut force_get = false;
    let mut url: Option<String> = None;
    let mut i = 0;
    while i < args.len() {
        let arg = args[i].as_str();
        let next = args.get(i + 1).cloned();
        if arg == "-X" || arg == "--request" {
            method = next.map(|m| m.to_ascii_uppercase());
            i += 2;
            continue;
        }
        if let Some(m) = arg.strip_prefix("-X").filter(|m| !m.is_empty()) {
            method = Some(m.to_ascii_uppercase());
        } else if let Some(m) = arg.strip_prefix("--request=") {
            method = Some(m.to_ascii_uppercase());
        } else if arg == "--url" {
            url = next;
            i += 2;
            continue;
        } else if let Some(u) = arg.strip_prefix("--url=") {
            url = Some(u.to_string());
        } else if arg == "-I" || arg == "--head" {
            implied = "HEAD";
        } else if arg == "-G" || arg == "--get" {
            force_get = true;
        } else if arg == "-T" || arg == "--upload-file" {
            implied = "PUT";
            i += 2;
            continue;
        } else if CURL_BODY_OPTIONS.contains(&arg) {
            if implied == "GET" {
                implied = "POST";
            }
            i += 2;
            continue;
        } else if CURL_BODY_OPTIONS
            .iter()
            .any(|o| o.starts_with("--") && arg.starts_with(&format!("{o}=")))
        {
            if implied == "GET" {
                implied = "POST";
            }
        } else if CURL_VALUE_OPTIONS.contains(&arg) {
            i += 2;
            continue;
        } else if arg.starts_with('-') {
            // A flag without a value (-s, -L, --fail, -sS…), or `-dVALUE`/`-HVALUE` stuck together.
            if arg.starts_with("-d") && arg.len() > 2 && implied == "GET" {
                implied = "POST";
            }
        } else if url.is_none() {
            url = Some(arg.to_string());
        }
        i += 1;
    }
    let url = url.ok_or_else(|| "curl command without a URL".to_string())?;
    let method = method.unwrap_or_else(|| {
        if force_get {
            "GET".to_string()
        } else {
            implied.to_string()
        }
    });
    Ok((method, url))
}

/// Splits a command line like a POSIX shell would (quotes and backslashes), without expansion.
pub fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut in_word = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                for q in chars.by_ref() {
                    if q == '\'' {
                        break;
                    }
                    current.push(q);
                }
            }
            '"' => {
                in_word = true;
                while let Some(q) = chars.next() {
                    match q {
                        '"' => break,
                        '\\' => {
                            if let Some(escaped) = chars.next() {
                                current.push(escaped);
                            }
                        }
                        _ => current.push(q),
                    }
                }
            }
            '\\' => {
                in_word = true;
                if let Some(escaped) = chars.next() {
                    current.push(escaped);
                }
            }
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut current));
                    in_word = false;
                }
            }
            _ => {
                in_word = true;
                current.push(c);
            }
        }
    }
    if in_word {
        words.push(current);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn har_entries_for_atlassian_hosts_are_kept() {
        let har = r#"{"log":{"version":"1.2","entries":[
            {"request":{"method":"GET","url":"https://acme.atlassian.net/rest/api/3/myself"}},
            {"request":{"method":"GET","url":"https://fonts.example.com/x.woff"}},
            {"request":{"method":"post","url":"https://api.bitbucket.org/2.0/repositories/w/r/pullrequests"}}]}}"#;
        let (requests, skipped) = parse_har(har).expect("valid HAR");
        assert_eq!(requests.len(), 2);
        assert_eq!(skipped, 1);
        assert_eq!(requests[1].method, "POST");
        assert_eq!(requests[1].evidence, "entry 3");
    }

    #[test]
    fn malformed_har_is_an_error() {
        assert!(parse_har("{").is_err());
        assert!(parse_har("{\"log\":{}}").is_err());
        assert!(parse_har("{\"log\":{\"entries\":[{}]}}").is_err());
    }

    #[test]
    fn lines_and_curl_commands() {
        let text = "# comment\nGET https://x.atlassian.net/rest/api/3/myself\n\
            https://x.atlassian.net/rest/api/3/project\n\
            curl -s -u me@x.com:$TOKEN -X PUT \\\n  -H 'Content-Type: application/json' \\\n  \"https://x.atlassian.net/rest/api/3/issue/A-1\" -d '{}'\n\
            curl --data '{\"a\":1}' https://x.atlassian.net/rest/api/3/issue\n\
            curl -I https://x.atlassian.net/rest/api/3/serverInfo\n\
            nonsense here\n";
        let (requests, unreadable) = parse_request_lines(text);
        let got: Vec<(&str, &str)> = requests
            .iter()
            .map(|r| (r.method.as_str(), r.url.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("GET", "https://x.atlassian.net/rest/api/3/myself"),
                ("GET", "https://x.atlassian.net/rest/api/3/project"),
                ("PUT", "https://x.atlassian.net/rest/api/3/issue/A-1"),
                ("POST", "https://x.atlassian.net/rest/api/3/issue"),
                ("HEAD", "https://x.atlassian.net/rest/api/3/serverInfo"),
            ]
        );
        assert_eq!(requests[2].evidence, "line 4");
        assert_eq!(unreadable.len(), 1);
        assert_eq!(unreadable[0].line, 9);
    }

    #[test]
    fn a_last_line_continued_by_a_backslash_still_counts() {
        let (requests, unreadable) =
            parse_request_lines("GET https://x.atlassian.net/rest/api/3/myself\\");
        assert_eq!(requests.len(), 1);
        assert_eq!(requests[0].evidence, "line 1");
        assert!(unreadable.is_empty());
        let (requests, unreadable) = parse_request_lines("curl -X \\");
        assert!(requests.is_empty());
        assert_eq!(unreadable[0].line, 1);
    }
}
