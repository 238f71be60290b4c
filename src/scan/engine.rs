//! Pass 1 and 2 of the scan, on tree-sitter syntax trees.
//!
//! The evaluator is written once for every grammar: it reads node kinds and field names that the
//! grammars share (`call`/`call_expression`/`method_invocation`/`command`…, `string`/`template_string`
//! with `interpolation`/`template_substitution`/`simple_expansion` children, `binary_expression`
//! with `+` or PHP `.`, assignments and declarators with `left`/`right` or `name`/`value`), so a
//! language is added by adding its grammar in [`super::lang`] and, where it names things
//! differently, a kind to the lists below.
//!
//! 1. Every file is parsed and its definitions collected: assignments (with the function they are
//!    in and their position, so a use sees the assignment that reaches it, not the file's last),
//!    class fields (`self.base_url`, `this.base`, `@base`, `$this->base`, `$script:Base`),
//!    functions and their parameters.
//! 2. Every call whose argument evaluates to an Atlassian URL is a request; a call inside a function
//!    whose URL depends on a parameter makes the function a *helper*, and every call of a helper
//!    (two levels deep) is a request with the caller's argument in place of the parameter.
//!    Unknown values become `{}`; the matcher strips an unknown base in front of a known API root.

use std::collections::HashMap;

use regex::Regex;
use std::sync::OnceLock;
use tree_sitter::{Node, Parser, Tree};

use super::lang::Language;
use super::output;
use super::walk::SourceFile;
use super::{FoundCall, Skipped, UnresolvedCall};
use crate::scopes::matcher;

/// What the engine found in a set of files.
#[derive(Default)]
pub struct EngineResult {
    pub calls: Vec<FoundCall>,
    pub unresolved: Vec<UnresolvedCall>,
    pub skipped: Vec<Skipped>,
    pub files_parsed: usize,
}

/// `FoundCall::method_source` of a call whose verb was found nowhere: reported as GET, and said so.
pub const METHOD_UNKNOWN: &str = "method unknown, assumed GET";

/// Stands for a helper function's parameter inside an evaluated URL: `\u{1}N\u{1}`.
const PARAM_MARK: char = '\u{1}';
/// How deep one expression's syntax is followed (PowerShell wraps every value in ~12 nodes).
const MAX_DEPTH: usize = 96;
/// How many variables deep a value is followed (cycles and fan-out end here).
const MAX_LOOKUPS: u8 = 5;

struct Parsed<'f> {
    file: &'f SourceFile,
    tree: Tree,
}

#[derive(Clone)]
struct Def<'t> {
    file: usize,
    value: Node<'t>,
    /// The enclosing function's node id (None: module or class level).
    scope: Option<usize>,
    start: usize,
    line: usize,
    /// `self.x`, `this.x`, `@x`, `$this->x`, a class field.
    member: bool,
}

#[derive(Clone)]
struct Helper {
    /// The URL with `\u{1}N\u{1}` for parameter N.
    template: String,
    method: HelperMethod,
    file: String,
    line: usize,
    resolution: String,
    /// The class or module the function is in (`BitbucketApi`), lower-cased: a call on another
    /// class (`MediaType.get(…)`) is not a call of this helper.
    class: Option<String>,
}

/// The name of the class, module or impl a node is in, lower-cased.
fn enclosing_class(node: Node, src: &str) -> Option<String> {
    let mut cur = node.parent();
    while let Some(n) = cur {
        let k = n.kind();
        if k.contains("class_declaration")
            || k == "class_definition"
            || k == "class"
            || k == "module"
            || k == "impl_item"
            || k == "object_declaration"
            || k == "interface_declaration"
        {
            let name = n
                .child_by_field_name("name")
                .or_else(|| n.child_by_field_name("type"))?;
            return key_of(text(name, src));
        }
        cur = n.parent();
    }
    None
}

#[derive(Clone, PartialEq)]
enum HelperMethod {
    Known(String, bool),
    Param(usize),
}

const FUNCTION_KINDS: &[&str] = &[
    "function_definition",
    "function_declaration",
    "method_definition",
    "method_declaration",
    "method",
    "singleton_method",
    "function_item",
    "arrow_function",
    "function_expression",
    "function",
    "func_literal",
    "constructor_declaration",
    "local_function_statement",
    "function_statement",
    "anonymous_function",
    "lambda_literal",
];

const CALL_KINDS: &[&str] = &[
    "call",
    "call_expression",
    "new_expression",
    "method_invocation",
    "object_creation_expression",
    "function_call_expression",
    "member_call_expression",
    "scoped_call_expression",
    "nullsafe_member_call_expression",
    "invocation_expression",
    "command",
    "macro_invocation",
];

const ASSIGN_KINDS: &[&str] = &[
    "assignment",
    "assignment_expression",
    "variable_declarator",
    "short_var_declaration",
    "var_spec",
    "const_spec",
    "property_declaration",
    "variable_assignment",
    "let_declaration",
    "const_item",
    "static_item",
    "const_element",
    "property_element",
    "public_field_definition",
    "field_definition",
    "augmented_assignment",
    "field_initializer",
];

/// Calls that print or raise: a URL in them is a message, not a request.
const MESSAGE_CALLEES: &[&str] = &[
    "print",
    "println",
    "printf",
    "eprintln",
    "puts",
    "p",
    "echo",
    "log",
    "info",
    "debug",
    "warn",
    "warning",
    "error",
    "trace",
    "fatal",
    "errorf",
    "fprintf",
    "fprintln",
    "write-host",
    "write-output",
    "write-verbose",
    "write-debug",
    "write-warning",
    "write-error",
    "write-information",
    "panic",
    "die",
    "exit",
    "raise",
    "assert",
    "assertequal",
    "assertequals",
    "expect",
    "logf",
    "sprintf",
    "format",
    "printline",
    "writeline",
    "write",
    "alert",
    "comment",
    "t",
    "gettext",
];

/// Calls whose value is a URL built from their arguments (evaluated, not requests themselves).
const URL_BUILDERS: &[&str] = &[
    "urljoin",
    "join",
    "url",
    "uri",
    "create",
    "parse",
    "resolve",
    "uri.create",
    "new_url",
];

/// Steps of a request builder chain (OkHttp `Request.Builder().url(u).header(…).post(b).build()`,
/// RestSharp `new RestRequest(p).AddJsonBody(…)`, reqwest `.basic_auth(…)`): when the receiver is
/// itself a call, the chain's value is the URL its receiver carries.
const BUILDER_STEPS: &[&str] = &[
    "build",
    "header",
    "headers",
    "addheader",
    "addheaders",
    "setheader",
    "get",
    "post",
    "put",
    "patch",
    "delete",
    "head",
    "method",
    "body",
    "json",
    "form",
    "query",
    "addjsonbody",
    "addbody",
    "addparameter",
    "addqueryparameter",
    "addurlsegment",
    "basic_auth",
    "bearer_auth",
    "timeout",
    "tag",
    "cachecontrol",
];

/// Constructors of request or client-options objects whose first string argument is the request
/// path or base URL (`new RestRequest("issue", Method.Post)`, `new RestClientOptions(base)`,
/// `new HttpRequestMessage(HttpMethod.Post, url)`).
fn is_request_object_type(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.ends_with("request") || n.ends_with("requestmessage") || n.ends_with("clientoptions")
}

fn is_kind(node: Node, kinds: &[&str]) -> bool {
    kinds.contains(&node.kind())
}

fn text<'a>(node: Node, src: &'a str) -> &'a str {
    src.get(node.byte_range()).unwrap_or("")
}

fn ident_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"[A-Za-z_][A-Za-z0-9_]*").expect("static regex"))
}

/// The key a name is stored under: its last identifier, lower-cased
/// (`self.base_url` → `base_url`, `$script:JiraBaseUrl` → `jirabaseurl`).
fn key_of(name: &str) -> Option<String> {
    ident_re()
        .find_iter(name)
        .last()
        .map(|m| m.as_str().to_ascii_lowercase())
}

fn is_member_name(name: &str) -> bool {
    let n = name.trim_start();
    n.starts_with("self.")
        || n.starts_with("this.")
        || n.starts_with('@')
        || n.starts_with("$this->")
        || n.starts_with("$script:")
        || n.starts_with("$global:")
        || n.starts_with("this->")
}

struct Index<'t> {
    parsed: &'t [Parsed<'t>],
    /// Per file, the nodes found by [`file_nodes`] (one walk shared by every pass).
    nodes: &'t [FileNodes<'t>],
    defs: HashMap<String, Vec<Def<'t>>>,
    /// Function node id → parameter keys.
    params: HashMap<usize, Vec<String>>,
    /// A function's requests that depend on its parameters, one entry per request (a function
    /// may read a page and then update it: each call of it is both requests).
    helpers: HashMap<String, Vec<Helper>>,
    /// Named functions: name → (file, node), for URL-building helpers (`fn agile(path) -> String`).
    functions: HashMap<String, Vec<(usize, Node<'t>)>>,
    /// PowerShell scripts that take parameters: file stem → (file, root).
    script_functions: HashMap<String, (usize, Node<'t>)>,
}

/// The enclosing function of a node (its id), if any. A PowerShell script file that starts with
/// `param(...)` is a function too: other scripts call it by path with arguments
/// (`& "$PSScriptRoot/Invoke-JiraApi.ps1" -Endpoint …`).
fn enclosing_function(node: Node) -> Option<Node> {
    let mut cur = node.parent();
    let mut last = node;
    while let Some(n) = cur {
        if is_kind(n, FUNCTION_KINDS) {
            return Some(n);
        }
        last = n;
        cur = n.parent();
    }
    is_script_function(last).then_some(last)
}

/// A syntax tree's root that declares parameters (PowerShell `program` with a `param_block`).
fn is_script_function(node: Node) -> bool {
    node.parent().is_none()
        && node.kind() == "program"
        && node
            .named_child(0)
            .is_some_and(|c| c.kind() == "param_block")
}

/// The key a call's callee is known by: its last segment, or for a PowerShell script called by
/// path (`& "$PSScriptRoot/Invoke-JiraApi.ps1"`) the script's file stem.
fn callee_key_of(callee: &str) -> String {
    let t = callee.trim().trim_matches(['"', '\'', '`']);
    if let Some(stem) = t.to_ascii_lowercase().strip_suffix(".ps1") {
        return stem.rsplit(['/', '\\']).next().unwrap_or(stem).to_string();
    }
    last_segment(callee).to_ascii_lowercase()
}

/// A verb named by an argument's text: `:post`, `'PUT'`, `Http.Verb.POST`, `Method::GET`,
/// `HttpMethod.Post`, `http.MethodDelete`, a PowerShell `Post`.
fn verb_constant(t: &str) -> Option<&'static str> {
    if let Some(v) = verb_in_text(t) {
        return Some(v);
    }
    let t = t.trim().trim_matches([':', '"', '\'', '`']);
    let last = t.rsplit(['.', ':']).next().unwrap_or(t);
    let up = last.to_ascii_uppercase();
    VERBS.iter().copied().find(|v| *v == up)
}

/// Parameter names that carry the HTTP verb of a request helper.
const METHOD_PARAMS: &[&str] = &[
    "method",
    "verb",
    "http_method",
    "httpmethod",
    "method_str",
    "request_method",
    "requestmethod",
    "http_verb",
    "httpverb",
];

fn function_name(func: Node, src: &str) -> Option<String> {
    if let Some(name) = func.child_by_field_name("name") {
        return key_of(text(name, src));
    }
    // PowerShell `function Name { … }`: the first named child is the name.
    if func.kind() == "function_statement" {
        let mut c = func.walk();
        for ch in func.named_children(&mut c) {
            if ch.kind().contains("name") {
                return Some(text(ch, src).to_ascii_lowercase());
            }
        }
    }
    // `const v2 = (path) => …`, `v2 = function (path) {…}`.
    let parent = func.parent()?;
    if is_kind(parent, ASSIGN_KINDS) {
        let (lhs, _) = assignment_sides(parent)?;
        return key_of(text(lhs, src));
    }
    None
}

fn function_params(func: Node, src: &str, language: Language) -> Vec<String> {
    if is_script_function(func) {
        return func
            .named_child(0)
            .map(|block| param_names(block, src))
            .unwrap_or_default();
    }
    if language == Language::Shell {
        return (1..=9).map(|i| i.to_string()).collect();
    }
    let mut out = Vec::new();
    let params = func
        .child_by_field_name("parameters")
        .or_else(|| func.child_by_field_name("parameter"));
    let params = match params {
        Some(p) => Some(p),
        None => {
            // PowerShell: `param(...)` inside the body; Kotlin: `function_value_parameters`.
            let mut found = None;
            let mut stack = vec![func];
            while let Some(n) = stack.pop() {
                if n.kind() == "param_block"
                    || n.kind() == "function_value_parameters"
                    || n.kind() == "parameter_list"
                    || n.kind() == "formal_parameters"
                    || n.kind() == "method_parameters"
                    || n.kind() == "lambda_parameters"
                {
                    found = Some(n);
                    break;
                }
                if n.id() != func.id() && is_kind(n, FUNCTION_KINDS) {
                    continue;
                }
                let mut c = n.walk();
                let children: Vec<Node> = n.named_children(&mut c).collect();
                stack.extend(children.into_iter().rev());
            }
            found
        }
    };
    let Some(params) = params else {
        return out;
    };
    if params.kind() == "param_block" {
        return param_names(params, src);
    }
    let drop_self = language == Language::Python;
    if params.kind() == "identifier" {
        // `path => …`
        out.push(text(params, src).to_ascii_lowercase());
        return out;
    }
    let mut c = params.walk();
    for p in params.named_children(&mut c) {
        // Rust `&self` is the receiver, not an argument of `client.call(…)`.
        if p.kind().contains("comment")
            || p.kind() == "attribute_list"
            || p.kind() == "self_parameter"
        {
            continue;
        }
        let name_node = p
            .child_by_field_name("name")
            .or_else(|| p.child_by_field_name("pattern"))
            .unwrap_or(p);
        let t = text(name_node, src);
        // `path: str`, `string path`, `[string]$Path`, `$path`, `path string` (Go: name first).
        let name = if let Some(v) = t.split(['=', ':']).next() {
            v
        } else {
            t
        };
        let key = if language == Language::Go || language == Language::Python {
            ident_re()
                .find(name)
                .map(|m| m.as_str().to_ascii_lowercase())
        } else {
            key_of(name)
        };
        if language == Language::Go {
            // `method, path string` is one parameter_declaration with several names.
            let mut cc = p.walk();
            let names: Vec<String> = p
                .children_by_field_name("name", &mut cc)
                .map(|n| text(n, src).to_ascii_lowercase())
                .collect();
            if names.len() > 1 {
                out.extend(names);
                continue;
            }
        }
        if let Some(k) = key {
            if drop_self && out.is_empty() && (k == "self" || k == "cls") {
                continue;
            }
            out.push(k);
        }
    }
    out
}

/// The parameter names of a PowerShell `param(...)` block, in order (`[string]$Endpoint` →
/// `endpoint`), each from its `$name` (attributes and defaults aside).
fn param_names(block: Node, src: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![block];
    while let Some(n) = stack.pop() {
        if n.kind() == "script_parameter" {
            let mut c = n.walk();
            let variable = n.named_children(&mut c).find(|k| k.kind() == "variable");
            if let Some(name) = variable.and_then(|v| key_of(text(v, src))) {
                out.push(name);
            }
            continue;
        }
        let mut c = n.walk();
        let kids: Vec<Node> = n.named_children(&mut c).collect();
        stack.extend(kids.into_iter().rev());
    }
    out
}

