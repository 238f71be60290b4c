//! The source scanner: finds Atlassian REST calls in one file's text (Python, JavaScript/TypeScript,
//! Go, Java/Kotlin, Ruby, PHP, C#, shell/curl, PowerShell), with the line and the HTTP method.
//!
//! It is a light lexer, not a parser, so it works on any of those languages and on pasted
//! snippets in the browser. Per file it:
//! 1. collects string constants (`BASE = "https://x.atlassian.net/rest/api/3"`, `const base = …`,
//!    `$base = …`, `val BASE = …`), resolving concatenations of earlier constants;
//! 2. evaluates each line's string expressions: literals, f-strings / template literals /
//!    `#{}` / `$var` / `%s` interpolations (unknown values become `{}`), and `+` / PHP `.`
//!    concatenations, substituting known constants;
//! 3. finds helper functions whose body appends a parameter to an API-root constant
//!    (`def jira_get(path): return s.get(BASE + path)`) and resolves calls to them
//!    (`jira_get("/issue/" + key)`);
//! 4. infers the method from the call (`requests.post`, `method: 'PUT'`, `http.MethodDelete`,
//!    `-X POST`, `-Method Post`, `HttpMethod.Patch`, a helper named `jira_post`…), else GET.
//!
//! Known limits (reported, not hidden): URLs assembled across several statements or files, and
//! methods chosen at run time, come out as `GET`/unknown and are marked `inferred: false`.

use std::collections::HashMap;

use serde::Serialize;

use super::traffic;

/// A REST call found in source code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceCall {
    pub file: String,
    /// 1-based line number.
    pub line: usize,
    pub method: String,
    /// False when no method hint was found and GET was assumed.
    pub method_found: bool,
    /// The URL with unknown parts as `{}`.
    pub url: String,
    /// The trimmed source line (shortened).
    pub snippet: String,
}

/// Cheap test for "could this file contain Atlassian REST calls at all".
pub fn might_contain_calls(text: &str) -> bool {
    const MARKERS: [&str; 7] = [
        "/rest/",
        "/wiki/",
        "/2.0/",
        "api.bitbucket.org",
        "atlassian",
        "/ex/jira",
        "/ex/confluence",
    ];
    MARKERS.iter().any(|m| text.contains(m))
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Str(String),
    Ident(String),
    Punct(char),
    /// `=` or `:=` as an assignment (not `==`, `=>`).
    Assign,
}

/// Splits one line into tokens. Strings keep their content with interpolations intact.
fn tokenize(line: &str) -> Vec<Token> {
    let chars: Vec<char> = line.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c == '"' || c == '\'' || c == '`' {
            let quote = c;
            // Triple quotes (Python) are read as one string on this line.
            let triple = chars.get(i + 1) == Some(&quote) && chars.get(i + 2) == Some(&quote);
            i += if triple { 3 } else { 1 };
            let mut content = String::new();
            while i < chars.len() {
                let d = chars[i];
                if d == '\\' && quote != '`' {
                    if let Some(&next) = chars.get(i + 1) {
                        content.push(next);
                    }
                    i += 2;
                    continue;
                }
                if d == quote {
                    if triple {
                        if chars.get(i + 1) == Some(&quote) && chars.get(i + 2) == Some(&quote) {
                            i += 3;
                            break;
                        }
                    } else {
                        i += 1;
                        break;
                    }
                }
                content.push(d);
                i += 1;
            }
            // A string prefix (f, r, b, u, $, @) glued before the quote was read as an identifier
            // or punctuation: drop it.
            if let Some(Token::Ident(prefix)) = tokens.last() {
                if prefix.len() <= 2 && prefix.chars().all(|p| "fFrRbBuU".contains(p)) {
                    tokens.pop();
                }
            }
            if matches!(
                tokens.last(),
                Some(Token::Punct('$')) | Some(Token::Punct('@'))
            ) {
                tokens.pop();
            }
            tokens.push(Token::Str(content));
            continue;
        }
        if c.is_alphanumeric()
            || c == '_'
            || ((c == '$' || c == '@')
                && chars
                    .get(i + 1)
                    .is_some_and(|n| n.is_alphabetic() || *n == '_' || *n == '{'))
        {
            let start = i;
            i += 1;
            // `${NAME}` in shell/PowerShell outside quotes.
            if c == '$' && chars.get(i) == Some(&'{') {
                while i < chars.len() && chars[i] != '}' {
                    i += 1;
                }
                i += 1;
            } else {
                while i < chars.len()
                    && (chars[i].is_alphanumeric()
                        || chars[i] == '_'
                        || (chars[i] == '.'
                            && chars
                                .get(i + 1)
                                .is_some_and(|n| n.is_alphabetic() || *n == '_')))
                {
                    i += 1;
                }
            }
            let end = i.min(chars.len());
            let name: String = chars[start..end].iter().collect();
            tokens.push(Token::Ident(name));
            continue;
        }
        if c == '=' {
            let next = chars.get(i + 1).copied();
            let previous = if i > 0 {
                chars.get(i - 1).copied()
            } else {
                None
            };
            if next != Some('=')
                && next != Some('>')
                && !matches!(previous, Some('=') | Some('!') | Some('<') | Some('>'))
            {
                if previous == Some(':') {
                    tokens.pop();
                }
                tokens.push(Token::Assign);
            } else {
                tokens.push(Token::Punct('='));
                if next == Some('=') || next == Some('>') {
                    i += 1;
                }
            }
            i += 1;
            continue;
        }
        tokens.push(Token::Punct(c));
        i += 1;
    }
    tokens
}

