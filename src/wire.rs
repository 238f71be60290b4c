//! The guard panel's side of the message boundary without serde: a small JSON reader for the replies
//! the panel reads (its `PanelModel` and a choice's `need_reason`) and a writer for the three requests
//! it sends.
//!
//! Why not serde_json: the panel's wasm module is the one a click waits for, and serde_json with
//! serde's derived readers was most of it (float parsing tables, `f64` formatting reached through
//! serde's error messages, the derived visitors; docs/performance.md, "The panel's module"). The
//! background keeps serde: it writes the model with serde_json and reads the requests with it, so
//! serde's derives stay the one definition of the message shapes. This reader and writer follow
//! them, and the tests at the bottom hold them together: every model variant written by serde_json
//! reads back equal here, and every request written here reads back equal through serde.
//!
//! Numbers are kept as their text and read only as unsigned integers: the panel's models carry no
//! fractions, so no float code is needed (a fraction where an integer is expected is an error).

use crate::atlassian::limits::CredentialKind;
use crate::atlassian::pages::PrefillApp;
use crate::guard::{Advice, AnswerAdvice, Choice, PanelModel, ScopeLine, Use, UseOption};
use crate::handoff::{ConsentModel, ConsentScope};
use crate::policy::GuardMode;
use crate::protocol::PageRequest;

/// A parsed JSON value. Objects keep their members in order (the panel reads few, small objects).
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    /// A number's text, validated against JSON's grammar, converted only when read.
    Num(String),
    Str(String),
    Arr(Vec<Json>),
    Obj(Vec<(String, Json)>),
}

/// Why a text is not the JSON the panel expects (static text: no formatting code in the module).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WireError(pub &'static str);

/// Deeper than any message we send; bounds the reader's recursion on hostile input.
const MAX_DEPTH: usize = 64;