/// `(left, right)` of an assignment-like node.
fn assignment_sides<'t>(node: Node<'t>) -> Option<(Node<'t>, Node<'t>)> {
    let lhs = node
        .child_by_field_name("left")
        .or_else(|| node.child_by_field_name("name"))
        .or_else(|| node.child_by_field_name("pattern"))
        .or_else(|| node.child_by_field_name("property"))
        .or_else(|| node.child_by_field_name("field"));
    let rhs = node
        .child_by_field_name("right")
        .or_else(|| node.child_by_field_name("value"));
    let mut c = node.walk();
    let named: Vec<Node> = node.named_children(&mut c).collect();
    let lhs = lhs.or_else(|| {
        named
            .iter()
            .find(|n| {
                let k = n.kind();
                k.contains("variable_declaration")
                    || k.contains("identifier")
                    || k.contains("name")
                    || k == "variable"
                    || k.contains("left")
            })
            .copied()
    })?;
    let rhs = rhs.or_else(|| named.last().copied())?;
    if rhs.id() == lhs.id() {
        return None;
    }
    // Go: `a, b := x, y` → the first pair.
    let first = |n: Node<'t>| -> Node<'t> {
        if n.kind().contains("list") {
            n.named_child(0).unwrap_or(n)
        } else {
            n
        }
    };
    Some((first(lhs), first(rhs)))
}

/// The nodes of one file the passes look at, found in one pre-order walk of its named nodes
/// (the passes used to walk every file three to five times each).
#[derive(Default)]
struct FileNodes<'t> {
    /// Call-like nodes ([`CALL_KINDS`]): request candidates, helper call sites, SDK calls.
    calls: Vec<Node<'t>>,
    /// Function-like nodes ([`FUNCTION_KINDS`]).
    functions: Vec<Node<'t>>,
    /// Nodes that define something: functions, assignments ([`ASSIGN_KINDS`]), Go keyed elements.
    defs: Vec<Node<'t>>,
}

/// Walks a tree once, in pre-order over named nodes (an anonymous node's subtree is not entered,
/// as `named_children` never lists it), with a cursor instead of a stack of child vectors.
fn file_nodes(tree: &Tree) -> FileNodes<'_> {
    let mut out = FileNodes::default();
    let mut cursor = tree.walk();
    loop {
        let node = cursor.node();
        let named = node.is_named();
        if named {
            if is_kind(node, CALL_KINDS) {
                out.calls.push(node);
            }
            let function = is_kind(node, FUNCTION_KINDS);
            if function {
                out.functions.push(node);
            }
            if function
                || node.kind() == "keyed_element"
                || node.kind() == "pair"
                || is_kind(node, ASSIGN_KINDS)
            {
                out.defs.push(node);
            }
        }
        if named && cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return out;
            }
        }
    }
}

fn collect_defs<'t>(
    file_index: usize,
    parsed: &'t Parsed<'t>,
    nodes: &FileNodes<'t>,
    defs: &mut HashMap<String, Vec<Def<'t>>>,
    params: &mut HashMap<usize, Vec<String>>,
) {
    let src = parsed.file.text.as_str();
    let language = parsed.file.language;
    for &node in &nodes.defs {
        if is_kind(node, FUNCTION_KINDS) {
            params.insert(node.id(), function_params(node, src, language));
        }
        if node.kind() == "pair" {
            // `JIRA_CONFIG = { BASE_PATH: '/rest/api/3' }`: a settings object's string field,
            // found by `JIRA_CONFIG.BASE_PATH` (stored under `.jira_config.base_path`, so a
            // plain variable named like a key never resolves to it).
            let key = node.child_by_field_name("key");
            let value = node.child_by_field_name("value");
            if let (Some(key), Some(value)) = (key, value) {
                let stringish = is_string_kind(value.kind())
                    || value.kind().contains("binary")
                    || value.kind() == "concatenated_string";
                let name = text(key, src).trim_matches(['"', '\'']);
                // Only paths and URLs, and only in an object assigned to a name: a test fixture's
                // `{ issueKey: 'https://…/browse/X-1' }` must not answer for `validated.issueKey`.
                let pathlike = text(value, src).contains('/');
                let object_name = node
                    .parent()
                    .filter(|o| o.kind() == "object")
                    .and_then(|o| o.parent())
                    .filter(|d| is_kind(*d, ASSIGN_KINDS))
                    .and_then(assignment_sides)
                    .and_then(|(lhs, _)| key_of(text(lhs, src)));
                if let (true, Some(object)) = (
                    stringish && pathlike && key.kind() != "computed_property_name",
                    object_name,
                ) {
                    if let Some(k) = key_of(name) {
                        defs.entry(format!(".{object}.{k}")).or_default().push(Def {
                            file: file_index,
                            value,
                            scope: None,
                            start: node.start_byte(),
                            line: node.start_position().row + 1,
                            member: true,
                        });
                    }
                }
            }
            continue;
        }
        if node.kind() == "keyed_element" {
            // Go `&Client{base: fmt.Sprintf(...)}`: a field set where the struct is built.
            let mut c = node.walk();
            let parts: Vec<Node> = node.named_children(&mut c).collect();
            if let [key, .., value] = parts.as_slice() {
                let value = if value.kind() == "literal_element" {
                    value.named_child(0).unwrap_or(*value)
                } else {
                    *value
                };
                if let Some(k) = key_of(text(*key, src)) {
                    defs.entry(k).or_default().push(Def {
                        file: file_index,
                        value,
                        scope: None,
                        start: node.start_byte(),
                        line: node.start_position().row + 1,
                        member: true,
                    });
                }
            }
        }
        if is_kind(node, ASSIGN_KINDS) {
            if let Some((lhs, rhs)) = assignment_sides(node) {
                let lhs_text = text(lhs, src);
                if let Some(key) = key_of(lhs_text) {
                    let scope = enclosing_function(node);
                    let in_class_body = scope.is_none()
                        || node.kind().contains("field")
                        || node.kind() == "property_declaration";
                    defs.entry(key).or_default().push(Def {
                        file: file_index,
                        value: rhs,
                        scope: scope.map(|s| s.id()),
                        start: node.start_byte(),
                        line: node.start_position().row + 1,
                        member: is_member_name(lhs_text) || in_class_body,
                    });
                }
            }
        }
    }
}

/// The evaluation context of one expression.
#[derive(Clone, Copy)]
struct Ctx<'t> {
    file: usize,
    /// The function the expression is in, whose parameters become markers (helpers).
    func: Option<Node<'t>>,
    pos: usize,
    depth: usize,
    /// Variables followed so far.
    lookups: u8,
    /// Only this function's parameters become markers (a definition evaluated inside another
    /// function sees that function's parameters as unknown).
    marker_func: Option<usize>,
}

impl<'t> Index<'t> {
    /// A function's name; a PowerShell script that takes parameters is named by its file stem.
    fn func_name(&self, file: usize, func: Node<'t>) -> Option<String> {
        if is_script_function(func) {
            return self.parsed[file]
                .file
                .path
                .file_stem()
                .and_then(|s| s.to_str())
                .map(|s| s.to_ascii_lowercase());
        }
        function_name(func, self.src(file))
    }

    /// The index of a request helper's parameter that names the verb (`method`, `verb`, …), when
    /// the function uses it after declaring it.
    fn method_parameter(&self, file: usize, func: Node<'t>) -> Option<usize> {
        let params = self.params.get(&func.id())?;
        let body = text(func, self.src(file)).to_ascii_lowercase();
        params.iter().position(|p| {
            METHOD_PARAMS.contains(&p.as_str()) && {
                let re = format!(r"(?:^|[^a-z0-9_]){}(?:[^a-z0-9_]|$)", regex::escape(p));
                Regex::new(&re).is_ok_and(|r| r.find_iter(&body).count() >= 2)
            }
        })
    }

    /// The values a helper call passes, by parameter position: positional arguments in order,
    /// PowerShell named arguments (`-Endpoint 'issue' -Method Post`) at their parameter's place.
    /// Also the argument node of each position (for verb constants).
    fn helper_arguments(
        &self,
        file: usize,
        callee_key: &str,
        args: &[Node<'t>],
        ctx: Ctx<'t>,
        notes: &mut Vec<String>,
    ) -> (Vec<String>, Vec<Option<Node<'t>>>) {
        let named = args.iter().any(|a| a.kind() == "command_parameter");
        if !named {
            let values = args
                .iter()
                .map(|a| self.eval(*a, ctx, notes).unwrap_or_else(|| "{}".into()))
                .collect();
            return (values, args.iter().map(|a| Some(*a)).collect());
        }
        let params: Vec<String> = self
            .functions
            .get(callee_key)
            .into_iter()
            .flatten()
            .chain(self.script_functions.get(callee_key))
            .find_map(|(_, f)| self.params.get(&f.id()).cloned())
            .unwrap_or_default();
        let size = params.len().max(args.len());
        let mut values = vec!["{}".to_string(); size];
        let mut nodes: Vec<Option<Node<'t>>> = vec![None; size];
        let mut taken = vec![false; size];
        let mut i = 0;
        let src = self.src(file);
        let elements: Vec<Node<'t>> = args
            .iter()
            .copied()
            .filter(|a| a.kind() != "command_argument_sep")
            .collect();
        while i < elements.len() {
            let a = elements[i];
            if a.kind() == "command_parameter" {
                let name = text(a, src).trim_start_matches('-').to_ascii_lowercase();
                let value = elements
                    .get(i + 1)
                    .copied()
                    .filter(|v| v.kind() != "command_parameter");
                if let (Some(pos), Some(v)) = (params.iter().position(|p| *p == name), value) {
                    values[pos] = self.eval(v, ctx, notes).unwrap_or_else(|| "{}".into());
                    nodes[pos] = Some(v);
                    taken[pos] = true;
                }
                i += if value.is_some() { 2 } else { 1 };
                continue;
            }
            if let Some(pos) = taken.iter().position(|t| !t) {
                values[pos] = self.eval(a, ctx, notes).unwrap_or_else(|| "{}".into());
                nodes[pos] = Some(a);
                taken[pos] = true;
            }
            i += 1;
        }
        (values, nodes)
    }

    fn src(&self, file: usize) -> &'t str {
        self.parsed[file].file.text.as_str()
    }