/// The bare name of an identifier or placeholder: `$base`, `${BASE}`, `self.base_url`,
/// `this.baseUrl` → `base`, `BASE`, `base_url`, `baseUrl`.
fn bare_name(name: &str) -> &str {
    let name = name
        .trim_start_matches(['$', '@'])
        .trim_start_matches('{')
        .trim_end_matches('}');
    name.rsplit('.').next().unwrap_or(name)
}

/// Replaces interpolations in a string's content with constant values or `{}`.
fn interpolate(content: &str, constants: &HashMap<String, String>) -> String {
    let chars: Vec<char> = content.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    let lookup = |name: &str| -> String {
        constants
            .get(bare_name(name.trim()))
            .cloned()
            .unwrap_or_else(|| "{}".to_string())
    };
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        // ${…}, #{…}, {$…}, {…}
        let brace_start = match (c, next) {
            ('$', Some('{')) | ('#', Some('{')) => Some(i + 2),
            ('{', _) => Some(i + 1),
            _ => None,
        };
        if let Some(start) = brace_start {
            if let Some(offset) = chars[start..].iter().position(|&d| d == '}') {
                let inner: String = chars[start..start + offset].iter().collect();
                let inner = inner.trim_start_matches('$');
                // `{issueIdOrKey}`, `{0}`, `{}` and expressions all become a placeholder; names of
                // constants are substituted.
                let simple = inner
                    .chars()
                    .all(|d| d.is_alphanumeric() || d == '_' || d == '.');
                out.push_str(&if simple && !inner.is_empty() {
                    lookup(inner)
                } else {
                    "{}".to_string()
                });
                i = start + offset + 1;
                continue;
            }
        }
        // $(…) (PowerShell subexpression)
        if c == '$' && next == Some('(') {
            if let Some(offset) = chars[i..].iter().position(|&d| d == ')') {
                out.push_str("{}");
                i += offset + 1;
                continue;
            }
        }
        // $name (shell, PHP, Kotlin, PowerShell, Perl-ish)
        if c == '$' && next.is_some_and(|n| n.is_alphabetic() || n == '_') {
            let start = i + 1;
            let mut end = start;
            while end < chars.len() && (chars[end].is_alphanumeric() || chars[end] == '_') {
                end += 1;
            }
            let name: String = chars[start..end].iter().collect();
            out.push_str(&lookup(&name));
            i = end;
            continue;
        }
        // printf-style: %s %d %v %q
        if c == '%'
            && matches!(
                next,
                Some('s') | Some('d') | Some('v') | Some('q') | Some('i')
            )
        {
            out.push_str("{}");
            i += 2;
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

/// Replaces `%s`-style placeholders with the values of the `, arg` terms after the format string.
fn apply_format_args(format: &str, rest: &[Token], constants: &HashMap<String, String>) -> String {
    let mut args = Vec::new();
    let mut j = 0;
    while let (Some(Token::Punct(',' | '%' | '(')), Some(term)) = (rest.get(j), rest.get(j + 1)) {
        match term {
            Token::Ident(name) => args.push(
                constants
                    .get(bare_name(name))
                    .cloned()
                    .unwrap_or_else(|| "{}".to_string()),
            ),
            Token::Str(text) => args.push(text.clone()),
            _ => break,
        }
        j += 2;
    }
    let mut out = String::new();
    let mut args = args.into_iter();
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '%'
            && chars
                .peek()
                .is_some_and(|n| matches!(n, 's' | 'd' | 'v' | 'q' | 'i'))
        {
            chars.next();
            out.push_str(&args.next().unwrap_or_else(|| "{}".to_string()));
        } else {
            out.push(c);
        }
    }
    out
}

/// A string expression found on a line: its value and the token range it spans.
struct Chain {
    value: String,
    start: usize,
    /// Whether the chain ends with a non-literal term (a parameter appended to something).
    ends_with_unknown: bool,
    /// The first term's identifier, when the chain starts with one.
    first_ident: Option<String>,
}

/// Evaluates `term (+|.) term …` runs where terms are strings or identifiers.
fn chains(tokens: &[Token], constants: &HashMap<String, String>) -> Vec<Chain> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let is_term = |t: &Token| matches!(t, Token::Str(_) | Token::Ident(_));
        if !is_term(&tokens[i]) {
            i += 1;
            continue;
        }
        let start = i;
        let mut value = String::new();
        let mut has_string = false;
        let mut ends_with_unknown = false;
        let first_ident = match &tokens[i] {
            Token::Ident(name) => Some(bare_name(name).to_string()),
            _ => None,
        };
        loop {
            match &tokens[i] {
                Token::Str(s) => {
                    // printf-style formats take their values from the arguments that follow
                    // (`Sprintf("%s/issue/%s", base, key)`, `String.format(…)`, `"%s" % (…)`).
                    let formatted = if s.contains('%') {
                        apply_format_args(s, &tokens[i + 1..], constants)
                    } else {
                        s.clone()
                    };
                    value.push_str(&interpolate(&formatted, constants));
                    has_string = true;
                    ends_with_unknown = value.ends_with("{}");
                }
                Token::Ident(name) => {
                    // `env["X"]`, `os.getenv("X")`, `get_id()`: a subscript or call is one unknown
                    // term; skip its tokens.
                    let closes = match tokens.get(i + 1) {
                        Some(Token::Punct('[')) => Some(('[', ']')),
                        Some(Token::Punct('(')) => Some(('(', ')')),
                        _ => None,
                    };
                    // A call only counts as a term inside a concatenation (`"a" + f(x)`), else
                    // its arguments are where the URL is (`requests.get(BASE + path)`).
                    let closes = closes.filter(|(open, _)| {
                        *open == '['
                            || (i > start && matches!(tokens.get(i - 1), Some(Token::Punct('+'))))
                    });
                    if let Some((open, close)) = closes {
                        let mut depth = 0usize;
                        let mut j = i + 1;
                        while j < tokens.len() {
                            match tokens[j] {
                                Token::Punct(c) if c == open => depth += 1,
                                Token::Punct(c) if c == close => {
                                    depth = depth.saturating_sub(1);
                                    if depth == 0 {
                                        break;
                                    }
                                }
                                _ => {}
                            }
                            j += 1;
                        }
                        value.push_str("{}");
                        ends_with_unknown = true;
                        i = j.min(tokens.len() - 1);
                    } else {
                        match constants.get(bare_name(name)) {
                            Some(known) => {
                                value.push_str(known);
                                ends_with_unknown = false;
                            }
                            None => {
                                value.push_str("{}");
                                ends_with_unknown = true;
                            }
                        }
                    }
                }
                _ => {}
            }
            let joined = matches!(
                tokens.get(i + 1),
                Some(Token::Punct('+')) | Some(Token::Punct('.'))
            ) && tokens.get(i + 2).is_some_and(is_term);
            if joined {
                i += 2;
            } else {
                break;
            }
        }
        i += 1;
        if has_string || constants.contains_key(first_ident.as_deref().unwrap_or("")) {
            out.push(Chain {
                value,
                start,
                ends_with_unknown,
                first_ident,
            });
        }
    }
    out
}