/// Parses one JSON text (surrounding whitespace allowed, nothing else after the value).
pub fn parse(text: &str) -> Result<Json, WireError> {
    let mut p = Parser {
        s: text.as_bytes(),
        i: 0,
    };
    let v = p.value(0)?;
    p.ws();
    if p.i != p.s.len() {
        return Err(WireError("trailing characters"));
    }
    Ok(v)
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn eat(&mut self, b: u8) -> bool {
        if self.peek() == Some(b) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn word(&mut self, w: &[u8], v: Json) -> Result<Json, WireError> {
        if self.s.get(self.i..self.i + w.len()) == Some(w) {
            self.i += w.len();
            Ok(v)
        } else {
            Err(WireError("unexpected character"))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json, WireError> {
        if depth > MAX_DEPTH {
            return Err(WireError("nested too deeply"));
        }
        self.ws();
        match self.peek() {
            Some(b'{') => {
                self.i += 1;
                let mut members = Vec::new();
                self.ws();
                if self.eat(b'}') {
                    return Ok(Json::Obj(members));
                }
                loop {
                    self.ws();
                    let key = self.string()?;
                    self.ws();
                    if !self.eat(b':') {
                        return Err(WireError("expected ':'"));
                    }
                    members.push((key, self.value(depth + 1)?));
                    self.ws();
                    if self.eat(b'}') {
                        return Ok(Json::Obj(members));
                    }
                    if !self.eat(b',') {
                        return Err(WireError("expected ',' or '}'"));
                    }
                }
            }
            Some(b'[') => {
                self.i += 1;
                let mut items = Vec::new();
                self.ws();
                if self.eat(b']') {
                    return Ok(Json::Arr(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    self.ws();
                    if self.eat(b']') {
                        return Ok(Json::Arr(items));
                    }
                    if !self.eat(b',') {
                        return Err(WireError("expected ',' or ']'"));
                    }
                }
            }
            Some(b'"') => self.string().map(Json::Str),
            Some(b't') => self.word(b"true", Json::Bool(true)),
            Some(b'f') => self.word(b"false", Json::Bool(false)),
            Some(b'n') => self.word(b"null", Json::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => Err(WireError("expected a value")),
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.i;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.i += 1;
        }
        self.i - start
    }

    fn number(&mut self) -> Result<Json, WireError> {
        let start = self.i;
        self.eat(b'-');
        let int_start = self.i;
        let n = self.digits();
        // JSON forbids leading zeros ("01") and a bare "-".
        if n == 0 || (n > 1 && self.s[int_start] == b'0') {
            return Err(WireError("malformed number"));
        }
        if self.eat(b'.') && self.digits() == 0 {
            return Err(WireError("malformed number"));
        }
        if self.eat(b'e') || self.eat(b'E') {
            if !self.eat(b'+') {
                self.eat(b'-');
            }
            if self.digits() == 0 {
                return Err(WireError("malformed number"));
            }
        }
        // Only ASCII was consumed, so this slice is valid UTF-8.
        let text = std::str::from_utf8(&self.s[start..self.i])
            .map_err(|_| WireError("malformed number"))?;
        Ok(Json::Num(text.to_string()))
    }

    fn hex4(&mut self) -> Result<u32, WireError> {
        let mut v = 0u32;
        for _ in 0..4 {
            let d = match self.peek() {
                Some(c @ b'0'..=b'9') => c - b'0',
                Some(c @ b'a'..=b'f') => c - b'a' + 10,
                Some(c @ b'A'..=b'F') => c - b'A' + 10,
                _ => return Err(WireError("malformed \\u escape")),
            };
            v = v * 16 + u32::from(d);
            self.i += 1;
        }
        Ok(v)
    }

    fn string(&mut self) -> Result<String, WireError> {
        if !self.eat(b'"') {
            return Err(WireError("expected a string"));
        }
        let mut out: Vec<u8> = Vec::new();
        loop {
            let Some(c) = self.peek() else {
                return Err(WireError("unterminated string"));
            };
            self.i += 1;
            match c {
                b'"' => break,
                b'\\' => {
                    let Some(e) = self.peek() else {
                        return Err(WireError("unterminated string"));
                    };
                    self.i += 1;
                    let simple = match e {
                        b'"' => Some(b'"'),
                        b'\\' => Some(b'\\'),
                        b'/' => Some(b'/'),
                        b'b' => Some(8),
                        b'f' => Some(12),
                        b'n' => Some(b'\n'),
                        b'r' => Some(b'\r'),
                        b't' => Some(b'\t'),
                        b'u' => None,
                        _ => return Err(WireError("unknown escape")),
                    };
                    let ch = match simple {
                        Some(b) => char::from(b),
                        None => {
                            let hi = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&hi) {
                                // A high surrogate must be followed by its low half.
                                if !(self.eat(b'\\') && self.eat(b'u')) {
                                    return Err(WireError("lone surrogate"));
                                }
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return Err(WireError("lone surrogate"));
                                }
                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            } else {
                                hi
                            };
                            char::from_u32(code).ok_or(WireError("lone surrogate"))?
                        }
                    };
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                }
                0..=0x1F => return Err(WireError("control character in string")),
                _ => out.push(c),
            }
        }
        // The input was a &str and escapes were re-encoded as UTF-8, so this cannot fail.
        String::from_utf8(out).map_err(|_| WireError("invalid UTF-8"))
    }
}

impl Json {
    /// An object's member (`None` when absent or when this is not an object).
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Obj(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::Str(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Json::Bool(b) => Some(*b),
            _ => None,
        }
    }
    /// An unsigned integer that fits in `u32` (a fraction or exponent is not one).
    pub fn as_u32(&self) -> Option<u32> {
        match self {
            Json::Num(n) => n.parse().ok(),
            _ => None,
        }
    }
    pub fn as_array(&self) -> Option<&[Json]> {
        match self {
            Json::Arr(items) => Some(items),
            _ => None,
        }
    }
}

// Field readers. `req_*`: the field must be present (serde's derive without `default`); `opt_*`: a
// missing field is the type's default (`#[serde(default)]`). A present field of the wrong type is
// an error either way, as it is for serde.

fn field<'a>(v: &'a Json, key: &str) -> Option<&'a Json> {
    v.get(key)
}

fn req_str(v: &Json, key: &str) -> Option<String> {
    field(v, key)?.as_str().map(str::to_string)
}

fn opt_str(v: &Json, key: &str) -> Option<String> {
    match field(v, key) {
        None => Some(String::new()),
        Some(x) => x.as_str().map(str::to_string),
    }
}

fn req_bool(v: &Json, key: &str) -> Option<bool> {
    field(v, key)?.as_bool()
}

fn opt_bool(v: &Json, key: &str) -> Option<bool> {
    match field(v, key) {
        None => Some(false),
        Some(x) => x.as_bool(),
    }
}

fn req_u32(v: &Json, key: &str) -> Option<u32> {
    field(v, key)?.as_u32()
}

/// An `Option<T>` field: absent or `null` is `None` (serde's reading of `Option`).
fn opt_option<T>(v: &Json, key: &str, read: impl Fn(&Json) -> Option<T>) -> Option<Option<T>> {
    match field(v, key) {
        None | Some(Json::Null) => Some(None),
        Some(x) => read(x).map(Some),
    }
}

fn list<T>(v: &Json, read: impl Fn(&Json) -> Option<T>) -> Option<Vec<T>> {
    // A plain loop: `collect::<Option<Vec<_>>>` cost 1,641 B more in the panel's module.
    let items = v.as_array()?;
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        out.push(read(item)?);
    }
    Some(out)
}

fn req_list<T>(v: &Json, key: &str, read: impl Fn(&Json) -> Option<T>) -> Option<Vec<T>> {
    list(field(v, key)?, read)
}

fn opt_list<T>(v: &Json, key: &str, read: impl Fn(&Json) -> Option<T>) -> Option<Vec<T>> {
    match field(v, key) {
        None => Some(Vec::new()),
        Some(x) => list(x, read),
    }
}

fn string(v: &Json) -> Option<String> {
    v.as_str().map(str::to_string)
}

// The unit enums' names as serde writes them (`rename_all = "snake_case"`); the tests check each
// variant against serde_json.

const GUARD_MODES: [(GuardMode, &str); 5] = [
    (GuardMode::Off, "off"),
    (GuardMode::Inform, "inform"),
    (GuardMode::Warn, "warn"),
    (GuardMode::RequireReason, "require_reason"),
    (GuardMode::Block, "block"),
];

const PREFILL_APPS: [(PrefillApp, &str); 4] = [
    (PrefillApp::Jira, "jira"),
    (PrefillApp::Confluence, "confluence"),
    (PrefillApp::Bitbucket, "bitbucket"),
    (PrefillApp::RovoMcp, "rovo_mcp"),
];

const CHOICES: [(Choice, &str); 4] = [
    (Choice::ServiceAccount, "service_account"),
    (Choice::AskAdmin, "ask_admin"),
    (Choice::ContinuePersonal, "continue_personal"),
    (Choice::NotNow, "not_now"),
];

const CREDENTIALS: [(CredentialKind, &str); 4] = [
    (CredentialKind::ScopedPersonalToken, "scoped_personal_token"),
    (CredentialKind::ServiceAccountToken, "service_account_token"),
    (CredentialKind::ServiceAccountOauth, "service_account_oauth"),
    (CredentialKind::BitbucketToken, "bitbucket_token"),
];

fn by_name<T: Copy>(table: &[(T, &'static str)], v: &Json) -> Option<T> {
    let name = v.as_str()?;
    table.iter().find(|(_, n)| *n == name).map(|(t, _)| *t)
}

fn name_of<T: Copy + PartialEq>(table: &[(T, &'static str)], t: T) -> &'static str {
    table
        .iter()
        .find(|(x, _)| *x == t)
        .map(|(_, n)| *n)
        .unwrap_or("")
}

/// The name serde gives a choice (also the panel's `data-choice` attribute).
pub fn choice_name(choice: Choice) -> &'static str {
    name_of(&CHOICES, choice)
}

/// `Use` is adjacently tagged: `{"kind": "template", "template": id}`, `{"kind": "only_me"}`.
pub fn read_use(v: &Json) -> Option<Use> {
    match field(v, "kind")?.as_str()? {
        "template" => Some(Use::Template(req_str(v, "template")?)),
        "something_else" => Some(Use::SomethingElse),
        "only_me" => Some(Use::OnlyMe),
        _ => None,
    }
}

fn read_use_option(v: &Json) -> Option<UseOption> {
    Some(UseOption {
        id: req_str(v, "id")?,
        name: req_str(v, "name")?,
        purpose: req_str(v, "purpose")?,
    })
}

fn read_scope_line(v: &Json) -> Option<ScopeLine> {
    Some(ScopeLine {
        scope: req_str(v, "scope")?,
        reason: req_str(v, "reason")?,
    })
}

fn read_advice(v: &Json) -> Option<Advice> {
    Some(Advice {
        primary: by_name(&CHOICES, field(v, "primary")?)?,
        personal_ok: req_bool(v, "personal_ok")?,
        credential: by_name(&CREDENTIALS, field(v, "credential")?)?,
        scopes: req_list(v, "scopes", read_scope_line)?,
        exposure: req_u32(v, "exposure")?,
        baseline_exposure: req_u32(v, "baseline_exposure")?,
        exposure_times: opt_option(v, "exposure_times", Json::as_u32)?,
        expiry_days: req_u32(v, "expiry_days")?,
        warnings: req_list(v, "warnings", string)?,
        purpose: req_str(v, "purpose")?,
    })
}

fn read_consent_scope(v: &Json) -> Option<ConsentScope> {
    Some(ConsentScope {
        scope: req_str(v, "scope")?,
        reason: req_str(v, "reason")?,
    })
}

fn read_consent(v: &Json) -> Option<ConsentModel> {
    Some(ConsentModel {
        id: req_str(v, "id")?,
        name: req_str(v, "name")?,
        description: req_str(v, "description")?,
        role_label: req_str(v, "role_label")?,
        credential: by_name(&CREDENTIALS, field(v, "credential")?)?,
        scopes: req_list(v, "scopes", read_consent_scope)?,
        expiry: req_str(v, "expiry")?,
        expiry_days: req_u32(v, "expiry_days")?,
        press_final: req_bool(v, "press_final")?,
        replaces_token: opt_option(v, "replaces_token", string)?,
    })
}

fn read_answer_advice(v: &Json) -> Option<AnswerAdvice> {
    Some(AnswerAdvice {
        answer: read_use(field(v, "answer")?)?,
        advice: read_advice(field(v, "advice")?)?,
        consent: opt_option(v, "consent", read_consent)?,
    })
}

/// Reads a `PanelModel` as serde_json writes it (`None` if any field is missing or mistyped).
pub fn read_panel_model(v: &Json) -> Option<PanelModel> {
    Some(PanelModel {
        attempt: req_u32(v, "attempt")?,
        mode: by_name(&GUARD_MODES, field(v, "mode")?)?,
        control: req_str(v, "control")?,
        label: req_str(v, "label")?,
        admin_likely: req_bool(v, "admin_likely")?,
        orgs: req_list(v, "orgs", string)?,
        uses: req_list(v, "uses", read_use_option)?,
        can_continue: req_bool(v, "can_continue")?,
        reason_required: req_bool(v, "reason_required")?,
        admin_contact: req_str(v, "admin_contact")?,
        request_url_template: req_str(v, "request_url_template")?,
        max_expiry_days: req_u32(v, "max_expiry_days")?,
        owner: opt_str(v, "owner")?,
        press_final: opt_bool(v, "press_final")?,
        advice: opt_list(v, "advice", read_answer_advice)?,
        app: match field(v, "app") {
            None | Some(Json::Null) => None,
            Some(app) => Some(by_name(&PREFILL_APPS, app)?),
        },
    })
}

/// Reads a reply's header: `ok: false` with an error is that error, and an `ok` reply must have the
/// `type` the caller expects (other fields are the caller's to read). Returns the whole reply to read fields from.
pub fn read_reply(text: &str, tag: &str) -> Result<Json, String> {
    let reply = parse(text).map_err(|e| malformed(e.0))?;
    let ok = reply.get("ok").and_then(Json::as_bool).unwrap_or(false);
    let kind = reply.get("type").and_then(Json::as_str).unwrap_or("");
    let error = reply.get("error").and_then(Json::as_str).unwrap_or("");
    if !ok && !error.is_empty() {
        return Err(error.to_string());
    }
    if ok && kind == tag {
        return Ok(reply);
    }
    Err(malformed("unexpected reply type"))
}

fn malformed(why: &str) -> String {
    let mut s = String::from("malformed reply: ");
    s.push_str(why);
    s
}

// The writer.

/// A JSON string literal for `s` (quotes, backslashes and control characters escaped).
fn push_str(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let b = c as usize;
                out.push_str("\\u00");
                out.push(char::from(HEX[b >> 4]));
                out.push(char::from(HEX[b & 15]));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn push_u32(out: &mut String, mut n: u32) {
    let mut buf = [0u8; 10];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &b in &buf[i..] {
        out.push(char::from(b));
    }
}

fn push_key(out: &mut String, key: &str) {
    out.push(',');
    push_str(out, key);
    out.push(':');
}

fn push_use(out: &mut String, answer: &Use) {
    out.push_str("{\"kind\":");
    match answer {
        Use::Template(id) => {
            push_str(out, "template");
            push_key(out, "template");
            push_str(out, id);
        }
        Use::SomethingElse => push_str(out, "something_else"),
        Use::OnlyMe => push_str(out, "only_me"),
    }
    out.push('}');
}

/// The JSON text serde would read back as `request`, for the requests the panel sends
/// (`panel_model`, `panel_choice`, `dismiss_banner`); `None` for any other.
pub fn write_page_request(request: &PageRequest) -> Option<String> {
    let mut out = String::from("{\"type\":");
    match request {
        PageRequest::PanelModel { attempt, key } => {
            push_str(&mut out, "panel_model");
            push_key(&mut out, "attempt");
            push_u32(&mut out, *attempt);
            push_key(&mut out, "key");
            push_str(&mut out, key);
        }
        PageRequest::PanelChoice {
            attempt,
            key,
            choice,
            answer,
            name,
            reason,
            org,
        } => {
            push_str(&mut out, "panel_choice");
            push_key(&mut out, "attempt");
            push_u32(&mut out, *attempt);
            push_key(&mut out, "key");
            push_str(&mut out, key);
            push_key(&mut out, "choice");
            push_str(&mut out, choice_name(*choice));
            push_key(&mut out, "answer");
            match answer {
                Some(a) => push_use(&mut out, a),
                None => out.push_str("null"),
            }
            push_key(&mut out, "name");
            push_str(&mut out, name);
            push_key(&mut out, "reason");
            push_str(&mut out, reason);
            push_key(&mut out, "org");
            push_str(&mut out, org);
        }
        PageRequest::DismissBanner {} => push_str(&mut out, "dismiss_banner"),
        _ => return None,
    }
    out.push('}');
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guard;
    use crate::policy::Settings;

    /// The models the background sends: every guard mode, with and without orgs, an owner and
    /// awkward text (quotes, backslashes, control characters, non-ASCII, astral characters).
    fn models() -> Vec<PanelModel> {
        let mut out = Vec::new();
        for (mode, _) in GUARD_MODES {
            for orgs in [
                vec![],
                vec!["abc123ab".to_string()],
                vec!["o1".into(), "o2".into()],
            ] {
                let settings = Settings {
                    guard_mode: mode,
                    admin_contact: "it@example.com".into(),
                    request_url_template: "https://x.example/req?n={name}&s={scopes}".into(),
                    ..Settings::default()
                };
                let label = "Jira \"sync\" \\ tab\t nl\n ctl\u{1} é 😀";
                let mut m = guard::panel_model(7, "create_classic_token", label, &settings, &orgs);
                m.owner = "ada@example.com".into();
                // A prefilled app on some of them (each app once across the modes).
                let app = PREFILL_APPS.get(out.len() % 5).map(|(a, _)| *a);
                out.push(guard::with_advice(
                    guard::for_app(m, app),
                    1_795_824_000_000.0,
                ));
            }
        }
        out
    }

    #[test]
    fn every_panel_model_serde_writes_reads_back_equal() {
        let models = models();
        // The fixtures exercise what the reader must handle: advice with and without a ratio, with
        // and without a consent.
        let all_advice = || models.iter().flat_map(|m| &m.advice);
        assert!(all_advice().any(|a| a.advice.exposure_times.is_some()));
        assert!(all_advice().any(|a| a.advice.exposure_times.is_none()));
        assert!(all_advice().any(|a| a.consent.is_some()));
        assert!(all_advice().any(|a| a.consent.is_none()));
        assert!(all_advice().any(|a| !a.advice.scopes.is_empty()));
        for m in models {
            let text = serde_json::to_string(&m).unwrap();
            let read = read_panel_model(&parse(&text).unwrap());
            assert_eq!(read.as_ref(), Some(&m), "{text}");
            // Pretty-printed (whitespace everywhere) reads the same.
            let pretty = serde_json::to_string_pretty(&m).unwrap();
            assert_eq!(read_panel_model(&parse(&pretty).unwrap()), Some(m));
        }
    }

    #[test]
    fn a_consent_replacing_a_token_and_a_missing_default_read_back() {
        let mut m = models().remove(4);
        let consent = m
            .advice
            .iter_mut()
            .find_map(|a| a.consent.as_mut())
            .unwrap();
        consent.replaces_token = Some("old token".into());
        consent.credential = CredentialKind::ServiceAccountOauth;
        let text = serde_json::to_string(&m).unwrap();
        assert_eq!(read_panel_model(&parse(&text).unwrap()).as_ref(), Some(&m));
        // Fields serde defaults may be absent, as serde allows.
        let mut v = serde_json::to_value(&m).unwrap();
        for key in ["owner", "press_final", "advice"] {
            v.as_object_mut().unwrap().remove(key);
        }
        let by_serde: PanelModel = serde_json::from_value(v.clone()).unwrap();
        let by_wire = read_panel_model(&parse(&v.to_string()).unwrap());
        assert_eq!(by_wire, Some(by_serde));
    }

    #[test]
    fn a_required_field_missing_or_mistyped_is_refused_as_serde_refuses_it() {
        let m = models().remove(0);
        let v = serde_json::to_value(&m).unwrap();
        for key in ["attempt", "mode", "label", "uses", "max_expiry_days"] {
            let mut w = v.clone();
            w.as_object_mut().unwrap().remove(key);
            assert!(serde_json::from_value::<PanelModel>(w.clone()).is_err());
            assert_eq!(
                read_panel_model(&parse(&w.to_string()).unwrap()),
                None,
                "{key}"
            );
        }
        for (key, bad) in [
            ("attempt", serde_json::json!(1.5)),
            ("attempt", serde_json::json!(-1)),
            ("attempt", serde_json::json!("1")),
            ("mode", serde_json::json!("loud")),
            ("orgs", serde_json::json!([1])),
        ] {
            let mut w = v.clone();
            w.as_object_mut().unwrap().insert(key.into(), bad);
            assert!(serde_json::from_value::<PanelModel>(w.clone()).is_err());
            assert_eq!(
                read_panel_model(&parse(&w.to_string()).unwrap()),
                None,
                "{key}"
            );
        }
    }

    #[test]
    fn the_enum_names_are_serdes() {
        for (mode, name) in GUARD_MODES {
            assert_eq!(serde_json::to_value(mode).unwrap(), name);
        }
        for (app, name) in PREFILL_APPS {
            assert_eq!(serde_json::to_value(app).unwrap(), name);
        }
        for (choice, name) in CHOICES {
            assert_eq!(serde_json::to_value(choice).unwrap(), name);
            assert_eq!(choice_name(choice), name);
        }
        for (kind, name) in CREDENTIALS {
            assert_eq!(serde_json::to_value(kind).unwrap(), name);
        }
        for answer in [Use::Template("t-1".into()), Use::SomethingElse, Use::OnlyMe] {
            let text = serde_json::to_string(&answer).unwrap();
            assert_eq!(read_use(&parse(&text).unwrap()), Some(answer));
        }
    }

    #[test]
    fn every_request_the_panel_writes_reads_back_through_serde() {
        let odd = "q\"b\\s/ n\n r\r t\t c\u{1f}\u{7f} é 😀";
        let mut requests = vec![
            PageRequest::DismissBanner {},
            PageRequest::PanelModel {
                attempt: 0,
                key: String::new(),
            },
            PageRequest::PanelModel {
                attempt: u32::MAX,
                key: odd.into(),
            },
        ];
        for (choice, _) in CHOICES {
            for answer in [
                None,
                Some(Use::Template(odd.into())),
                Some(Use::SomethingElse),
                Some(Use::OnlyMe),
            ] {
                requests.push(PageRequest::PanelChoice {
                    attempt: 42,
                    key: "k".into(),
                    choice,
                    answer,
                    name: odd.into(),
                    reason: "because".into(),
                    org: "o1".into(),
                });
            }
        }
        for request in requests {
            let text = write_page_request(&request).unwrap();
            let back: PageRequest = serde_json::from_str(&text).unwrap();
            assert_eq!(back, request, "{text}");
            // And the reader reads what the writer writes.
            assert!(parse(&text).is_ok());
        }
        assert_eq!(write_page_request(&PageRequest::Ping {}), None);
    }

    #[test]
    fn strings_and_numbers_follow_json() {
        let v =
            parse(r#" {"a": "\u00e9\ud83d\ude00\n\/", "n": [0, -1, 12, 1.5, 2e3, 4294967296]} "#)
                .unwrap();
        assert_eq!(v.get("a").and_then(Json::as_str), Some("é😀\n/"));
        let n: Vec<Option<u32>> = v
            .get("n")
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(Json::as_u32)
            .collect();
        assert_eq!(n, [Some(0), None, Some(12), None, None, None]);
        // Each agrees with serde_json on what is JSON at all.
        for bad in [
            "",
            "{",
            "[1,]",
            "{\"a\":1,}",
            "01",
            "-",
            "1.",
            "1e",
            "\"\\x\"",
            "\"\\ud83d\"",
            "\"\\udc00\"",
            "\"a\u{1}\"",
            "tru",
            "nul",
            "[1] 2",
            "{\"a\" 1}",
            "'a'",
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
            assert!(
                serde_json::from_str::<serde_json::Value>(bad).is_err(),
                "{bad:?}"
            );
        }
        let deep = "[".repeat(MAX_DEPTH + 2) + &"]".repeat(MAX_DEPTH + 2);
        assert!(parse(&deep).is_err());
        let ok_depth = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(parse(&ok_depth).is_ok());
    }

    #[test]
    fn replies_are_read_by_their_header() {
        assert!(read_reply(
            r#"{"ok":true,"type":"choice","need_reason":true}"#,
            "choice"
        )
        .is_ok());
        assert_eq!(
            read_reply(r#"{"ok":false,"error":"unknown attempt"}"#, "choice").unwrap_err(),
            "unknown attempt"
        );
        assert!(read_reply(r#"{"ok":true,"type":"popup_model"}"#, "choice").is_err());
        assert!(read_reply("not json", "choice").is_err());
        assert!(read_reply("null", "choice").is_err());
    }
}