    fn display(&self, file: usize) -> &'t str {
        self.parsed[file].file.display.as_str()
    }

    fn language(&self, file: usize) -> Language {
        self.parsed[file].file.language
    }

    /// Looks a name up: the assignment that reaches `ctx.pos` in the same function, then class
    /// fields and module-level definitions of the file, then of the project.
    fn lookup(&self, name: &str, ctx: Ctx<'t>, notes: &mut Vec<String>) -> Option<String> {
        let key = key_of(name)?;
        if ctx.depth > MAX_DEPTH || ctx.lookups >= MAX_LOOKUPS {
            return None;
        }
        let member = is_member_name(name);
        if !member {
            if let Some(func) = ctx.func {
                if let Some(ps) = self.params.get(&func.id()) {
                    if let Some(i) = ps.iter().position(|p| *p == key) {
                        if ctx.marker_func == Some(func.id()) {
                            return Some(format!("{PARAM_MARK}{i}{PARAM_MARK}"));
                        }
                        return Some("{}".to_string());
                    }
                }
            }
        }
        // `JIRA_CONFIG.BASE_PATH` → `.jira_config.base_path` (see `collect_defs`).
        let object = ident_re()
            .find_iter(name)
            .map(|m| m.as_str().to_ascii_lowercase())
            .collect::<Vec<_>>();
        let dotted = match object.as_slice() {
            [.., o, _] => format!(".{o}.{key}"),
            _ => String::new(),
        };
        let field_of_object = !member && name.trim().contains('.');
        let defs = match self.defs.get(&key) {
            Some(d) => d,
            // `CONFIG.BASE_PATH` with no assignment to `BASE_PATH`: a settings object's field.
            None if field_of_object => self.defs.get(&dotted)?,
            None => return None,
        };
        let scope = ctx.func.map(|f| f.id());
        let reaching = defs
            .iter()
            .filter(|d| {
                d.file == ctx.file && d.scope == scope && d.start < ctx.pos && scope.is_some()
            })
            .max_by_key(|d| d.start);
        let file_level = || {
            let same_file: Vec<&Def> = defs
                .iter()
                .filter(|d| d.file == ctx.file && (d.scope.is_none() || d.member))
                .collect();
            same_file
                .iter()
                .filter(|d| d.start < ctx.pos)
                .max_by_key(|d| d.start)
                .or_else(|| same_file.first())
                .copied()
        };
        // Another file's definition, but not a test's fixture for code outside the tests
        // (`const issueKey = 'https://…/browse/X-1'` in a spec is not the tool's `issueKey`).
        let in_test = is_test_path(self.display(ctx.file));
        let project = || {
            defs.iter().find(|d| {
                (d.scope.is_none() || d.member)
                    && (d.file == ctx.file || in_test || !is_test_path(self.display(d.file)))
            })
        };
        let def = reaching.or_else(file_level).or_else(project)?;
        let inner = Ctx {
            file: def.file,
            func: None,
            pos: def.start,
            depth: ctx.depth + 1,
            lookups: ctx.lookups + 1,
            marker_func: ctx.marker_func,
        };
        let inner = Ctx {
            func: enclosing_function(def.value).filter(|_| def.scope.is_some()),
            ..inner
        };
        let mut value = self.eval(def.value, inner, notes);
        if value.as_deref().is_none_or(|v| v == "{}") && def.scope.is_some() && !member {
            // `var request = new RestRequest(); request.Resource = "/rest/api/3/priority";`
            value = self.url_property_after(name, def, ctx, notes).or(value);
        }
        let value = value?;
        if value.contains('/') || value.contains("atlassian") || value.contains("bitbucket") {
            notes.push(format!(
                "`{}` from {}:{}",
                output::escape_controls(name.trim()),
                self.display(def.file),
                def.line
            ));
        }
        Some(value)
    }

    /// The URL given to a request object by a property set after it was created and before
    /// `ctx.pos` (`request.Resource = …`, `req.RequestUri = …`, `req.url = …`).
    fn url_property_after(
        &self,
        name: &str,
        def: &Def<'t>,
        ctx: Ctx<'t>,
        notes: &mut Vec<String>,
    ) -> Option<String> {
        let prefix = format!("{}.", name.trim().to_ascii_lowercase());
        for k in ["resource", "requesturi", "url", "uri"] {
            for d in self.defs.get(k).into_iter().flatten() {
                if d.file != def.file
                    || d.scope != def.scope
                    || d.start <= def.start
                    || d.start >= ctx.pos
                {
                    continue;
                }
                let Some((lhs, _)) = d.value.parent().and_then(assignment_sides) else {
                    continue;
                };
                let lhs_text = text(lhs, self.src(d.file)).trim().to_ascii_lowercase();
                if !lhs_text.starts_with(&prefix) {
                    continue;
                }
                let inner = Ctx {
                    pos: d.start,
                    depth: ctx.depth + 1,
                    lookups: ctx.lookups + 1,
                    ..ctx
                };
                if let Some(v) = self.eval(d.value, inner, notes) {
                    return Some(v);
                }
            }
        }
        None
    }

    /// Evaluates an expression to a string, unknown parts as `{}`. None: not a string at all.
    fn eval(&self, node: Node<'t>, ctx: Ctx<'t>, notes: &mut Vec<String>) -> Option<String> {
        if ctx.depth > MAX_DEPTH {
            return None;
        }
        let src = self.src(ctx.file);
        let kind = node.kind();
        let deeper = Ctx {
            depth: ctx.depth + 1,
            ..ctx
        };
        // Strings (with interpolations).
        if is_string_kind(kind) {
            return Some(self.eval_string(node, deeper, notes));
        }
        match kind {
            "identifier"
            | "simple_identifier"
            | "constant"
            | "instance_variable"
            | "class_variable"
            | "global_variable"
            | "variable_name"
            | "variable"
            | "name"
            | "field_expression"
            | "member_expression"
            | "attribute"
            | "selector_expression"
            | "member_access_expression"
            | "navigation_expression"
            | "field_access"
            | "scoped_identifier"
            | "simple_expansion"
            | "expansion"
            | "this_expression"
            | "scoped_property_access_expression"
            | "nullsafe_member_access_expression"
            | "class_constant_access_expression"
            | "element_access_expression" => {
                let t = text(node, src);
                if kind == "simple_expansion" || kind == "expansion" {
                    let inner = t
                        .trim_start_matches('$')
                        .trim_matches(|c| c == '{' || c == '}');
                    if inner.chars().all(|c| c.is_ascii_digit()) && !inner.is_empty() {
                        if let Some(func) = ctx.func {
                            if self.params.contains_key(&func.id())
                                && ctx.marker_func == Some(func.id())
                            {
                                let i: usize = inner.parse().unwrap_or(1);
                                return Some(format!(
                                    "{PARAM_MARK}{}{PARAM_MARK}",
                                    i.saturating_sub(1)
                                ));
                            }
                        }
                        return Some("{}".to_string());
                    }
                    let name = inner
                        .split([':', '-', '%', '#', '/'])
                        .next()
                        .unwrap_or(inner);
                    return Some(
                        self.lookup(name, deeper, notes)
                            .unwrap_or_else(|| "{}".into()),
                    );
                }
                if t.starts_with("$env:") || t.contains("environ") || t.contains("getenv") {
                    return Some("{}".to_string());
                }
                return Some(self.lookup(t, deeper, notes).unwrap_or_else(|| "{}".into()));
            }
            // Shell juxtaposition; Python's implicit concatenation `f"{base}/issue/" f"{key}"`.
            "concatenation" | "concatenated_string" => {
                let mut out = String::new();
                let mut c = node.walk();
                for ch in node.named_children(&mut c) {
                    out = join(
                        &out,
                        &self.eval(ch, deeper, notes).unwrap_or_else(|| "{}".into()),
                    );
                }
                return Some(out);
            }
            "word" | "number" => return Some(text(node, src).to_string()),
            _ => {}
        }
        if is_kind(node, CALL_KINDS) {
            return self.eval_call(node, deeper, notes);
        }
        if matches!(
            kind,
            "object" | "dictionary" | "hash" | "hash_literal_expression"
        ) {
            // A request described as an object (`{ method: 'POST', url: '/issue' }`, a
            // PowerShell splat `@{ Uri = …; Method = 'Post' }`): the URL is its `url` entry.
            return self.eval_object_url(node, deeper, notes);
        }
        // Binary operators: `+`, PHP `.`, Python `%`, PowerShell `-f`.
        let mut c = node.walk();
        let named: Vec<Node> = node.named_children(&mut c).collect();
        if named.len() >= 2
            && (kind.contains("binary")
                || kind.contains("additive")
                || kind.contains("format_expression")
                || kind == "string_concatenation"
                || kind == "infix_expression")
        {
            let left = node.child_by_field_name("left").unwrap_or(named[0]);
            let right = node
                .child_by_field_name("right")
                .unwrap_or(named[named.len() - 1]);
            let op = src
                .get(left.end_byte()..right.start_byte())
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            let op = node
                .child_by_field_name("operator")
                .map(|o| text(o, src).to_ascii_lowercase())
                .unwrap_or(op);
            let l = self.eval(left, deeper, notes);
            match op.as_str() {
                "+" | "." | "+=" | ".." => {
                    let r = self.eval(right, deeper, notes);
                    return Some(join(
                        &l.unwrap_or_else(|| "{}".into()),
                        &r.unwrap_or_else(|| "{}".into()),
                    ));
                }
                "%" | "-f" => {
                    let fmt = l?;
                    let args = self.eval_list(right, deeper, notes);
                    return Some(apply_format(&fmt, &args));
                }
                _ => return None,
            }
        }
        // Wrappers with one meaningful child: parentheses, PowerShell's expression ladder,
        // `await`, casts, `argument`, `value_argument`, `expression_statement`…
        let meaningful: Vec<Node> = named
            .iter()
            .copied()
            .filter(|n| !n.kind().contains("comment") && !n.kind().contains("type"))
            .collect();
        if meaningful.len() == 1 {
            return self.eval(meaningful[0], deeper, notes);
        }
        if let Some(last) = meaningful.last() {
            // `await x`, `&x`, `(String) x`, `x as String`: the operand is the last or first child.
            if kind.contains("await")
                || kind.contains("unary")
                || kind.contains("cast")
                || kind.contains("reference")
            {
                return self.eval(*last, deeper, notes);
            }
        }
        None
    }

    /// The value of an object literal's URL entry (`url`, `uri`, `path`, `pathname` as Node's
    /// `url.format` takes it, `endpoint`, `resource`).
    fn eval_object_url(
        &self,
        node: Node<'t>,
        ctx: Ctx<'t>,
        notes: &mut Vec<String>,
    ) -> Option<String> {
        const URL_KEYS: [&str; 7] = [
            "url",
            "uri",
            "path",
            "pathname",
            "endpoint",
            "resource",
            "requesturi",
        ];
        let src = self.src(ctx.file);
        let mut entries = Vec::new();
        let mut c = node.walk();
        for ch in node.named_children(&mut c) {
            if ch.kind() == "hash_literal_body" {
                let mut cc = ch.walk();
                entries.extend(ch.named_children(&mut cc));
            } else {
                entries.push(ch);
            }
        }
        for e in entries {
            match e.kind() {
                "shorthand_property_identifier" => {
                    let name = text(e, src);
                    if URL_KEYS.contains(&name.to_ascii_lowercase().as_str()) {
                        return self.lookup(name, ctx, notes);
                    }
                }
                "pair" | "hash_entry" => {
                    let mut cc = e.walk();
                    let kids: Vec<Node> = e.named_children(&mut cc).collect();
                    let key = e
                        .child_by_field_name("key")
                        .or_else(|| kids.first().copied());
                    let value = e
                        .child_by_field_name("value")
                        .or_else(|| kids.last().copied());
                    let (Some(key), Some(value)) = (key, value) else {
                        continue;
                    };
                    if key.id() == value.id() {
                        continue;
                    }
                    let k = text(key, src)
                        .trim()
                        .trim_start_matches(':')
                        .trim_end_matches(':')
                        .trim_matches(['"', '\''])
                        .to_ascii_lowercase();
                    if URL_KEYS.contains(&k.as_str()) {
                        let v = self.eval(value, ctx, notes)?;
                        // `path`, `endpoint`, `resource` also name routes and files
                        // (`{ path: '/issue/:id', component }`): only an API path or URL counts.
                        if k == "url"
                            || k == "uri"
                            || k == "requesturi"
                            || v.contains("://")
                            || looks_like_root_relative(&v)
                            || v.starts_with("{}/")
                        {
                            return Some(v);
                        }
                        return None;
                    }
                }
                _ => {}
            }
        }
        None
    }

    /// A list of format arguments: a tuple/array/argument list → each element.
    fn eval_list(&self, node: Node<'t>, ctx: Ctx<'t>, notes: &mut Vec<String>) -> Vec<String> {
        let kind = node.kind();
        if kind.contains("tuple")
            || kind.contains("array")
            || kind.contains("list")
            || kind.contains("arguments")
            || kind.contains("parenthesized")
        {
            let mut c = node.walk();
            let items: Vec<Node> = node.named_children(&mut c).collect();
            if items.len() == 1 && items[0].kind().contains("array") {
                return self.eval_list(items[0], ctx, notes);
            }
            return items
                .into_iter()
                .map(|n| self.eval(n, ctx, notes).unwrap_or_else(|| "{}".into()))
                .collect();
        }
        vec![self.eval(node, ctx, notes).unwrap_or_else(|| "{}".into())]
    }

    fn eval_string(&self, node: Node<'t>, ctx: Ctx<'t>, notes: &mut Vec<String>) -> String {
        let value = self.eval_string_parts(node, ctx, notes);
        if self.language(ctx.file) == Language::Php {
            return unbrace_php(&value);
        }
        value
    }

    fn eval_string_parts(&self, node: Node<'t>, ctx: Ctx<'t>, notes: &mut Vec<String>) -> String {
        let src = self.src(ctx.file);
        let language = self.language(ctx.file);
        let mut c = node.walk();
        let children: Vec<Node> = node.named_children(&mut c).collect();
        if children.is_empty() {
            let raw = strip_quotes(text(node, src));
            if matches!(
                language,
                Language::PowerShell | Language::Shell | Language::Php
            ) && !text(node, src).starts_with('\'')
            {
                return self.interpolate_dollars(raw, ctx, notes);
            }
            return unescape(raw);
        }
        if children.len() == 1
            && is_string_kind(children[0].kind())
            && children[0].byte_range() == node.byte_range()
        {
            return self.eval_string(children[0], ctx, notes);
        }
        // Literal text is everything between the interpolations (content nodes included), with
        // the opening and closing delimiters taken off the first and last pieces.
        let interpolations: Vec<Node> = children
            .into_iter()
            .filter(|ch| {
                let k = ch.kind();
                !(k.contains("content")
                    || k.contains("fragment")
                    || k.contains("characters")
                    || k == "string_value"
                    || k == "text"
                    || k == "escape_sequence"
                    || k.contains("_start")
                    || k.contains("_end")
                    || k.contains("quote")
                    || k.contains("comment")
                    || k == "string_start"
                    || k == "string_end")
            })
            .collect();
        let whole = text(node, src);
        let base = node.start_byte();
        let open = opening_delimiter_len(whole);
        let close = closing_delimiter_len(whole);
        let body_start = base + open;
        let body_end = node.end_byte().saturating_sub(close).max(body_start);
        let mut out = String::new();
        let mut cursor = body_start;
        for ch in interpolations {
            if ch.start_byte() < cursor || ch.end_byte() > body_end {
                continue;
            }
            let mut literal = src.get(cursor..ch.start_byte()).unwrap_or("");
            // PHP's complex interpolation `"{$this->base}/pages"`: the braces are syntax.
            if language == Language::Php
                && literal.ends_with('{')
                && src.get(ch.end_byte()..ch.end_byte() + 1) == Some("}")
            {
                literal = &literal[..literal.len() - 1];
                out.push_str(&unescape(literal));
                let value = self.eval_interpolation(ch, ctx, notes);
                out = join(&out, &value);
                cursor = ch.end_byte() + 1;
                continue;
            }
            out.push_str(&unescape(literal));
            let value = if is_string_kind(ch.kind()) {
                self.eval_string(ch, ctx, notes)
            } else {
                self.eval_interpolation(ch, ctx, notes)
            };
            out = join(&out, &value);
            cursor = ch.end_byte();
        }
        out.push_str(&unescape(src.get(cursor..body_end).unwrap_or("")));
        // Grammars that leave some `$name` interpolations inside the content (Kotlin's `$site.x`).
        if matches!(
            language,
            Language::Kotlin | Language::Php | Language::Shell | Language::PowerShell
        ) && !whole.starts_with('\'')
            && out.contains('$')
        {
            return self.interpolate_dollars(&out, ctx, notes);
        }
        out
    }

    fn eval_interpolation(&self, node: Node<'t>, ctx: Ctx<'t>, notes: &mut Vec<String>) -> String {
        let src = self.src(ctx.file);
        let kind = node.kind();
        if matches!(
            kind,
            "variable"
                | "variable_name"
                | "simple_expansion"
                | "expansion"
                | "identifier"
                | "simple_identifier"
                | "member_access_expression"
        ) {
            return self.eval(node, ctx, notes).unwrap_or_else(|| "{}".into());
        }
        let mut c = node.walk();
        let inner: Vec<Node> = node
            .named_children(&mut c)
            // C# `{Site}` has `interpolation_brace` children around the expression.
            .filter(|n| {
                !n.kind().contains("format")
                    && !n.kind().contains("brace")
                    && !n.kind().contains("alignment")
                    && n.kind() != "type_conversion"
            })
            .collect();
        // Python f-string conditionals (`{a if c else b}`) and anything else unknown → `{}`.
        match inner.first() {
            Some(first) if inner.len() == 1 || first.kind() != "conditional_expression" => {
                let _ = src;
                self.eval(*first, ctx, notes).unwrap_or_else(|| "{}".into())
            }
            _ => "{}".into(),
        }
    }

    /// `$name`, `${name}`, `$script:name`, `$($x.y)` in a string the grammar leaves whole.
    fn interpolate_dollars(&self, raw: &str, ctx: Ctx<'t>, notes: &mut Vec<String>) -> String {
        static RE: OnceLock<Regex> = OnceLock::new();
        let re = RE.get_or_init(|| {
            Regex::new(r"\$\(\$?([A-Za-z_:][A-Za-z0-9_:.]*)\)|\$\{([A-Za-z_:][A-Za-z0-9_:]*)\}|\$([A-Za-z_][A-Za-z0-9_]*(?::[A-Za-z_][A-Za-z0-9_]*)?)")
                .expect("static regex")
        });
        let mut out = String::new();
        let mut last = 0;
        for m in re.captures_iter(raw) {
            let Some(whole) = m.get(0) else { continue };
            out.push_str(&raw[last..whole.start()]);
            let name = m
                .get(1)
                .or_else(|| m.get(2))
                .or_else(|| m.get(3))
                .map(|g| g.as_str())
                .unwrap_or("");
            let value = if name.starts_with("env:") {
                "{}".to_string()
            } else {
                self.lookup(name, ctx, notes).unwrap_or_else(|| "{}".into())
            };
            out = join(&out, &value);
            last = whole.end();
        }
        out.push_str(&raw[last..]);
        out
    }

    /// Format and URL-builder calls evaluate to strings; other calls do not.
    fn eval_call(&self, node: Node<'t>, ctx: Ctx<'t>, notes: &mut Vec<String>) -> Option<String> {
        let src = self.src(ctx.file);
        let (callee, receiver, args) = call_parts(node, src);
        let name = last_segment(&callee).to_ascii_lowercase();
        if node.kind() == "macro_invocation" {
            // Rust `format!("{}/rest/api/3/issue/{key}", base)`.
            let tt = args.first().copied()?;
            let mut c = tt.walk();
            let items: Vec<Node> = tt.named_children(&mut c).collect();
            let fmt_node = items.iter().find(|n| is_string_kind(n.kind()))?;
            let fmt = self.eval(*fmt_node, ctx, notes)?;
            // A macro's arguments are tokens, not expressions: split them at top-level commas;
            // an argument of one token is evaluated, a longer one (`env::var("X").unwrap()`) is
            // unknown.
            let mut groups: Vec<Vec<Node>> = vec![Vec::new()];
            let mut c = tt.walk();
            for child in tt.children(&mut c) {
                match child.kind() {
                    "," => groups.push(Vec::new()),
                    "(" | ")" | "[" | "]" | "{" | "}" => {}
                    _ => {
                        if let Some(g) = groups.last_mut() {
                            g.push(child);
                        }
                    }
                }
            }
            let rest: Vec<String> = groups
                .iter()
                .filter(|g| !g.iter().any(|n| n.id() == fmt_node.id()))
                .filter(|g| !g.is_empty())
                .map(|g| match g.as_slice() {
                    [one] => self.eval(*one, ctx, notes).unwrap_or_else(|| "{}".into()),
                    // `self.base`, `wiki::PAGES`: a path of names is looked up whole.
                    path if path
                        .iter()
                        .all(|n| matches!(n.kind(), "identifier" | "self" | "." | "::")) =>
                    {
                        let joined: String = path.iter().map(|n| text(*n, src)).collect();
                        self.lookup(&joined, ctx, notes)
                            .unwrap_or_else(|| "{}".into())
                    }
                    _ => "{}".into(),
                })
                .collect();
            let fmt = self.rust_inline_args(&fmt, ctx, notes);
            return Some(apply_format(&fmt, &rest));
        }
        match name.as_str() {
            "format" | "sprintf" | "formatted" | "printf_string" => {
                // `"…".format(a)`, `String.format(fmt, a)`, `fmt.Sprintf(fmt, a)`, `string.Format`.
                let receiver_fmt = receiver
                    .and_then(|r| self.eval(r, ctx, notes))
                    .filter(|f| f.contains('/') || f.contains('{') && f != "{}");
                let (fmt, rest) = match receiver_fmt {
                    Some(f) => (f, &args[..]),
                    None => {
                        let first = args.first().copied()?;
                        (self.eval(first, ctx, notes)?, &args[1..])
                    }
                };
                let values: Vec<String> = rest
                    .iter()
                    .map(|a| self.eval(*a, ctx, notes).unwrap_or_else(|| "{}".into()))
                    .collect();
                Some(apply_format(&fmt, &values))
            }
            _ if URL_BUILDERS.contains(&name.as_str())
                || callee.ends_with("URI")
                || callee.ends_with("URL")
                || callee.ends_with("Uri") =>
            {
                let mut out = String::new();
                for a in &args {
                    if let Some(v) = self.eval(*a, ctx, notes) {
                        out = join_path(&out, &v);
                    }
                }
                (!out.is_empty()).then_some(out)
            }
            "tostring" | "to_string" | "string" | "strip" | "rstrip" | "trim" | "trimend"
            | "to_owned" | "into" | "as_str" | "trimright" | "trimsuffix" | "chomp" | "freeze"
            | "dup" | "to_s" | "to_str" => {
                let r = receiver.or_else(|| args.first().copied())?;
                self.eval(r, ctx, notes)
            }
            "sub" | "replace" | "gsub" | "rstrip!" => None,
            _ if receiver.is_some_and(|r| is_kind(r, CALL_KINDS))
                && BUILDER_STEPS.contains(&name.as_str()) =>
            {
                let r = receiver?;
                self.eval(r, ctx, notes)
            }
            _ if is_request_object_type(&name)
                && matches!(node.kind(), "object_creation_expression" | "new_expression") =>
            {
                // The first argument that is a string and not a verb constant.
                args.iter().find_map(|a| {
                    let v = self.eval(*a, ctx, notes)?;
                    let verb = VERBS.iter().any(|x| x.eq_ignore_ascii_case(v.trim()));
                    (!verb && v != "{}" && !v.is_empty()).then_some(v)
                })
            }
            _ => self.eval_url_function(&name, &args, ctx, notes),
        }
    }

    /// A project function that returns a URL built from its parameters (`fn agile(path) ->
    /// String { format!("{}/rest/agile/1.0{}", base(), path) }`): its value for these arguments.
    fn eval_url_function(
        &self,
        name: &str,
        args: &[Node<'t>],
        ctx: Ctx<'t>,
        notes: &mut Vec<String>,
    ) -> Option<String> {
        if ctx.lookups >= MAX_LOOKUPS {
            return None;
        }
        let funcs = self.functions.get(name)?;
        let (file, func) = funcs
            .iter()
            .find(|(f, _)| *f == ctx.file)
            .or_else(|| funcs.first())
            .copied()?;
        let src = self.src(file);
        let returned = returned_expression(func, src)?;
        let fctx = Ctx {
            file,
            func: Some(func),
            pos: returned.start_byte(),
            depth: ctx.depth + 1,
            lookups: ctx.lookups + 1,
            marker_func: Some(func.id()),
        };
        let mut inner = Vec::new();
        let template = self.eval(returned, fctx, &mut inner)?;
        if !(template.contains('/') || template.contains(PARAM_MARK)) {
            return None;
        }
        let values: Vec<String> = args
            .iter()
            .map(|a| self.eval(*a, ctx, notes).unwrap_or_else(|| "{}".into()))
            .collect();
        notes.push(format!(
            "URL from `{name}()` at {}:{}",
            self.display(file),
            line_of(func)
        ));
        notes.extend(inner);
        Some(fill_markers(&template, &values))
    }

    /// The base URL a client object was configured with (`axios.create({baseURL})`,
    /// `new HttpClient { BaseAddress = … }`, `Faraday.new(url: …)`, Guzzle `base_uri`, Ktor
    /// `defaultRequest { url(…) }`, `client.BaseAddress = …`): the first API root among the strings
    /// of the receiver's definition.
    fn client_base(
        &self,
        receiver: Node<'t>,
        ctx: Ctx<'t>,
        notes: &mut Vec<String>,
    ) -> Option<String> {
        self.client_value(receiver, ctx, notes, false)
    }

    /// The full request URL a client object was built on (RestSharp `new RestClient(url)` per
    /// request, with a `RestRequest` that only names the verb).
    fn client_url(
        &self,
        receiver: Node<'t>,
        ctx: Ctx<'t>,
        notes: &mut Vec<String>,
    ) -> Option<String> {
        self.client_value(receiver, ctx, notes, true)
    }

    fn client_value(
        &self,
        receiver: Node<'t>,
        ctx: Ctx<'t>,
        notes: &mut Vec<String>,
        full_url: bool,
    ) -> Option<String> {
        // A base (`…/rest/api/3`), or with `full_url` a whole request URL, which is only taken
        // from this function's own client or a field.
        let accept = |v: &str| {
            if full_url {
                (v.contains("://") || v.starts_with("{}/")) && looks_like_api(v) && !is_api_root(v)
            } else {
                is_api_root(v)
            }
        };
        let src = self.src(ctx.file);
        let rtext = text(receiver, src);
        let key = key_of(rtext)?;
        let mut keys = vec![key.clone()];
        for suffix in ["baseaddress", "base_uri", "baseurl", "base_url"] {
            keys.push(suffix.to_string());
        }
        // `$this->client()->post('/request')`, `api().get(path)`: a project function returns the
        // configured client; its returned expression is searched like a definition.
        let mut returned: Vec<Def<'t>> = Vec::new();
        // Ruby calls a method without parentheses: `auth[sub_url]` where `def self.auth`.
        let bare_call = matches!(receiver.kind(), "identifier" | "constant")
            && self.functions.contains_key(&key)
            && !self.defs.contains_key(&key);
        if is_kind(receiver, CALL_KINDS) || bare_call {
            let callee = if bare_call {
                rtext.to_string()
            } else {
                call_parts(receiver, src).0
            };
            let name = last_segment(&callee).to_ascii_lowercase();
            for (file, func) in self.functions.get(&name).into_iter().flatten() {
                if let Some(value) = returned_expression(*func, self.src(*file)) {
                    returned.push(Def {
                        file: *file,
                        value,
                        scope: None,
                        start: value.start_byte(),
                        line: line_of(*func),
                        member: false,
                    });
                }
            }
        }
        let empty = Vec::new();
        for (n, k) in keys.iter().enumerate() {
            let defs = self.defs.get(k).unwrap_or(&empty);
            let mut ordered: Vec<&Def> = Vec::new();
            if n == 0 {
                ordered.extend(returned.iter().filter(|d| d.file == ctx.file));
                ordered.extend(returned.iter().filter(|d| d.file != ctx.file));
            }
            // The assignment that reaches the call comes first: `var client = new RestClient(url)`
            // in this function, not the one in the function above.
            let scope = ctx.func.map(|f| f.id());
            let reaching = defs
                .iter()
                .filter(|d| d.file == ctx.file && d.scope == scope && d.start < ctx.pos)
                .max_by_key(|d| d.start);
            ordered.extend(reaching);
            if !(full_url && reaching.is_some()) {
                ordered.extend(defs.iter().filter(|d| {
                    d.file == ctx.file && (!full_url || d.scope.is_none() || d.member)
                }));
                ordered.extend(defs.iter().filter(|d| d.file != ctx.file && !full_url));
            }
            for d in ordered {
                if n > 0 && d.file != ctx.file {
                    continue;
                }
                if trace_enabled() {
                    eprintln!(
                        "TRACE base? `{rtext}` def {k} at {}:{} = {:?}",
                        self.display(d.file),
                        d.line,
                        text(d.value, self.src(d.file))
                            .chars()
                            .take(80)
                            .collect::<String>()
                    );
                }
                let dctx = Ctx {
                    file: d.file,
                    func: None,
                    pos: d.start,
                    depth: ctx.depth + 1,
                    lookups: ctx.lookups + 1,
                    marker_func: None,
                };
                let mut stack = vec![d.value];
                let mut steps = 0;
                // Variables met on the way are followed to their assignments in the same file
                // (`jiraClient = axios.create({ baseURL })` behind `return jiraClient`).
                let mut followed = 0;
                while let Some(node) = stack.pop() {
                    steps += 1;
                    if steps > 400 {
                        break;
                    }
                    let k = node.kind();
                    // A concatenation is tried whole before its parts (pre-order), so
                    // `'https://…/ex/jira/' . $cloud . '/rest/servicedeskapi'` is one base.
                    if is_string_kind(k)
                        || k.contains("binary")
                        || k == "concatenation"
                        || k == "string_concatenation"
                        || k.contains("additive")
                        || matches!(
                            k,
                            "identifier"
                                | "simple_identifier"
                                | "constant"
                                | "attribute"
                                | "member_expression"
                                | "field_access"
                                | "member_access_expression"
                                | "variable_name"
                                | "selector_expression"
                                | "navigation_expression"
                        )
                    {
                        let mut local = Vec::new();
                        if let Some(v) = self.eval(node, dctx, &mut local) {
                            if accept(&v) {
                                notes.push(format!(
                                    "base from `{}` in {}:{}",
                                    output::escape_controls(rtext.trim()),
                                    self.display(d.file),
                                    d.line
                                ));
                                notes.extend(local);
                                return Some(v);
                            }
                        }
                        if is_string_kind(k) {
                            continue;
                        }
                        if matches!(k, "identifier" | "variable_name" | "simple_identifier")
                            && followed < 4
                        {
                            if let Some(list) = key_of(text(node, self.src(d.file)))
                                .and_then(|name| self.defs.get(&name))
                            {
                                for fd in list.iter().filter(|fd| fd.file == d.file).take(4) {
                                    if fd.value.id() != node.id() {
                                        stack.push(fd.value);
                                    }
                                }
                                followed += 1;
                            }
                        }
                    }
                    // `const client = getMultipartClient()`: the project function's returned
                    // client (`return jiraMultipartClient`, followed above to its `axios.create`).
                    if is_kind(node, CALL_KINDS) && followed < 4 {
                        let (callee, _, _) = call_parts(node, self.src(d.file));
                        let name = last_segment(&callee).to_ascii_lowercase();
                        for (file, func) in self.functions.get(&name).into_iter().flatten() {
                            if *file == d.file {
                                if let Some(value) = returned_expression(*func, self.src(*file)) {
                                    stack.push(value);
                                    followed += 1;
                                }
                            }
                        }
                    }
                    let mut c = node.walk();
                    let children: Vec<Node> = node.named_children(&mut c).collect();
                    stack.extend(children.into_iter().rev());
                }
            }
        }
        None
    }

    fn rust_inline_args(&self, fmt: &str, ctx: Ctx<'t>, notes: &mut Vec<String>) -> String {
        static RE: OnceLock<Regex> = OnceLock::new();
        let re = RE.get_or_init(|| {
            Regex::new(r"\{([A-Za-z_][A-Za-z0-9_]*)(?::[^}]*)?\}").expect("static regex")
        });
        let mut out = String::new();
        let mut last = 0;
        for m in re.captures_iter(fmt) {
            let (Some(whole), Some(name)) = (m.get(0), m.get(1)) else {
                continue;
            };
            out.push_str(&fmt[last..whole.start()]);
            out.push_str(
                &self
                    .lookup(name.as_str(), ctx, notes)
                    .unwrap_or_else(|| "{}".into()),
            );
            last = whole.end();
        }
        out.push_str(&fmt[last..]);
        out
    }
}