/// The REST API roots a URL path can start with.
const API_ROOTS: &[&str] = &[
    "/rest/api/2",
    "/rest/api/3",
    "/rest/api/latest",
    "/rest/agile/1.0",
    "/rest/servicedeskapi",
    "/wiki/rest/api",
    "/wiki/api/v2",
    "/2.0",
];

/// Host and path of a URL-ish value; a leading `{}` (an unknown base) counts as a host.
fn split_host(value: &str) -> (Option<&str>, &str) {
    if let Some(rest) = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"))
    {
        return match rest.find('/') {
            Some(slash) => (Some(&rest[..slash]), &rest[slash..]),
            None => (Some(rest), ""),
        };
    }
    if let Some(rest) = value.strip_prefix("{}") {
        return (Some("{}"), rest);
    }
    (None, value)
}

fn is_atlassian_host(host: &str) -> bool {
    host.contains("atlassian.net")
        || host.contains("api.atlassian.com")
        || host.contains("bitbucket.org")
        || host.contains("jira.com")
}

/// Strips the gateway prefix `/ex/{jira|confluence}/{cloudId}`.
fn strip_gateway(path: &str) -> &str {
    for product in ["/ex/jira/", "/ex/confluence/"] {
        if let Some(rest) = path.strip_prefix(product) {
            return rest.find('/').map(|slash| &rest[slash..]).unwrap_or("");
        }
    }
    path
}