fn is_string_kind(kind: &str) -> bool {
    matches!(
        kind,
        "string"
            | "string_literal"
            | "interpreted_string_literal"
            | "raw_string_literal"
            | "template_string"
            | "encapsed_string"
            | "expandable_string_literal"
            | "verbatim_string_characters"
            | "interpolated_string_expression"
            | "verbatim_string_literal"
            | "raw_string"
            | "text_block"
            | "multiline_string_literal"
            | "heredoc"
            | "string_content_literal"
            | "interpolated_verbatim_string_expression"
            | "translated_string"
            | "ansi_c_string"
            | "expandable_here_string_literal"
            | "verbatim_here_string_characters"
    )
}

fn strip_quotes(t: &str) -> &str {
    let t =
        t.trim_start_matches(|c: char| c.is_ascii_alphabetic() || c == '@' || c == '$' || c == '#');
    let t = t.trim_start_matches(['"', '\'', '`']);
    let t = t.trim_end_matches('#');
    t.trim_end_matches(['"', '\'', '`'])
}

/// `f"`, `$"`, `@"`, `r#"`, `"""`, `'`, `` ` ``: the bytes before a string's content.
fn opening_delimiter_len(t: &str) -> usize {
    let prefix = t
        .bytes()
        .take_while(|b| b.is_ascii_alphabetic() || *b == b'@' || *b == b'$' || *b == b'#')
        .count();
    let rest = &t[prefix..];
    let quote = rest.bytes().next();
    match quote {
        Some(q @ (b'"' | b'\'' | b'`')) => {
            let n = rest.bytes().take_while(|b| *b == q).count();
            // `""` is an empty string, `"""` opens a triple-quoted one.
            prefix + if n >= 3 { 3 } else { 1 }
        }
        _ => 0,
    }
}

fn closing_delimiter_len(t: &str) -> usize {
    let trimmed = t.trim_end_matches('#');
    let hashes = t.len() - trimmed.len();
    let quote = trimmed.bytes().last();
    match quote {
        Some(q @ (b'"' | b'\'' | b'`')) => {
            let n = trimmed.bytes().rev().take_while(|b| *b == q).count();
            hashes + if n >= 3 && t.len() >= 6 { 3 } else { 1 }
        }
        _ => hashes,
    }
}

fn unescape(t: &str) -> String {
    t.replace("\\/", "/")
        .replace("\\\"", "\"")
        .replace("\\'", "'")
}