/// Whether a value is an API root (a base to append paths to), e.g. `https://x.atlassian.net`,
/// `…/rest/api/3`, `https://api.bitbucket.org/2.0`, `/wiki/api/v2/`.
fn is_api_root(value: &str) -> bool {
    let (host, path) = split_host(value);
    let path = strip_gateway(path).trim_end_matches('/');
    let host_ok = host.is_some_and(|h| h == "{}" || is_atlassian_host(h));
    if path.is_empty() || path == "/wiki" {
        return host.is_some_and(is_atlassian_host);
    }
    API_ROOTS.contains(&path) && (host_ok || host.is_none())
}

/// Whether a value names a concrete REST endpoint (root plus at least one segment).
fn is_endpoint(value: &str) -> bool {
    let (host, path) = split_host(value);
    if value.contains(' ') || value.contains('\n') {
        return false;
    }
    if let Some(h) = host {
        if h != "{}" && !is_atlassian_host(h) {
            return false;
        }
    }
    let path = strip_gateway(path);
    let path = path.split(['?', '#']).next().unwrap_or("");
    let bitbucket_host = host.is_some_and(|h| h.contains("bitbucket.org"));
    API_ROOTS.iter().any(|root| {
        path.strip_prefix(root)
            .is_some_and(|rest| rest.starts_with('/') && !rest.trim_matches('/').is_empty())
    }) || (bitbucket_host && !path.trim_matches('/').is_empty() && !path.starts_with("/2.0"))
        || (path.starts_with("/rest/") && path.split('/').filter(|s| !s.is_empty()).count() >= 4)
}

/// Method words a call can carry, longest first so `PATCH` is not read as part of something else.
const METHODS: [&str; 6] = ["DELETE", "PATCH", "POST", "HEAD", "PUT", "GET"];

/// Finds an HTTP method hint in a piece of code.
fn method_hint(code: &str) -> Option<&'static str> {
    let lower = code.to_ascii_lowercase();
    let mut best: Option<(usize, &'static str)> = None;
    for method in METHODS {
        let m = method.to_ascii_lowercase();
        let patterns = [
            format!(".{m}("),
            format!("->{m}("),
            format!(".{m}async("),
            format!("\"{m}\""),
            format!("'{m}'"),
            format!("`{m}`"),
            format!("method{m}"),
            format!("httpmethod.{m}"),
            format!("-x {m}"),
            format!("-x{m}"),
            format!("--request {m}"),
            format!("-method {m}"),
            format!("::{m}.new"),
            format!("::{m}::"),
            format!(" {m}("),
            format!("({m}("),
            format!(".{m}()"),
        ];
        for p in &patterns {
            if let Some(position) = lower.find(p.as_str()) {
                if best.is_none_or(|(b, _)| position < b) {
                    best = Some((position, method));
                }
            }
        }
    }
    if best.is_none() && (lower.contains("curl ") || lower.starts_with("curl")) {
        if let Some(found) = lower.find("curl") {
            let words = traffic::shell_words(&code[found..]);
            if let Ok((method, _)) = traffic::parse_curl(words.get(1..).unwrap_or(&[])) {
                return METHODS.into_iter().find(|m| *m == method);
            }
        }
    }
    best.map(|(_, m)| m)
}

/// Method named by a helper's name: `jira_post`, `postJira`, `bbDelete`.
fn method_from_name(name: &str) -> Option<&'static str> {
    let lower = bare_name(name).to_ascii_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| c == '_' || c.is_ascii_digit())
        .collect();
    for method in METHODS {
        let m = method.to_ascii_lowercase();
        if words.iter().any(|w| *w == m) || lower.starts_with(&m) || lower.ends_with(&m) {
            return Some(method);
        }
    }
    None
}

fn is_comment(line: &str) -> bool {
    let t = line.trim_start();
    (t.starts_with('#') && !t.starts_with("#{") && !t.starts_with("#!"))
        || t.starts_with("//")
        || t.starts_with("/*")
        || t.starts_with("* ")
        || t.starts_with("<#")
}

/// The name a line defines as a function, if it defines one.
fn defined_function(line: &str) -> Option<String> {
    let t = line.trim_start();
    for keyword in [
        "def ",
        "function ",
        "func ",
        "fun ",
        "sub ",
        "async function ",
        "private fun ",
        "fn ",
    ] {
        if let Some(rest) = t
            .strip_prefix(keyword)
            .or_else(|| t.split_once(&format!(" {keyword}")).map(|(_, r)| r))
        {
            let rest = rest.trim_start();
            // Go methods: func (c *Client) name(
            let rest = if rest.starts_with('(') {
                rest.split_once(')')
                    .map(|(_, r)| r.trim_start())
                    .unwrap_or(rest)
            } else {
                rest
            };
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '-')
                .collect();
            if !name.is_empty() {
                return Some(name);
            }
        }
    }
    // `const name = (…) =>` / `name = lambda path:`
    if t.contains("=>") || t.contains("lambda") {
        let tokens = tokenize(t);
        if let Some(position) = tokens.iter().position(|tok| *tok == Token::Assign) {
            if let Some(Token::Ident(name)) = position.checked_sub(1).and_then(|p| tokens.get(p)) {
                return Some(bare_name(name).to_string());
            }
        }
    }
    // Java/C#/Kotlin/JS class methods: `… name(args) {` (not a control statement or a call).
    let control = [
        "if", "for", "while", "switch", "catch", "return", "else", "using", "lock", "foreach",
        "new",
    ];
    if (t.ends_with('{') || t.ends_with(')'))
        && t.contains('(')
        && !t.contains(';')
        && !t.contains('=')
    {
        let before = t.split('(').next().unwrap_or("");
        let words: Vec<&str> = before.split_whitespace().collect();
        if words.len() >= 2 || t.ends_with('{') {
            if let Some(name) = words.last() {
                let name = name.trim_start_matches(['.', '*']);
                if !control.contains(&name)
                    && !name.is_empty()
                    && name.chars().all(|c| c.is_alphanumeric() || c == '_')
                {
                    return Some(name.to_string());
                }
            }
        }
    }
    None
}

/// A helper function that appends its path argument to an API root.
struct Helper {
    root: String,
    method: Option<&'static str>,
}

fn shorten(line: &str) -> String {
    let t = line.trim();
    if t.chars().count() <= 140 {
        t.to_string()
    } else {
        let mut s: String = t.chars().take(139).collect();
        s.push('…');
        s
    }
}