/// Concatenates URL pieces: a base ending in `/` and a path starting with one share one slash; an
/// unknown base (`{}`) and a path without a leading slash get one.
fn join(left: &str, right: &str) -> String {
    if left.ends_with('/') && right.starts_with('/') {
        return format!("{left}{}", &right[1..]);
    }
    if left.ends_with('}') && !left.ends_with("{}}") && right.starts_with("rest/")
        || left.ends_with(PARAM_MARK) && (right.starts_with("rest/") || right.starts_with("wiki/"))
        || left == "{}"
            && (right.starts_with("rest/")
                || right.starts_with("wiki/")
                || right.starts_with("2.0/"))
    {
        return format!("{left}/{right}");
    }
    format!("{left}{right}")
}

/// `urljoin(base, path)`-style joining: exactly one slash between.
fn join_path(left: &str, right: &str) -> String {
    if left.is_empty() {
        return right.to_string();
    }
    if right.contains("://") {
        return right.to_string();
    }
    match (left.ends_with('/'), right.starts_with('/')) {
        (true, true) => format!("{left}{}", &right[1..]),
        (false, false) => format!("{left}/{right}"),
        _ => format!("{left}{right}"),
    }
}

/// Fills `%s`/`%d`/`%v`/`%q`, `{0}`/`{}`/`{name}` placeholders in order.
fn apply_format(fmt: &str, args: &[String]) -> String {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"%[-+ #0-9.]*[sdvqfixX]|%\([A-Za-z_]+\)s|\{[0-9]*(?::[^}]*)?\}|\{[A-Za-z_][A-Za-z0-9_]*\}")
            .expect("static regex")
    });
    let mut out = String::new();
    let mut last = 0;
    let mut next = 0;
    for m in re.find_iter(fmt) {
        out.push_str(&fmt[last..m.start()]);
        let token = m.as_str();
        let index = token
            .trim_start_matches('{')
            .split([':', '}'])
            .next()
            .and_then(|d| d.parse::<usize>().ok());
        let value = match index {
            Some(i) => args.get(i).cloned(),
            None if token.starts_with('{') && token.len() > 2 => None,
            None => {
                let v = args.get(next).cloned();
                next += 1;
                v
            }
        };
        out = join(&out, &value.unwrap_or_else(|| "{}".into()));
        last = m.end();
    }
    out.push_str(&fmt[last..]);
    out
}

fn last_segment(callee: &str) -> &str {
    let callee = match callee.find('<') {
        Some(i) if callee.ends_with('>') => &callee[..i],
        _ => callee,
    };
    callee
        .rsplit(['.', ':', '>', ' '])
        .find(|s| !s.is_empty())
        .unwrap_or(callee)
        .trim_start_matches(['$', '@', '&'])
        .trim_end_matches(['!', '?'])
}

/// `(callee text, receiver node, argument nodes)` of a call.
fn call_parts<'t>(node: Node<'t>, src: &str) -> (String, Option<Node<'t>>, Vec<Node<'t>>) {
    let receiver = node
        .child_by_field_name("object")
        .or_else(|| node.child_by_field_name("receiver"))
        .or_else(|| node.child_by_field_name("scope"));
    let name = node
        .child_by_field_name("name")
        .or_else(|| node.child_by_field_name("method"));
    let callee_node = node
        .child_by_field_name("function")
        .or_else(|| node.child_by_field_name("constructor"))
        .or_else(|| node.child_by_field_name("type"))
        .or_else(|| node.child_by_field_name("macro"))
        .or_else(|| node.child_by_field_name("command_name"))
        // TypeScript `await this.client.get<T>(…)` parses the callee as `await this.client.get`.
        .map(|f| {
            if f.kind() == "await_expression" {
                u32::try_from(f.named_child_count().saturating_sub(1))
                    .ok()
                    .and_then(|i| f.named_child(i))
                    .unwrap_or(f)
            } else {
                f
            }
        });
    let mut c = node.walk();
    let named: Vec<Node> = node.named_children(&mut c).collect();
    let callee = match (receiver, name, callee_node) {
        (Some(r), Some(n), _) => format!("{}.{}", text(r, src), text(n, src)),
        (None, Some(n), _) if node.kind() != "command" => text(n, src).to_string(),
        (_, _, Some(f)) => text(f, src).to_string(),
        (_, Some(n), _) => text(n, src).to_string(),
        _ => named
            .first()
            .map(|n| text(*n, src).to_string())
            .unwrap_or_default(),
    };
    // The receiver of `a.b.c(...)` when the callee is one member expression.
    let receiver = receiver.or_else(|| {
        // Grammars without a `function` field (Kotlin's `call_expression`): the first child.
        let f = callee_node.or_else(|| {
            named
                .first()
                .copied()
                .filter(|n| n.kind().contains("navigation") || n.kind().contains("member"))
        })?;
        f.child_by_field_name("object")
            .or_else(|| f.child_by_field_name("operand"))
            .or_else(|| f.child_by_field_name("value"))
            .or_else(|| {
                if f.kind().contains("navigation")
                    || f.kind().contains("member")
                    || f.kind() == "attribute"
                    || f.kind().contains("selector")
                    || f.kind().contains("field")
                {
                    f.named_child(0)
                } else {
                    None
                }
            })
    });
    let mut args = Vec::new();
    let arg_node = node
        .child_by_field_name("arguments")
        .or_else(|| node.child_by_field_name("argument"));
    let callee_id = callee_node.or(name).map(|n| n.id());
    let push_args = |list: Node<'t>, args: &mut Vec<Node<'t>>| {
        let mut c = list.walk();
        for a in list.named_children(&mut c) {
            if a.kind().contains("comment") {
                continue;
            }
            if matches!(a.kind(), "keyword_argument" | "named_argument")
                || a.child_by_field_name("name").is_some()
                    && a.kind() == "argument"
                    && a.child_by_field_name("value").is_some()
            {
                continue;
            }
            let inner = if matches!(
                a.kind(),
                "argument" | "value_argument" | "pair" | "argument_list"
            ) {
                a.child_by_field_name("value")
                    .or_else(|| a.child_by_field_name("expression"))
                    .or_else(|| {
                        let mut cc = a.walk();
                        let kids: Vec<Node> = a.named_children(&mut cc).collect();
                        kids.last().copied()
                    })
                    .unwrap_or(a)
            } else {
                a
            };
            args.push(inner);
        }
    };
    match (node.kind(), arg_node) {
        ("command", _) => {
            for n in &named {
                if Some(n.id()) == callee_id || n.kind() == "command_name" {
                    continue;
                }
                if n.kind() == "command_elements" {
                    push_args(*n, &mut args);
                } else {
                    args.push(*n);
                }
            }
        }
        (_, Some(list)) => {
            if node.kind() == "macro_invocation" {
                args.push(list);
            } else {
                push_args(list, &mut args);
            }
        }
        _ => {
            for n in &named {
                if Some(n.id()) == callee_id {
                    continue;
                }
                if n.kind().contains("arguments")
                    || n.kind() == "token_tree"
                    || n.kind() == "call_suffix"
                {
                    let mut c2 = n.walk();
                    for k in n.named_children(&mut c2) {
                        if k.kind().contains("arguments") {
                            push_args(k, &mut args);
                        } else if !k.kind().contains("lambda") {
                            args.push(k);
                        }
                    }
                    if n.kind() == "token_tree" {
                        args.clear();
                        args.push(*n);
                    }
                    if n.kind().contains("arguments") && args.is_empty() {
                        push_args(*n, &mut args);
                    }
                }
            }
        }
    }
    (callee, receiver, args)
}

/// A path that starts at a known API root (`/rest/…`, `/wiki/…`, `/2.0/…`): not relative to a base.
fn looks_like_root_relative(v: &str) -> bool {
    let v = v.trim_start_matches('/');
    v.starts_with("rest/")
        || v.starts_with("wiki/")
        || v.starts_with("2.0/")
        || v.starts_with("ex/")
}

/// A base URL: an Atlassian host, or any host or unknown base followed by an API root only.
fn is_api_root(v: &str) -> bool {
    let v = v.trim().trim_end_matches('/');
    if v.contains(' ') || v.contains(PARAM_MARK) {
        return false;
    }
    let path = match v.find("://") {
        Some(i) => {
            let rest = &v[i + 3..];
            match rest.find('/') {
                Some(j) => &rest[j..],
                None => {
                    return rest.contains("atlassian")
                        || rest.contains("bitbucket")
                        || rest.starts_with('{');
                }
            }
        }
        None => {
            if let Some(j) = v.find('/') {
                &v[j..]
            } else {
                return false;
            }
        }
    };
    const ROOTS: [&str; 12] = [
        "/rest/api/3",
        "/rest/api/2",
        "/rest/api/latest",
        "/rest/agile/1.0",
        "/rest/servicedeskapi",
        "/wiki/api/v2",
        "/wiki/rest/api",
        "/wiki",
        "/2.0",
        "/api/2.0",
        "/rest",
        "/ex/jira/{}",
    ];
    ROOTS.iter().any(|r| path.ends_with(r))
        || path.starts_with("/ex/") && path.matches('/').count() <= 3
        || path.ends_with("/ex/confluence/{}/wiki")
        || path.ends_with("/ex/confluence/{}/wiki/api/v2")
}

/// How much an argument looks like the request's URL: an API root or host beats a bare path,
/// which beats a lone helper parameter.
fn url_score(v: &str) -> u8 {
    if v.contains("/rest/")
        || v.contains("/wiki/")
        || v.contains("/2.0")
        || v.contains("atlassian")
        || v.contains("bitbucket")
    {
        3
    } else if v.starts_with(PARAM_MARK)
        && v.ends_with(PARAM_MARK)
        && v.matches(PARAM_MARK).count() == 2
    {
        1
    } else {
        2
    }
}

/// Does the evaluated string look like an Atlassian API URL or an API path?
fn looks_like_api(url: &str) -> bool {
    // A query string may hold unencoded spaces (`?jql=project = APP`): only the path counts.
    let u = url.trim();
    let u = u.split('?').next().unwrap_or(u);
    if u.contains(' ') && !u.contains("://") {
        return false;
    }
    u.contains("/rest/")
        || u.contains("/wiki/")
        || u.contains("/2.0/")
        || u.contains("/ex/jira")
        || u.contains("/ex/confluence")
        || u.starts_with('/') && u.len() > 1
        || u.starts_with("{}/") && u.len() > 3
        || u.starts_with(PARAM_MARK)
        || u.starts_with('{') && u.contains(PARAM_MARK)
        || u.contains("atlassian.net")
        || u.contains("bitbucket.org")
}

const VERBS: [&str; 6] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"];

/// The verb named by a callee like `post`, `PostAsync`, `postForEntity`, `HttpPut`, `Post.new`.
fn verb_of_callee(callee: &str) -> Option<&'static str> {
    let segments: Vec<&str> = callee
        .split(['.', ':', '>', '-', ' '])
        .filter(|s| !s.is_empty())
        .collect();
    let last = segments.last()?.trim_end_matches(['!', '?', '(']);
    let mut candidates: Vec<&str> = if last.eq_ignore_ascii_case("new") && segments.len() >= 2 {
        vec![segments[segments.len() - 2]]
    } else {
        vec![last]
    };
    // `wp_remote_post`, `jira_put`: snake_case functions named after their verb (last word).
    if let Some((_, word)) = candidates[0].rsplit_once('_') {
        if !word.is_empty() {
            candidates.push(word);
        }
    }
    for c in candidates {
        let lower = c.to_ascii_lowercase();
        let lower = lower.trim_start_matches("http").trim_start_matches('_');
        for verb in VERBS {
            let v = verb.to_ascii_lowercase();
            if let Some(rest) = lower.strip_prefix(v.as_str()) {
                if rest.ends_with("async")
                    || matches!(
                        rest,
                        "" | "async"
                            | "asjsonasync"
                            | "forobject"
                            | "forentity"
                            | "json"
                            | "_json"
                            | "asjson"
                            | "request"
                            | "_request"
                            | "object"
                            | "raw"
                    )
                {
                    return Some(verb);
                }
            }
        }
    }
    None
}

/// A method named in a call's arguments: `"POST"`, `method: 'PUT'`, `HttpMethod.Post`,
/// `http.MethodDelete`, `Method::PATCH`, `-Method Post`, `-X POST`, `--request`, `-d` (POST).
fn verb_in_text(t: &str) -> Option<&'static str> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(concat!(
            r#"(?i)(?:method['"]?\s*(?:=>|[:=])\s*['"]?|HttpMethod\.|http\.Method|Method::|Method\.|-Method\s+['"]?|-X\s*['"]?|--request[= ]\s*['"]?|CURLOPT_CUSTOMREQUEST\s*(?:=>|,)\s*['"]|setRequestMethod\(\s*['"]|\.method\(\s*['"]|--method[= ]['"]?|\brequest\(\s*['"]|NewRequest(?:WithContext)?\((?:ctx,\s*)?['"]|\(\s*['"])"#,
            r#"(GET|POST|PUT|PATCH|DELETE|HEAD)\b"#
        ))
        .expect("static regex")
    });
    if let Some(m) = re.captures(t).and_then(|c| c.get(1)) {
        let v = m.as_str().to_ascii_uppercase();
        return VERBS.iter().copied().find(|x| *x == v);
    }
    None
}

/// curl/wget: data flags imply POST, `-T` PUT (when no `-X`).
fn verb_from_data_flags(t: &str) -> Option<&'static str> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"(?:^|\s)(-d|--data|--data-raw|--data-binary|--data-urlencode|-F|--form|--json|--post-data|--post-file|CURLOPT_POST\b|CURLOPT_POSTFIELDS)|(?:^|\s)(-T|--upload-file)\s").expect("static regex")
    });
    let c = re.captures(t)?;
    if c.get(2).is_some() {
        Some("PUT")
    } else {
        Some("POST")
    }
}

struct Candidate<'t> {
    file: usize,
    node: Node<'t>,
    url: String,
    notes: Vec<String>,
    callee: String,
    func: Option<Node<'t>>,
    /// An argument index holding a parameter marker for the method (helpers' `do(method, path)`).
    method: Option<(&'static str, bool)>,
    method_param: Option<usize>,
    /// The helper function this call goes through, when it is a helper's call site.
    helper: Option<String>,
}