/// Scans one file's text. `file` is only used to label the evidence.
pub fn scan_source(file: &str, text: &str) -> Vec<SourceCall> {
    if !might_contain_calls(text) {
        return Vec::new();
    }
    let lines: Vec<&str> = text.lines().collect();
    let tokenized: Vec<Vec<Token>> = lines
        .iter()
        .map(|l| {
            if is_comment(l) {
                Vec::new()
            } else {
                tokenize(l)
            }
        })
        .collect();

    // 1. Constants (two passes so later definitions can use earlier ones either way round).
    let mut constants: HashMap<String, String> = HashMap::new();
    for _ in 0..2 {
        for tokens in &tokenized {
            let Some(assign) = tokens.iter().position(|t| *t == Token::Assign) else {
                continue;
            };
            let Some(Token::Ident(name)) = assign.checked_sub(1).and_then(|p| tokens.get(p)) else {
                continue;
            };
            let rest = &tokens[assign + 1..];
            let Some(chain) = chains(rest, &constants).into_iter().find(|c| c.start == 0) else {
                continue;
            };
            let value = chain.value;
            let urlish =
                value.contains('/') || value.contains("atlassian") || value.contains("bitbucket");
            if urlish && !value.contains(' ') && value != "{}" {
                constants.insert(bare_name(name).to_string(), value);
            }
        }
    }
    let roots: HashMap<&str, &str> = constants
        .iter()
        .filter(|(_, v)| is_api_root(v))
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();

    // 2. Helpers: a function whose body (next lines until the next definition, at most 25) has a
    //    root constant followed by an unknown (the path parameter).
    let mut helpers: HashMap<String, Helper> = HashMap::new();
    let mut index = 0;
    while index < lines.len() {
        let Some(name) = defined_function(lines[index]) else {
            index += 1;
            continue;
        };
        let mut body_method = None;
        let mut root = None;
        let mut end = index;
        for (offset, tokens) in tokenized.iter().enumerate().skip(index).take(25) {
            if offset > index && defined_function(lines[offset]).is_some() {
                break;
            }
            end = offset;
            for chain in chains(tokens, &constants) {
                let starts_with_root = chain
                    .first_ident
                    .as_deref()
                    .is_some_and(|f| roots.contains_key(f))
                    || roots.values().any(|r| chain.value.starts_with(r));
                if starts_with_root
                    && chain.ends_with_unknown
                    && is_api_root(chain.value.trim_end_matches("{}"))
                {
                    root = Some(chain.value.trim_end_matches("{}").to_string());
                }
            }
            if body_method.is_none() && offset > index {
                body_method = method_hint(lines[offset]);
            }
        }
        if let Some(root) = root {
            let method = method_from_name(&name).or(body_method);
            helpers.insert(name, Helper { root, method });
        }
        index = end.max(index) + 1;
    }

    // 3. Calls. First every line's string values, to tell bases from endpoints.
    let all_values: Vec<(usize, String)> = tokenized
        .iter()
        .enumerate()
        .flat_map(|(i, tokens)| {
            chains(tokens, &constants)
                .into_iter()
                .map(move |c| (i, c.value))
        })
        .collect();
    let mut calls: Vec<SourceCall> = Vec::new();
    let window = |line_index: usize| -> String {
        let from = line_index.saturating_sub(2);
        let to = (line_index + 5).min(lines.len());
        let mut text = String::new();
        // The line itself first, so its own hint wins; then the neighbourhood.
        text.push_str(lines[line_index]);
        for l in &lines[from..to] {
            text.push('\n');
            text.push_str(l);
        }
        text
    };
    for (line_index, tokens) in tokenized.iter().enumerate() {
        let line = lines[line_index];
        let assignment_to_root = tokens
            .iter()
            .position(|t| *t == Token::Assign)
            .and_then(|a| a.checked_sub(1))
            .and_then(|p| tokens.get(p))
            .is_some_and(|t| matches!(t, Token::Ident(n) if roots.contains_key(bare_name(n))));
        if assignment_to_root || assigns_a_prefix(line_index, tokens, &constants, &all_values) {
            continue;
        }
        let in_definition = defined_function(line).is_some();
        // Direct URLs.
        for chain in chains(tokens, &constants) {
            if is_endpoint(&chain.value) {
                let own = method_hint(line);
                let hint = own.or_else(|| method_hint(&window(line_index)));
                push_call(&mut calls, file, line_index, hint, &chain.value, line);
            }
        }
        if in_definition {
            continue;
        }
        // Helper calls.
        for (name, helper) in &helpers {
            let mut search_from = 0;
            while let Some(found) = line[search_from..].find(name.as_str()) {
                let at = search_from + found;
                search_from = at + name.len();
                let before_ok = line[..at]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
                let after = &line[at + name.len()..];
                if !before_ok || !after.trim_start().starts_with('(') {
                    continue;
                }
                let args = tokenize(after.trim_start().get(1..).unwrap_or(""));
                let mut explicit_method = None;
                let mut path = None;
                for chain in chains(&args, &constants) {
                    let v = chain.value.trim();
                    if METHODS.contains(&v.to_ascii_uppercase().as_str())
                        && chain.first_ident.is_none()
                    {
                        explicit_method = METHODS.into_iter().find(|m| m.eq_ignore_ascii_case(v));
                    } else if path.is_none()
                        && !v.contains(' ')
                        && !v.is_empty()
                        && v != "{}"
                        && !v.contains("://")
                    {
                        path = Some(v.to_string());
                    }
                }
                let Some(path) = path else { continue };
                let url = format!(
                    "{}/{}",
                    helper.root.trim_end_matches('/'),
                    path.trim_start_matches('/')
                );
                let hint = explicit_method
                    .or(helper.method)
                    .or_else(|| method_hint(line));
                push_call(&mut calls, file, line_index, hint, &url, line);
            }
        }
    }
    calls
}