fn is_message_call(callee: &str) -> bool {
    let last = last_segment(callee).to_ascii_lowercase();
    let first = callee
        .split(['.', ':'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    MESSAGE_CALLEES.contains(&last.as_str())
        || matches!(
            first.as_str(),
            "console" | "logger" | "log" | "logging" | "fmt" | "slog" | "tracing" | "rails"
        ) && !matches!(last.as_str(), "sprintf")
        || last.ends_with("error")
        || last.ends_with("exception")
}

fn marker_index(s: &str) -> Option<usize> {
    let start = s.find(PARAM_MARK)?;
    let rest = &s[start + 1..];
    let end = rest.find(PARAM_MARK)?;
    rest[..end].parse().ok()
}

impl<'t> Index<'t> {
    /// Every call in a file whose argument evaluates to an API URL, or which calls a helper.
    fn candidates(&self, file: usize, out: &mut Vec<Candidate<'t>>, helper_calls: bool) {
        let src = self.src(file);
        for &node in &self.nodes[file].calls {
            let (callee, receiver, args) = call_parts(node, src);
            if callee.is_empty() || is_message_call(&callee) {
                continue;
            }
            let func = enclosing_function(node);
            let ctx = Ctx {
                file,
                func,
                pos: node.start_byte(),
                depth: 0,
                lookups: 0,
                marker_func: func.map(|f| f.id()),
            };
            let callee_key = callee_key_of(&callee);
            if helper_calls {
                if let Some(list) = self.helpers.get(&callee_key) {
                    if func.is_some_and(|f| {
                        self.func_name(file, f).as_deref() == Some(callee_key.as_str())
                    }) {
                        continue;
                    }
                    let mut call_notes = Vec::new();
                    let (values, value_nodes) =
                        self.helper_arguments(file, &callee_key, &args, ctx, &mut call_notes);
                    // `MediaType.get("application/json")` is not `BitbucketApi.get(path)`.
                    let other_class = receiver
                        .map(|r| text(r, src).trim())
                        .filter(|r| {
                            r.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                                && r.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                        })
                        .map(|r| r.to_ascii_lowercase());
                    for helper in list {
                        if let (Some(r), Some(c)) = (&other_class, &helper.class) {
                            if r != c {
                                continue;
                            }
                        }
                        let mut notes = call_notes.clone();
                        let url = fill_markers(&helper.template, &values);
                        if url.contains(PARAM_MARK) && func.is_none() {
                            continue;
                        }
                        let (method, method_param) = match &helper.method {
                            HelperMethod::Known(m, found) => (
                                Some((
                                    VERBS.iter().copied().find(|v| v == m).unwrap_or("GET"),
                                    *found,
                                )),
                                None,
                            ),
                            HelperMethod::Param(i) => {
                                let v = values.get(*i).map(|s| s.to_ascii_uppercase());
                                match v
                                    .as_deref()
                                    .and_then(|v| VERBS.iter().copied().find(|x| *x == v))
                                    // `http.MethodGet`, `HttpMethod.Post`, `:post`, `Verb.PUT`.
                                    .or_else(|| {
                                        value_nodes
                                            .get(*i)
                                            .copied()
                                            .flatten()
                                            .and_then(|a| verb_constant(text(a, src)))
                                    }) {
                                    Some(verb) => (Some((verb, true)), None),
                                    None => (None, values.get(*i).and_then(|s| marker_index(s))),
                                }
                            }
                        };
                        notes.insert(
                            0,
                            format!(
                                "helper `{callee_key}` ({}:{}: {}) + path from the call",
                                helper.file, helper.line, helper.resolution
                            ),
                        );
                        out.push(Candidate {
                            file,
                            node,
                            url,
                            notes,
                            callee: callee.clone(),
                            func,
                            method,
                            method_param,
                            helper: Some(callee_key.clone()),
                        });
                    }
                    continue;
                }
            }
            let constructed = if callee_key == "new" {
                // Ruby `RestClient::Resource.new(url, …)`, `Faraday.new(url: …)`.
                receiver
                    .map(|r| text(r, src).to_ascii_lowercase())
                    .unwrap_or_default()
            } else if matches!(node.kind(), "object_creation_expression" | "new_expression") {
                callee_key.clone()
            } else {
                String::new()
            };
            if [
                "client",
                "clientoptions",
                "resource",
                "faraday",
                "connection",
            ]
            .iter()
            .any(|s| constructed.ends_with(s))
            {
                // `new RestClient(url)`: the client is configured here, the request is sent by
                // its `Execute`/`GetAsync` call (which takes this URL).
                continue;
            }
            if URL_BUILDERS.contains(&callee_key.as_str())
                && node.parent().is_some_and(|p| {
                    is_kind(p, ASSIGN_KINDS)
                        || is_kind(p, CALL_KINDS)
                        || p.kind().contains("argument")
                })
            {
                // `u = URI.create(x)`, `get(URI(x))`: the use is the request.
                continue;
            }
            let mut notes = Vec::new();
            // Kept apart: the base's notes belong to the resolution only when the base is used.
            let mut base_notes = Vec::new();
            let base = receiver
                .and_then(|r| self.client_base(r, ctx, &mut base_notes))
                .or_else(|| {
                    // Ktor `client.post { url("issue/1") }`: the client is the enclosing call's receiver.
                    if callee_key != "url" {
                        return None;
                    }
                    let mut cur = node.parent();
                    for _ in 0..8 {
                        let n = cur?;
                        if is_kind(n, CALL_KINDS) {
                            let (_, r, _) = call_parts(n, src);
                            return r.and_then(|r| self.client_base(r, ctx, &mut base_notes));
                        }
                        cur = n.parent();
                    }
                    None
                });
            let mut best: Option<(u8, String)> = None;
            let mut used_base = false;
            for a in &args {
                if trace_enabled() {
                    let traced = self.eval(*a, ctx, &mut Vec::new());
                    eprintln!(
                        "TRACE {}:{} callee={callee:?} base={base:?} arg={:?} -> {traced:?}",
                        self.display(file),
                        line_of(node),
                        text(*a, src)
                    );
                }
                if let Some(v) = self
                    .eval(*a, ctx, &mut notes)
                    .map(|v| glue_unknown_base(&v))
                {
                    // `request('POST', 'search/jql')`: a bare verb is the method, not a path.
                    let is_verb = VERBS.iter().any(|x| x.eq_ignore_ascii_case(v.trim()));
                    // A helper's whole path parameter (`client.post(url, form)` in
                    // `makeMultipartRequest(url, form)`) joins the client's base too: the call
                    // site's value decides (see `fill_markers`).
                    let lone_param = v.starts_with(PARAM_MARK)
                        && v.ends_with(PARAM_MARK)
                        && v.matches(PARAM_MARK).count() == 2;
                    let relative_ok = !is_verb
                        && !v.contains("://")
                        && !v.contains(' ')
                        && !v.is_empty()
                        && !v.starts_with('{')
                        && (!v.starts_with(PARAM_MARK) || lone_param)
                        && (v.contains('/')
                            || lone_param
                            || v.chars()
                                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'))
                        && !looks_like_root_relative(&v);
                    let based = base.as_ref().filter(|_| {
                        relative_ok
                            && (verb_of_callee(&callee).is_some()
                                || matches!(
                                    callee_key.trim_end_matches("async"),
                                    "request"
                                        | "send"
                                        | "sendasync"
                                        | "fetch"
                                        | "execute"
                                        | "exchange"
                                        | "call"
                                        | "invoke"
                                        | "do"
                                        | "retrieve"
                                        | "url"
                                ))
                    });
                    let (score, value) = match based {
                        Some(b) => (4, join_path(b, &v)),
                        None if looks_like_api(&v) => (url_score(&v), v),
                        None => continue,
                    };
                    if best.as_ref().is_none_or(|(s, _)| score > *s) {
                        used_base = score == 4;
                        best = Some((score, value));
                    }
                }
            }
            if used_base {
                notes.splice(0..0, base_notes);
            }
            // Only a helper's bare parameter (`post(path, payload)` sends `payload`): the URL may
            // still be in the receiver (`auth[sub_url].post payload`).
            let weak = best.as_ref().is_none_or(|(s, _)| *s <= 1);
            let mut url = best.map(|(_, v)| v);
            if url.is_none() && callee_key == "openconnection" {
                if let Some(r) = receiver {
                    url = self.eval(r, ctx, &mut notes).filter(|v| looks_like_api(v));
                }
            }
            let sends = verb_of_callee(&callee).is_some()
                || matches!(
                    callee_key.trim_end_matches("async"),
                    "execute" | "send" | "request" | "call" | "invoke" | "do" | "retrieve"
                );
            if weak && sends {
                if let Some(r) = receiver {
                    if matches!(
                        r.kind(),
                        "element_reference" | "subscript" | "index_expression"
                    ) {
                        // rest-client `resource[sub_url].get`: the resource is a base, the index
                        // a path under it.
                        let object = r.named_child(0);
                        let index = u32::try_from(r.named_child_count().saturating_sub(1))
                            .ok()
                            .and_then(|i| r.named_child(i))
                            .filter(|i| Some(i.id()) != object.map(|o| o.id()));
                        if let (Some(object), Some(index)) = (object, index) {
                            let base = self.client_base(object, ctx, &mut notes);
                            let path = self.eval(index, ctx, &mut notes);
                            if let (Some(b), Some(p)) = (base, path) {
                                url = Some(join_path(&b, &p));
                            }
                        }
                    } else if url.is_none()
                        && matches!(
                            r.kind(),
                            "identifier" | "simple_identifier" | "variable_name"
                        )
                        && args.iter().all(|a| {
                            self.eval(*a, ctx, &mut Vec::new())
                                .is_none_or(|v| !looks_like_api(&v))
                        })
                    {
                        // RestSharp `new RestClient(fullUrl).Execute(new RestRequest(Method.GET))`.
                        url = self.client_url(r, ctx, &mut notes);
                    }
                }
            }
            let Some(url) = url else { continue };
            out.push(Candidate {
                file,
                node,
                url,
                notes,
                callee,
                func,
                method: None,
                method_param: None,
                helper: None,
            });
        }
    }

    /// The method of a candidate: the callee, its arguments, the chain around it, then setters
    /// that follow it (`setRequestMethod`, `CURLOPT_CUSTOMREQUEST`) before the next request.
    fn method_of(
        &self,
        cand: &Candidate<'t>,
        next_start: usize,
    ) -> (Option<&'static str>, Option<usize>) {
        if let Some((m, true)) = cand.method {
            return (Some(m), None);
        }
        if cand.method_param.is_some() {
            return (None, cand.method_param);
        }
        let src = self.src(cand.file);
        let node = cand.node;
        let language = self.language(cand.file);
        if let Some(v) = verb_of_callee(&cand.callee) {
            return (Some(v), None);
        }
        let call_text = text(node, src);
        let (_, _, args) = call_parts(node, src);
        // A method given by a helper's parameter.
        for (i, a) in args.iter().enumerate() {
            let mut notes = Vec::new();
            let ctx = Ctx {
                file: cand.file,
                func: cand.func,
                pos: node.start_byte(),
                depth: 0,
                lookups: 0,
                marker_func: cand.func.map(|f| f.id()),
            };
            if let Some(v) = self.eval(*a, ctx, &mut notes) {
                let up = v.to_ascii_uppercase();
                if let Some(verb) = VERBS.iter().copied().find(|x| *x == up) {
                    return (Some(verb), None);
                }
                if v.starts_with(PARAM_MARK) && v.ends_with(PARAM_MARK) && i + 1 < args.len() {
                    if let Some(p) = marker_index(&v) {
                        return (None, Some(p));
                    }
                }
            }
        }
        if let Some(v) = verb_in_text(call_text) {
            return (Some(v), None);
        }
        if let Some(v) = self.verb_of_arguments(cand, &args) {
            return (Some(v), None);
        }
        if matches!(
            language,
            Language::Shell | Language::PowerShell | Language::Php
        ) || cand.callee.contains("curl")
        {
            if let Some(v) = verb_from_data_flags(call_text) {
                return (Some(v), None);
            }
        }
        // The chain and the block around: `.post(body)`, `client.post { url(…) }`, `HttpRequest…POST()`.
        let mut cur = node.parent();
        let mut levels = 0;
        while let Some(n) = cur {
            if is_kind(n, FUNCTION_KINDS)
                && !n.kind().contains("lambda")
                && n.kind() != "arrow_function"
                || levels > 14
            {
                break;
            }
            if n.kind().ends_with("statement")
                && n.kind() != "expression_statement"
                && n.kind() != "body_statement"
                || n.kind() == "block" && levels > 6
            {
                break;
            }
            if is_kind(n, CALL_KINDS) {
                let (callee, _, _) = call_parts(n, src);
                if let Some(v) = verb_of_callee(last_segment(&callee)) {
                    return (Some(v), None);
                }
                let t = text(n, src);
                if let Some(v) = verb_in_text(t) {
                    return (Some(v), None);
                }
            }
            levels += 1;
            cur = n.parent();
        }
        // Setters after the call, before the next request (`HttpURLConnection`, PHP curl).
        let end = cand
            .func
            .map(|f| f.end_byte())
            .unwrap_or(src.len())
            .min(next_start.max(node.end_byte()));
        if let Some(after) = src.get(node.start_byte()..end) {
            static RE: OnceLock<Regex> = OnceLock::new();
            let re = RE.get_or_init(|| {
                Regex::new(r#"(?i)(?:setRequestMethod\(\s*"|CURLOPT_CUSTOMREQUEST\s*,\s*['"]|\.Method\s*=\s*(?:Method|HttpMethod)\.|requestMethod\s*=\s*")(GET|POST|PUT|PATCH|DELETE)"#).expect("static regex")
            });
            if let Some(m) = re.captures(after).and_then(|c| c.get(1)) {
                let up = m.as_str().to_ascii_uppercase();
                return (VERBS.iter().copied().find(|x| *x == up), None);
            }
            if after.contains("CURLOPT_POST") {
                return (Some("POST"), None);
            }
        }
        (None, None)
    }
}

impl<'t> Index<'t> {
    /// The definition of `name` that reaches `ctx.pos`: in the same function, else in the file.
    fn reaching_def(&self, name: &str, ctx: Ctx<'t>) -> Option<&Def<'t>> {
        let key = key_of(name)?;
        let defs = self.defs.get(&key)?;
        let scope = ctx.func.map(|f| f.id());
        defs.iter()
            .filter(|d| d.file == ctx.file && d.scope == scope && d.start < ctx.pos)
            .max_by_key(|d| d.start)
            .or_else(|| {
                defs.iter()
                    .filter(|d| d.file == ctx.file && d.scope.is_none() && d.start < ctx.pos)
                    .max_by_key(|d| d.start)
            })
    }

    /// A request object passed to the call carries its verb: the constructor or builder chain it
    /// was made with (`Net::HTTP::Post.new(uri)`, `new RestRequest("issue", Method.Post)`,
    /// `HttpRequest.newBuilder()….POST(…).build()`, `{ method: 'PUT', url }`, a PowerShell splat
    /// `@{ Method = 'Post' }`), or a setter between its creation and the call
    /// (`request.Method = Method.GET`).
    fn verb_of_arguments(&self, cand: &Candidate<'t>, args: &[Node<'t>]) -> Option<&'static str> {
        static IDENT: OnceLock<Regex> = OnceLock::new();
        let ident = IDENT
            .get_or_init(|| Regex::new(r"^[$@]?[A-Za-z_][A-Za-z0-9_]*$").expect("static regex"));
        let src = self.src(cand.file);
        let ctx = Ctx {
            file: cand.file,
            func: cand.func,
            pos: cand.node.start_byte(),
            depth: 0,
            lookups: 0,
            marker_func: None,
        };
        for a in args {
            let name = text(*a, src).trim().trim_start_matches(['&', '*']);
            if !ident.is_match(name) {
                continue;
            }
            let Some(def) = self.reaching_def(name, ctx) else {
                continue;
            };
            let dsrc = self.src(def.file);
            // `Method::from_bytes(method_str…).unwrap_or(Method::GET)`,
            // `Net::HTTP.const_get(method.capitalize)`: the verb is the caller's, the constant in
            // the text is only a fallback.
            if cand
                .func
                .and_then(|f| self.method_parameter(cand.file, f))
                .and_then(|i| {
                    cand.func
                        .and_then(|f| self.params.get(&f.id())?.get(i).cloned())
                })
                .is_some_and(|p| {
                    // `method_str` or a local made from it (`method_str_ucase`).
                    let re = format!(r"(?i)(?:^|[^A-Za-z0-9_]){}", regex::escape(&p));
                    Regex::new(&re).is_ok_and(|r| r.is_match(text(def.value, dsrc)))
                })
            {
                continue;
            }
            // The builder chain, outermost call first.
            let mut node = Some(def.value);
            let mut steps = 0;
            while let Some(n) = node {
                steps += 1;
                if steps > 24 || !is_kind(n, CALL_KINDS) {
                    break;
                }
                let (callee, receiver, _) = call_parts(n, dsrc);
                if let Some(v) =
                    verb_of_callee(&callee).or_else(|| verb_of_callee(last_segment(&callee)))
                {
                    return Some(v);
                }
                node = receiver;
            }
            let def_text = text(def.value, dsrc);
            if def_text.len() < 4000 {
                if let Some(v) = verb_in_text(def_text) {
                    return Some(v);
                }
            }
            // A setter between the definition and the call.
            if def.file == cand.file {
                let bare = name.trim_start_matches(['$', '@']);
                let between = src.get(def.start..cand.node.start_byte()).unwrap_or("");
                let re = format!(
                    r#"(?i)\$?{}\s*\.\s*method\s*=\s*(?:[A-Za-z_]+\s*(?:\.|::))*['"]?(GET|POST|PUT|PATCH|DELETE|HEAD)"#,
                    regex::escape(bare)
                );
                if let Some(m) = Regex::new(&re)
                    .ok()
                    .and_then(|r| r.captures(between))
                    .and_then(|c| c.get(1))
                {
                    let up = m.as_str().to_ascii_uppercase();
                    return VERBS.iter().copied().find(|v| *v == up);
                }
            }
        }
        None
    }
}

fn fill_markers(template: &str, values: &[String]) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(start) = rest.find(PARAM_MARK) {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let Some(end) = after.find(PARAM_MARK) else {
            break;
        };
        let index: usize = after[..end].parse().unwrap_or(usize::MAX);
        let value = values.get(index).cloned().unwrap_or_else(|| "{}".into());
        if value.contains("://") {
            // An absolute URL passed for a path under the client's base replaces the base.
            out = value;
        } else if looks_like_root_relative(&value) && is_api_root(&out) {
            // `/rest/api/3/issue` passed to a helper whose client base is `…/rest/api/3`.
            out = join(strip_api_root(&out), &value);
        } else {
            out = join(&out, &value);
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// A test or spec file (`tests/…`, `…_test.go`, `….test.ts`, `….spec.js`, `test_….py`).
fn is_test_path(path: &str) -> bool {
    let p = path.replace('\\', "/").to_ascii_lowercase();
    let name = p.rsplit('/').next().unwrap_or(&p);
    p.contains("/test/")
        || p.contains("/tests/")
        || p.contains("/__tests__/")
        || p.contains("/spec/")
        || p.starts_with("test/")
        || p.starts_with("tests/")
        || name.contains(".test.")
        || name.contains(".spec.")
        || name.contains("_test.")
        || name.starts_with("test_")
}

/// A base without its API root (`https://x/rest/api/3/` → `https://x`).
fn strip_api_root(base: &str) -> &str {
    const ROOTS: [&str; 9] = [
        "/rest/api/3",
        "/rest/api/2",
        "/rest/api/latest",
        "/rest/agile/1.0",
        "/rest/servicedeskapi",
        "/wiki/api/v2",
        "/wiki/rest/api",
        "/api/2.0",
        "/2.0",
    ];
    let b = base.trim_end_matches('/');
    ROOTS.iter().find_map(|r| b.strip_suffix(r)).unwrap_or(b)
}

/// `TW_SCAN_TRACE=1`: print every call's callee and evaluated arguments on stderr (for finding
/// why a call was missed; docs/scan.md).
fn trace_enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("TW_SCAN_TRACE").is_some())
}

/// Replaces every parameter marker `\u{1}N\u{1}` by `{}`.
fn strip_markers(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    let mut inside = false;
    for ch in url.chars() {
        if ch == PARAM_MARK {
            if !inside {
                out.push_str("{}");
            }
            inside = !inside;
        } else if !inside {
            out.push(ch);
        }
    }
    out
}

fn line_of(node: Node) -> usize {
    node.start_position().row + 1
}

fn snippet(node: Node, src: &str) -> String {
    let line_start = src[..node.start_byte()]
        .rfind('\n')
        .map(|i| i + 1)
        .unwrap_or(0);
    let line_end = src[node.start_byte()..]
        .find('\n')
        .map(|i| node.start_byte() + i)
        .unwrap_or(src.len());
    let line = src.get(line_start..line_end).unwrap_or("").trim();
    let short: String = line.chars().take(140).collect();
    output::safe(&short)
}

/// Parses the files (in parallel), collects definitions and helpers, then resolves every call.
/// `trees[i]`, when present, is `files[i]` already parsed (by [`anchored`]): not parsed again.
pub fn scan_files(files: &[SourceFile], trees: Vec<Option<Tree>>, threads: usize) -> EngineResult {
    let mut result = EngineResult::default();
    let threads = threads.max(1);
    let mut trees = trees;
    trees.resize_with(files.len(), || None);
    let jobs: Vec<(&SourceFile, Option<Tree>)> = files.iter().zip(trees).collect();
    let chunk = jobs.len().div_ceil(threads).max(1);
    let mut parsed: Vec<Parsed> = Vec::with_capacity(files.len());
    let mut jobs = jobs;
    let mut parts: Vec<Vec<(&SourceFile, Option<Tree>)>> = Vec::new();
    while !jobs.is_empty() {
        let rest = jobs.split_off(chunk.min(jobs.len()));
        parts.push(std::mem::replace(&mut jobs, rest));
    }
    std::thread::scope(|s| {
        let handles: Vec<_> = parts
            .into_iter()
            .map(|part| {
                s.spawn(move || {
                    let mut out = Vec::new();
                    let mut parsers: HashMap<Language, Parser> = HashMap::new();
                    for (f, tree) in part {
                        if let Some(tree) = tree {
                            out.push(Ok(Parsed { file: f, tree }));
                            continue;
                        }
                        let parser = parsers.entry(f.language).or_insert_with(|| {
                            let mut p = Parser::new();
                            let _ = p.set_language(&f.language.grammar());
                            p
                        });
                        match parser.parse(&f.text, None) {
                            Some(tree) => out.push(Ok(Parsed { file: f, tree })),
                            None => out.push(Err(f.display.clone())),
                        }
                    }
                    out
                })
            })
            .collect();
        for h in handles {
            if let Ok(part) = h.join() {
                for p in part {
                    match p {
                        Ok(p) => parsed.push(p),
                        Err(path) => result.skipped.push(Skipped {
                            path,
                            reason: "the parser gave up".into(),
                        }),
                    }
                }
            }
        }
    });
    result.files_parsed = parsed.len();
    let nodes: Vec<FileNodes> = parsed.iter().map(|p| file_nodes(&p.tree)).collect();
    let mut index = Index {
        parsed: &parsed,
        nodes: &nodes,
        defs: HashMap::new(),
        params: HashMap::new(),
        helpers: HashMap::new(),
        functions: HashMap::new(),
        script_functions: HashMap::new(),
    };
    for (i, p) in parsed.iter().enumerate() {
        collect_defs(i, p, &nodes[i], &mut index.defs, &mut index.params);
        let src = p.file.text.as_str();
        for &node in &nodes[i].functions {
            if let Some(name) = function_name(node, src) {
                index.functions.entry(name).or_default().push((i, node));
            }
        }
        let root = p.tree.root_node();
        if is_script_function(root) {
            index
                .params
                .insert(root.id(), function_params(root, src, p.file.language));
            if let Some(name) = index.func_name(i, root) {
                index.script_functions.insert(name, (i, root));
            }
        }
    }
    // Helpers, two levels: a function whose request URL holds a parameter.
    let mut all: Vec<Candidate> = Vec::new();
    for level in 0..3 {
        all.clear();
        for file in 0..parsed.len() {
            index.candidates(file, &mut all, level > 0);
        }
        if level == 2 {
            break;
        }
        let mut found: HashMap<String, Vec<Helper>> = HashMap::new();
        let mut next_starts = vec![usize::MAX; all.len()];
        for i in 0..all.len() {
            if i + 1 < all.len() && all[i + 1].file == all[i].file {
                next_starts[i] = all[i + 1].node.start_byte();
            }
        }
        for (i, cand) in all.iter().enumerate() {
            let Some(func) = cand.func else { continue };
            if !cand.url.contains(PARAM_MARK) {
                continue;
            }
            let Some(name) = index.func_name(cand.file, func) else {
                continue;
            };
            let (method, param) = index.method_of(cand, next_starts[i]);
            if trace_enabled() {
                eprintln!(
                    "TRACE helper {name:?} template {:?} method {method:?} param {param:?}",
                    cand.url
                );
            }
            let method = match (method, param) {
                (_, Some(p)) => HelperMethod::Param(p),
                (Some(m), None) => HelperMethod::Known(m.to_string(), true),
                (None, None) => match index.method_parameter(cand.file, func) {
                    // `def jsm(method, path)`, `send(String url, Verb method)`,
                    // `init_request(method_str, endpoint)`: the caller names the verb.
                    Some(p) => HelperMethod::Param(p),
                    None => match verb_of_callee(&name) {
                        Some(v) => HelperMethod::Known(v.to_string(), true),
                        None => HelperMethod::Known("GET".into(), false),
                    },
                },
            };
            let resolution = if cand.notes.is_empty() {
                "URL built in the helper".to_string()
            } else {
                cand.notes.join(", ")
            };
            let helper = Helper {
                template: cand.url.clone(),
                method,
                file: index.display(cand.file).to_string(),
                line: line_of(cand.node),
                resolution,
                class: enclosing_class(func, index.src(cand.file)),
            };
            // Several calls in one function take a parameter (`json.NewEncoder(&buf).Encode(body)`
            // and `http.NewRequest(method, c.base+path, &buf)`): the one that looks most like a
            // URL is the request.
            let list: &mut Vec<Helper> = found.entry(name).or_default();
            let score = url_score(&helper.template);
            let best = list.first().map(|h| url_score(&h.template)).unwrap_or(0);
            if score > best {
                list.clear();
            }
            if score >= best
                && !list
                    .iter()
                    .any(|h| h.template == helper.template && h.method == helper.method)
            {
                list.push(helper);
            }
        }
        // A later level sees through the helpers found so far, so its view of a function
        // supersedes: `addAttachment` first looks like a plain call with an unknown verb, then
        // like a call of `makeMultipartRequest`, which POSTs.
        let mut changed = false;
        for (k, v) in found {
            let same = index.helpers.get(&k).is_some_and(|old| {
                old.len() == v.len()
                    && old
                        .iter()
                        .zip(&v)
                        .all(|(a, b)| a.template == b.template && a.method == b.method)
            });
            if !same {
                changed = true;
                index.helpers.insert(k, v);
            }
        }
        if !changed && level > 0 {
            break;
        }
    }
    all.sort_by_key(|c| (c.file, c.node.start_byte()));
    // Dead methods of a client class: a class some of whose methods the project calls from
    // outside it is used as a client, and its methods nothing calls are code this program does
    // not run (`gajira-create` calls `getCreateMeta` and `createIssue` of a shared `Jira` class
    // that also has `transitionIssue`). A class nothing outside calls is a library or an entry
    // point: all its requests count.
    let mut called_names: HashMap<String, Vec<Option<String>>> = HashMap::new();
    for (file, nodes) in index.nodes.iter().enumerate() {
        let src = index.src(file);
        for &call in &nodes.calls {
            let (callee, _, _) = call_parts(call, src);
            called_names
                .entry(callee_key_of(&callee))
                .or_default()
                .push(enclosing_class(call, src));
        }
    }
    let mut client_classes: std::collections::HashSet<String> = std::collections::HashSet::new();
    for (name, list) in &index.functions {
        for (file, func) in list {
            let Some(class) = enclosing_class(*func, index.src(*file)) else {
                continue;
            };
            let outside = called_names
                .get(name)
                .is_some_and(|callers| callers.iter().any(|c| c.as_ref() != Some(&class)));
            if outside {
                client_classes.insert(class);
            }
        }
    }
    all.retain(|cand| {
        let Some(func) = cand.func else { return true };
        let src = index.src(cand.file);
        let Some(class) = enclosing_class(func, src) else {
            return true;
        };
        let Some(name) = index.func_name(cand.file, func) else {
            return true;
        };
        if called_names.contains_key(&name) || !client_classes.contains(&class) {
            return true;
        }
        // Passed by reference (`schedule(client.sync)`, `handlers = [this.onPush]`) is a use too:
        // the name anywhere outside its own definition keeps the request.
        let re = format!(
            r"(?i)(?:^|[^A-Za-z0-9_]){}(?:[^A-Za-z0-9_]|$)",
            regex::escape(&name)
        );
        let Ok(re) = Regex::new(&re) else {
            return true;
        };
        index.parsed.iter().enumerate().any(|(i, p)| {
            re.find_iter(&p.file.text).any(|m| {
                i != cand.file || m.start() < func.start_byte() || m.start() >= func.end_byte()
            })
        })
    });
    // A function whose request depends on its parameters is reported through its call sites; one
    // that nothing in the project calls (an entry point such as `Main(string[] args)`, a handler
    // called by a framework) is itself the request, its parameters unknown.
    let called: std::collections::HashSet<String> =
        all.iter().filter_map(|c| c.helper.clone()).collect();
    for cand in all.iter_mut() {
        if !cand.url.contains(PARAM_MARK) {
            continue;
        }
        let name = cand.func.and_then(|f| index.func_name(cand.file, f));
        if name.is_none_or(|n| !called.contains(&n)) {
            cand.url = strip_markers(&cand.url);
            cand.notes
                .push("parameters of a function nothing here calls, unknown".into());
        }
    }
    for i in 0..all.len() {
        let cand = &all[i];
        if cand.url.contains(PARAM_MARK) {
            continue;
        }
        let next_start = all
            .get(i + 1)
            .filter(|n| n.file == cand.file)
            .map(|n| n.node.start_byte())
            .unwrap_or(usize::MAX);
        let (method, _) = index.method_of(cand, next_start);
        let src = index.src(cand.file);
        let url = clean_url(&cand.url);
        let (method, method_source) = match method {
            Some(m) => (m, "from the call"),
            None => ("GET", METHOD_UNKNOWN),
        };
        let resolution = if cand.notes.is_empty() {
            "URL written at the call".to_string()
        } else {
            cand.notes.join(" + ")
        };
        let m = matcher::match_request_only(method, &url);
        if !m.is_known() {
            // A bare relative path that matches nothing is not evidence of an Atlassian call, and a
            // site or API root alone (`Set-WikiInfo -BaseURI 'https://x.atlassian.net/wiki'`) is
            // configuration, not a request.
            let debug = std::env::var_os("TW_SCAN_DEBUG").is_some();
            if !debug && is_api_root(&url) {
                continue;
            }
            if debug
                || url.contains("atlassian")
                || url.contains("bitbucket")
                || url.contains("/rest/")
                || url.contains("/wiki/")
                || url.contains("/2.0")
            {
                result.unresolved.push(UnresolvedCall {
                    file: index.display(cand.file).to_string(),
                    line: line_of(cand.node),
                    snippet: snippet(cand.node, src),
                    reason: output::safe(&format!(
                        "{method} {url}: {}",
                        m.unknown_reason
                            .unwrap_or_else(|| "no catalog operation".into())
                    )),
                });
            }
            continue;
        }
        result.calls.push(FoundCall {
            file: index.display(cand.file).to_string(),
            line: line_of(cand.node),
            method: method.to_string(),
            method_source: method_source.to_string(),
            url: output::safe(&url),
            operation: None,
            resolution: output::safe(&resolution),
            via: "url".to_string(),
        });
    }
    sdk_calls(&index, &mut result);
    result
}

/// What makes a project's markers real: an Atlassian host, product name or API root. The walk's
/// marker pattern is wider (`/rest/`, `/2.0/`, `api/v2` are common elsewhere).
const ANCHOR_PATTERN: &str = r"(?i)atlassian|bitbucket|jira|confluence|servicedesk|/rest/api/|/rest/agile/|/rest/servicedeskapi/|/wiki/(rest|api)/|/2\.0/(repositories|workspaces|user|teams|pullrequests|snippets)";

fn anchor_re() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| Regex::new(ANCHOR_PATTERN).ok()).as_ref()
}

/// Whether a marked file names Atlassian outside its comments: only then are the project's other
/// request-sending files worth parsing (a base configured here may be used there). The tree
/// parsed to decide is returned for [`scan_files`], so no file is parsed twice.
pub fn anchored(file: &SourceFile) -> (bool, Option<Tree>) {
    let Some(re) = anchor_re() else {
        return (true, None);
    };
    let mut matches = re.find_iter(&file.text).peekable();
    if matches.peek().is_none() {
        return (false, None);
    }
    let mut parser = Parser::new();
    if parser.set_language(&file.language.grammar()).is_err() {
        return (true, None);
    }
    let Some(tree) = parser.parse(&file.text, None) else {
        return (true, None);
    };
    let root = tree.root_node();
    let outside_comments = matches.any(|m| {
        let mut node = root.descendant_for_byte_range(m.start(), m.end());
        while let Some(n) = node {
            if n.kind().contains("comment") {
                return false;
            }
            node = n.parent();
        }
        true
    });
    (outside_comments, Some(tree))
}

/// Client-library calls (`data/sdk-maps/`): receiver constructed from (or typed as) the SDK's client.
fn sdk_calls(index: &Index, result: &mut EngineResult) {
    let maps = super::sdk::maps();
    let imported: Vec<bool> = maps
        .iter()
        .map(|m| {
            index.parsed.iter().any(|p| {
                m.applies_to(p.file.language)
                    && m.imports.iter().any(|i| p.file.text.contains(i.as_str()))
            })
        })
        .collect();
    if !imported.iter().any(|b| *b) {
        return;
    }
    for (file, parsed) in index.parsed.iter().enumerate() {
        let src = parsed.file.text.as_str();
        for &node in &index.nodes[file].calls {
            let (callee, _, _) = call_parts(node, src);
            let callee = callee.replace("?.", ".").replace(char::is_whitespace, "");
            let Some((root, rest)) = callee.split_once('.') else {
                continue;
            };
            for (m, map) in maps.iter().enumerate() {
                if !imported[m] || !map.applies_to(parsed.file.language) {
                    continue;
                }
                let Some(row) = map.methods.iter().find(|r| r.call == rest) else {
                    continue;
                };
                let Some(evidence) = client_evidence(index, file, node, root, map) else {
                    continue;
                };
                for op in &row.operations {
                    result.calls.push(FoundCall {
                        file: index.display(file).to_string(),
                        line: line_of(node),
                        method: op.method.clone(),
                        method_source: "from the SDK map".to_string(),
                        url: op.path.clone(),
                        operation: None,
                        resolution: output::safe(&format!(
                            "{} `{}` on {evidence} (data/sdk-maps, {} {})",
                            map.library, row.call, map.repo, row.source
                        )),
                        via: "sdk".to_string(),
                    });
                }
            }
        }
    }
}

/// Why `root` is a client of `map`: where it was constructed, or its declared type.
fn client_evidence(
    index: &Index,
    file: usize,
    call: Node,
    root: &str,
    map: &super::sdk::SdkMap,
) -> Option<String> {
    let key = root.to_ascii_lowercase();
    let src = index.src(file);
    // A parameter: only when declared with the client's type.
    if let Some(func) = enclosing_function(call) {
        if index
            .params
            .get(&func.id())
            .is_some_and(|ps| ps.contains(&key))
        {
            let params_text = func
                .child_by_field_name("parameters")
                .map(|p| text(p, src))
                .unwrap_or("");
            return map
                .types
                .iter()
                .find(|t| params_text.contains(t.as_str()))
                .map(|t| format!("`{root}` typed {t}"));
        }
    }
    let defs = index.defs.get(&key)?;
    let constructed = |d: &Def| {
        let t = index.src(d.file).get(d.value.byte_range()).unwrap_or("");
        map.constructors.iter().any(|c| t.contains(c.as_str()))
    };
    let mut ordered: Vec<&Def> = defs.iter().filter(|d| d.file == file).collect();
    ordered.extend(
        defs.iter()
            .filter(|d| d.file != file && (d.scope.is_none() || d.member)),
    );
    for d in ordered {
        if constructed(d) {
            return Some(format!(
                "`{root}` constructed at {}:{}",
                index.display(d.file),
                d.line
            ));
        }
        // `jira = connect()` where `def connect(): return JIRA(...)`: a project factory function.
        if is_kind(d.value, CALL_KINDS) {
            let (callee, _, _) = call_parts(d.value, index.src(d.file));
            let name = last_segment(&callee).to_ascii_lowercase();
            if let Some((f, line)) = factory_constructs(index, &name, map) {
                return Some(format!("`{root}` from `{name}()` at {f}:{line}"));
            }
        }
        // `const jira = require('./jira')`: a project module that constructs the client.
        let t = index.src(d.file).get(d.value.byte_range()).unwrap_or("");
        if let Some(module) = t
            .split(['\'', '"'])
            .nth(1)
            .filter(|m| m.starts_with("./") || m.starts_with("../"))
        {
            let stem = module.rsplit('/').next().unwrap_or(module);
            let stem = stem.split('.').next().unwrap_or(stem);
            for (i, p) in index.parsed.iter().enumerate() {
                let file_stem = p
                    .file
                    .path
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .unwrap_or("");
                if file_stem == stem
                    && map
                        .constructors
                        .iter()
                        .any(|c| p.file.text.contains(c.as_str()))
                {
                    return Some(format!("`{root}` from {}", index.display(i)));
                }
            }
        }
    }
    None
}

/// The expression a function returns: its `return` statement's value, or the body's last
/// expression (Rust, Ruby, Kotlin `= expr`, arrow functions).
fn returned_expression<'t>(func: Node<'t>, src: &str) -> Option<Node<'t>> {
    let _ = src;
    let mut stack = vec![func];
    while let Some(node) = stack.pop() {
        if node.id() != func.id() && is_kind(node, FUNCTION_KINDS) {
            continue;
        }
        if matches!(
            node.kind(),
            "return_statement" | "return" | "return_expression" | "jump_expression"
        ) {
            return node.named_child(0);
        }
        let mut c = node.walk();
        let kids: Vec<Node> = node.named_children(&mut c).collect();
        stack.extend(kids.into_iter().rev());
    }
    let body = func.child_by_field_name("body")?;
    if !body.kind().contains("block")
        && !body.kind().contains("statement")
        && body.kind() != "body_statement"
    {
        return Some(body);
    }
    let count = body.named_child_count();
    let last = body.named_child(u32::try_from(count.checked_sub(1)?).ok()?)?;
    Some(last)
}

/// A project function named `name` whose body calls the SDK's constructor: (file, line).
fn factory_constructs<'a>(
    index: &'a Index,
    name: &str,
    map: &super::sdk::SdkMap,
) -> Option<(&'a str, usize)> {
    for (i, p) in index.parsed.iter().enumerate() {
        if !map
            .constructors
            .iter()
            .any(|c| p.file.text.contains(c.as_str()))
        {
            continue;
        }
        let src = p.file.text.as_str();
        for &node in &index.nodes[i].functions {
            if function_name(node, src).as_deref() == Some(name)
                && map
                    .constructors
                    .iter()
                    .any(|c| text(node, src).contains(c.as_str()))
            {
                return Some((index.display(i), line_of(node)));
            }
        }
    }
    None
}

/// Drops a query string's spaces and anything after them; trims.
/// PHP's complex interpolation `"{$site}"` keeps its braces around the value: drop them
/// (`{{}}` → `{}`, `{\u{1}0\u{1}}` → `\u{1}0\u{1}`).
fn unbrace_php(v: &str) -> String {
    let mut out = v.replace("{{}}", "{}");
    while let Some(start) = out.find(&format!("{{{PARAM_MARK}")) {
        let Some(len) = out[start + 2..].find(PARAM_MARK) else {
            break;
        };
        let end = start + 2 + len + 1;
        if out[end..].starts_with('}') {
            out = format!(
                "{}{}{}",
                &out[..start],
                &out[start + 1..end],
                &out[end + 1..]
            );
        } else {
            break;
        }
    }
    out
}