/// Whether a line assigns a constant that URLs on other lines extend
/// (`REPO="$API/repositories/$W/$S"` used as `"$REPO/pullrequests"`): a base, not a call.
fn assigns_a_prefix(
    line_index: usize,
    tokens: &[Token],
    constants: &HashMap<String, String>,
    values: &[(usize, String)],
) -> bool {
    let Some(assign) = tokens.iter().position(|t| *t == Token::Assign) else {
        return false;
    };
    let Some(Token::Ident(name)) = assign.checked_sub(1).and_then(|p| tokens.get(p)) else {
        return false;
    };
    let Some(value) = constants.get(bare_name(name)) else {
        return false;
    };
    values.iter().any(|(other_line, other)| {
        *other_line != line_index && other.len() > value.len() && other.starts_with(value.as_str())
    })
}

fn push_call(
    calls: &mut Vec<SourceCall>,
    file: &str,
    line_index: usize,
    method: Option<&'static str>,
    url: &str,
    line: &str,
) {
    let call = SourceCall {
        file: file.to_string(),
        line: line_index + 1,
        method: method.unwrap_or("GET").to_string(),
        method_found: method.is_some(),
        url: url.to_string(),
        snippet: shorten(line),
    };
    if !calls
        .iter()
        .any(|c| c.line == call.line && c.url == call.url)
    {
        calls.push(call);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(file: &str, text: &str) -> Vec<(String, String)> {
        scan_source(file, text)
            .into_iter()
            .map(|c| (c.method, c.url))
            .collect()
    }

    #[test]
    fn python_fstrings_constants_and_helpers() {
        let text = r#"
import requests
BASE = "https://acme.atlassian.net/rest/api/3"

def jira_post(path, body):
    return requests.post(BASE + path, json=body)

def main(key):
    r = requests.get(f"{BASE}/issue/{key}")
    jira_post("/issue/" + key + "/comment", {"body": "hi"})
"#;
        let got = found("a.py", text);
        assert!(
            got.contains(&(
                "GET".into(),
                "https://acme.atlassian.net/rest/api/3/issue/{}".into()
            )),
            "{got:?}"
        );
        assert!(
            got.contains(&(
                "POST".into(),
                "https://acme.atlassian.net/rest/api/3/issue/{}/comment".into()
            )),
            "{got:?}"
        );
    }

    #[test]
    fn javascript_template_literals_with_fetch_options() {
        let text = "const base = `https://${site}.atlassian.net`;\nawait fetch(`${base}/rest/api/3/issue/${key}`, {\n  method: 'PUT',\n});\n";
        let got = found("a.js", text);
        assert_eq!(
            got,
            vec![(
                "PUT".to_string(),
                "https://{}.atlassian.net/rest/api/3/issue/{}".to_string()
            )]
        );
    }

    #[test]
    fn shell_curl_and_powershell() {
        let got = found(
            "a.sh",
            "curl -s -X DELETE \"$JIRA/rest/api/3/issue/$KEY\"\n",
        );
        assert_eq!(
            got,
            vec![("DELETE".to_string(), "{}/rest/api/3/issue/{}".to_string())]
        );
        let got = found("a.ps1", "$base = \"https://x.atlassian.net\"\nInvoke-RestMethod -Uri \"$base/rest/api/3/myself\" -Method Get\n");
        assert_eq!(
            got,
            vec![(
                "GET".to_string(),
                "https://x.atlassian.net/rest/api/3/myself".to_string()
            )]
        );
    }

    #[test]
    fn go_sprintf_and_method_constants() {
        let text = "req, _ := http.NewRequest(http.MethodPost, fmt.Sprintf(\"%s/rest/agile/1.0/sprint/%d/issue\", base, id), body)\n";
        let got = found("a.go", text);
        assert_eq!(
            got,
            vec![(
                "POST".to_string(),
                "{}/rest/agile/1.0/sprint/{}/issue".to_string()
            )]
        );
    }

    #[test]
    fn files_without_markers_are_skipped_and_garbage_does_not_panic() {
        assert!(scan_source("x", "print('hello')").is_empty());
        let _ = scan_source("x", "\"/rest/api/3/{\" + + ${ `\u{0}` '''/wiki/ $(");
    }
}