/// `f"{base}wiki/api/v2/pages"` with a base that ends in `/`: the unknown base evaluates to
/// `{}`, so put back the slash in front of an API root (`{}wiki/…` → `{}/wiki/…`).
fn glue_unknown_base(v: &str) -> String {
    const ROOTS: [&str; 5] = ["rest/", "wiki/", "2.0/", "ex/", "api/2.0/"];
    if let Some(rest) = v.strip_prefix("{}") {
        if ROOTS.iter().any(|r| rest.starts_with(r)) {
            return format!("{{}}/{rest}");
        }
    }
    v.to_string()
}

fn clean_url(url: &str) -> String {
    let url = url.trim();
    let url = match url.find('?') {
        Some(q) => &url[..q],
        None => url,
    };
    // RestSharp resources are often written without the leading slash (`"rest/api/3/issue"`).
    let url = if ["rest/", "wiki/", "2.0/"]
        .iter()
        .any(|r| url.starts_with(r))
    {
        format!("/{url}")
    } else {
        url.to_string()
    };
    confluence_context(&url)
}

/// Jira's REST paths are `/rest/api/{2,3,latest}/…`; `/rest/api/content`, `/rest/api/space`… are
/// Confluence's, whose `/wiki` context path is then part of an unknown base
/// (`$BaseURI = 'https://site.atlassian.net/wiki' + '/rest/api'`, given by the caller).
fn confluence_context(url: &str) -> String {
    if url.contains("/wiki/") {
        return url.to_string();
    }
    let Some(i) = url.find("/rest/api/") else {
        return url.to_string();
    };
    let next = url[i + "/rest/api/".len()..]
        .split('/')
        .next()
        .unwrap_or("");
    let version = next == "latest" || next.chars().next().is_some_and(|c| c.is_ascii_digit());
    if version || next.is_empty() || next.starts_with('{') {
        return url.to_string();
    }
    format!("{}/wiki{}", &url[..i], &url[i..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn php_braces_around_a_value_go() {
        assert_eq!(
            unbrace_php("https://{{}}.atlassian.net/project/{\u{1}0\u{1}}/versions"),
            "https://{}.atlassian.net/project/\u{1}0\u{1}/versions"
        );
    }

    #[test]
    fn an_unknown_base_gets_its_slash_back() {
        assert_eq!(
            glue_unknown_base("{}wiki/api/v2/pages/{}"),
            "{}/wiki/api/v2/pages/{}"
        );
        assert_eq!(
            glue_unknown_base("{}rest/api/3/myself"),
            "{}/rest/api/3/myself"
        );
        assert_eq!(
            glue_unknown_base("{}/rest/api/3/myself"),
            "{}/rest/api/3/myself"
        );
        assert_eq!(glue_unknown_base("{}restaurants"), "{}restaurants");
    }

    #[test]
    fn joining_keeps_one_slash() {
        assert_eq!(join("https://x/", "/rest/api/3"), "https://x/rest/api/3");
        assert_eq!(join("{}", "rest/api/3/myself"), "{}/rest/api/3/myself");
        assert_eq!(
            join_path("https://x/2.0", "repositories"),
            "https://x/2.0/repositories"
        );
    }

    #[test]
    fn formats_fill_in_order() {
        assert_eq!(
            apply_format("%s/rest/api/3/issue/%s", &["B".into(), "K".into()]),
            "B/rest/api/3/issue/K"
        );
        assert_eq!(
            apply_format("{0}/x/{1}", &["a".into(), "b".into()]),
            "a/x/b"
        );
        assert_eq!(
            apply_format("/board/{board_id}/sprint", &[]),
            "/board/{}/sprint"
        );
    }

    #[test]
    fn test_files_are_recognised() {
        assert!(is_test_path("repo/tests/unit/tools/get-issue.test.ts"));
        assert!(is_test_path("pkg/client_test.go"));
        assert!(is_test_path("src/api.spec.js"));
        assert!(is_test_path("test_client.py"));
        assert!(!is_test_path("src/tools/get-attachments.ts"));
        assert!(!is_test_path("src/contest/results.py"));
    }

    #[test]
    fn verb_constants_from_argument_text() {
        assert_eq!(verb_constant(":post"), Some("POST"));
        assert_eq!(verb_constant("Http.Verb.PUT"), Some("PUT"));
        assert_eq!(verb_constant("Method::DELETE"), Some("DELETE"));
        assert_eq!(verb_constant("Post"), Some("POST"));
        assert_eq!(verb_constant("'GET'"), Some("GET"));
        assert_eq!(verb_constant("Verb.POSTED"), None);
        assert_eq!(verb_constant("payload"), None);
    }

    #[test]
    fn scripts_called_by_path_are_known_by_their_stem() {
        assert_eq!(
            callee_key_of("\"$PSScriptRoot/Invoke-JiraApi.ps1\""),
            "invoke-jiraapi"
        );
        assert_eq!(callee_key_of("api.get"), "get");
        assert_eq!(callee_key_of("client.Execute<T>"), "execute");
    }

    #[test]
    fn request_objects_and_relative_resources() {
        assert!(is_request_object_type("RestRequest"));
        assert!(is_request_object_type("HttpRequestMessage"));
        assert!(is_request_object_type("RestClientOptions"));
        assert!(!is_request_object_type("RestClient"));
        assert_eq!(clean_url("rest/api/3/issue"), "/rest/api/3/issue");
        assert_eq!(
            clean_url("{}/rest/api/space/{}/settings"),
            "{}/wiki/rest/api/space/{}/settings"
        );
        assert_eq!(clean_url("{}/rest/api/3/myself"), "{}/rest/api/3/myself");
        assert_eq!(
            clean_url("https://x.atlassian.net/wiki/rest/api/content/search"),
            "https://x.atlassian.net/wiki/rest/api/content/search"
        );
        assert_eq!(
            clean_url("https://x/rest/api/3/issue?a=b"),
            "https://x/rest/api/3/issue"
        );
        assert!(looks_like_api("{}/rest/api/3/search/jql?jql=project = APP"));
        assert!(!looks_like_api("see the docs for details"));
    }

    #[test]
    fn verbs_from_callees() {
        assert_eq!(verb_of_callee("requests.post"), Some("POST"));
        assert_eq!(verb_of_callee("client.PutAsJsonAsync"), Some("PUT"));
        assert_eq!(verb_of_callee("Net::HTTP::Delete.new"), Some("DELETE"));
        assert_eq!(verb_of_callee("new HttpPost"), Some("POST"));
        assert_eq!(verb_of_callee("jira.getIssue"), None);
        assert_eq!(verb_of_callee("wp_remote_post"), Some("POST"));
        assert_eq!(verb_of_callee("get_issue"), None);
        assert_eq!(
            verb_in_text("wp_remote_request($u, ['method' => 'POST'])"),
            Some("POST")
        );
        assert_eq!(verb_in_text("fetch(url, { method: 'PUT' })"), Some("PUT"));
        assert_eq!(
            verb_in_text("Invoke-RestMethod -Uri $u `\n -Method Post"),
            Some("POST")
        );
    }
}
