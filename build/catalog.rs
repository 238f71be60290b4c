//! The build script's scope-catalog part (included by `build.rs`): compiles Atlassian's per-operation
//! scope data (`data/atlassian-scopes/*.json`) into `$OUT_DIR/catalog.rs`, a set of compact static
//! arrays that `src/scopes/catalog.rs` includes.
//!
//! Why at build time: the extension's wasm has a size budget, and parsing ~1.2 MB of JSON in the
//! browser on every start would cost both bytes (the JSON and a parser) and time. The generated form
//! keeps every string once in one blob (`STRINGS`) and refers to it by a packed `u32`
//! (20-bit offset, 12-bit length), deduplicates alternative sets, and truncates the long free-text
//! fields (permission sentences, descriptions) that only serve as hints.
//!
//! Reading rule (data/atlassian-scopes/README.md, "Reading an operation's requirement"): an
//! operation's alternatives are `alternatives[*].scopes` when that list is non-empty, else the
//! non-empty lists among `classic` and `granular`; neither means "no published requirement"; an
//! empty alternative means "no scope needed".

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::Path;

use serde_json::Value;

/// The per-product files, in catalog order, with the product variant each maps to.
const PRODUCT_FILES: &[(&str, &str)] = &[
    ("jira-platform.json", "JiraPlatform"),
    ("jira-software.json", "JiraSoftware"),
    ("jira-service-management.json", "JiraServiceManagement"),
    ("confluence-v1.json", "ConfluenceV1"),
    ("confluence-v2.json", "ConfluenceV2"),
    ("bitbucket.json", "Bitbucket"),
];

/// Longest kept "Permissions required" sentence: enough to name the product permission.
const MAX_PERMISSIONS_CHARS: usize = 60;
/// Longest kept operation summary (kept only for operations without an operationId, mostly
/// Bitbucket's, where it is the only label; elsewhere the operationId names the operation).
const MAX_SUMMARY_CHARS: usize = 70;
/// Longest kept scope description.
const MAX_DESCRIPTION_CHARS: usize = 90;

/// Generates `$OUT_DIR/catalog.rs` and tells cargo which inputs it depends on.
pub fn emit() {
    let data_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/atlassian-scopes");
    println!("cargo:rerun-if-changed=build/catalog.rs");
    println!("cargo:rerun-if-changed={}", data_dir.display());
    for (file, _) in PRODUCT_FILES {
        println!("cargo:rerun-if-changed={}", data_dir.join(file).display());
    }
    println!(
        "cargo:rerun-if-changed={}",
        data_dir.join("scopes.json").display()
    );

    let out_dir = std::env::var("OUT_DIR").unwrap_or_else(|_| fail("OUT_DIR is not set"));
    let generated = generate(&data_dir);
    let out_path = Path::new(&out_dir).join("catalog.rs");
    std::fs::write(&out_path, generated)
        .unwrap_or_else(|e| fail(&format!("cannot write {}: {e}", out_path.display())));
}

fn fail(message: &str) -> ! {
    panic!("build/catalog.rs (scope catalog): {message}");
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| fail(&format!("cannot read {}: {e}", path.display())));
    serde_json::from_str(&text)
        .unwrap_or_else(|e| fail(&format!("{} is not valid JSON: {e}", path.display())))
}

/// All strings of the catalog in one blob. Strings are collected first ([`StringBlob::add`] hands
/// out an id), then laid out longest first, and a string found anywhere in the text laid out so far
/// (`/rest/api/3/issue/{issueIdOrKey}` inside `/rest/api/3/issue/{issueIdOrKey}/comment`) points into
/// it instead of being stored again: a third less path text, and `path()` stays a `&'static str`.
#[derive(Default)]
struct StringBlob {
    strings: Vec<String>,
    ids: HashMap<String, u32>,
}

/// The laid-out blob: the text and each string id's packed reference (offset << 12 | byte length).
struct LaidOutBlob {
    text: String,
    refs: Vec<u32>,
}

impl StringBlob {
    /// Registers a string; returns its id (0 is the empty string).
    fn add(&mut self, s: &str) -> u32 {
        if self.strings.is_empty() {
            self.strings.push(String::new());
            self.ids.insert(String::new(), 0);
        }
        assert!(
            s.len() < 4096,
            "catalog string too long for a 12-bit length: {s}"
        );
        if let Some(&id) = self.ids.get(s) {
            return id;
        }
        let id = self.strings.len() as u32;
        self.strings.push(s.to_string());
        self.ids.insert(s.to_string(), id);
        id
    }

    fn lay_out(&self) -> LaidOutBlob {
        let mut order: Vec<usize> = (0..self.strings.len()).collect();
        // Longest first (then by text, so the output is the same on every build).
        order.sort_by(|&a, &b| {
            let (a, b) = (&self.strings[a], &self.strings[b]);
            b.len().cmp(&a.len()).then_with(|| a.cmp(b))
        });
        let mut text = String::new();
        let mut refs = vec![0u32; self.strings.len()];
        for i in order {
            let s = &self.strings[i];
            if s.is_empty() {
                continue;
            }
            let offset = match text.find(s.as_str()) {
                Some(offset) => offset,
                None => {
                    text.push_str(s);
                    text.len() - s.len()
                }
            };
            assert!(
                offset < 1 << 20,
                "catalog string blob exceeds 20-bit offsets"
            );
            refs[i] = (offset as u32) << 12 | s.len() as u32;
        }
        LaidOutBlob { text, refs }
    }
}

fn truncate_chars(s: &str, max: usize) -> String {
    let s = s.trim();
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out = out.trim_end().to_string();
    out.push('…');
    out
}

fn str_field<'a>(value: &'a Value, key: &str) -> &'a str {
    value.get(key).and_then(Value::as_str).unwrap_or("")
}

fn string_list(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// Which product a scope belongs to, from its name (the scope naming convention), falling back to
/// the first file that uses it.
fn scope_product(name: &str, kind: &str, first_file_product: &str) -> &'static str {
    if kind == "bitbucket-legacy" || name.ends_with(":bitbucket") {
        return "Bitbucket";
    }
    if name.ends_with(":jira-software") {
        return "JiraSoftware";
    }
    if name.ends_with(":jira-service-management") || name.contains("servicedesk") {
        return "JiraServiceManagement";
    }
    if name.ends_with(":jira") || name.contains("jira") {
        return "Jira";
    }
    if name.contains("confluence") {
        return "Confluence";
    }
    match first_file_product {
        "JiraSoftware" => "JiraSoftware",
        "JiraServiceManagement" => "JiraServiceManagement",
        "ConfluenceV1" | "ConfluenceV2" => "Confluence",
        "Bitbucket" => "Bitbucket",
        _ => "Jira",
    }
}

/// The action a scope grants, from its name. Bitbucket legacy names are `resource[:level]`.
fn scope_action(name: &str, kind: &str) -> &'static str {
    if kind == "bitbucket-legacy" {
        return match name.split_once(':').map(|(_, level)| level) {
            None if name == "webhook" => "Manage",
            None => "Read",
            Some("write") => "Write",
            Some("delete") => "Delete",
            Some("admin") | Some("variable") => "Manage",
            Some(_) => "Other",
        };
    }
    match name.split(':').next().unwrap_or("") {
        "read" | "readonly" | "search" => "Read",
        "write" => "Write",
        "delete" => "Delete",
        "manage" | "admin" => "Manage",
        _ => "Other",
    }
}

fn scope_kind_variant(kind: &str) -> &'static str {
    match kind {
        "classic" => "Classic",
        "bitbucket-legacy" => "BitbucketLegacy",
        _ => "Granular",
    }
}

/// Classifies a scope that the union file does not list (README's rule).
fn classify_unlisted(name: &str) -> &'static str {
    let parts: Vec<&str> = name.split(':').collect();
    let granular_products = [
        "jira",
        "jira-software",
        "jira-service-management",
        "confluence",
        "bitbucket",
    ];
    if parts.len() == 3
        && granular_products.contains(&parts[2])
        && name != "readonly:content.attachment:confluence"
    {
        "granular"
    } else {
        "classic"
    }
}

fn method_variant(method: &str) -> &'static str {
    match method.to_ascii_uppercase().as_str() {
        "GET" => "Get",
        "HEAD" => "Head",
        "POST" => "Post",
        "PUT" => "Put",
        "PATCH" => "Patch",
        "DELETE" => "Delete",
        "OPTIONS" => "Options",
        other => fail(&format!("unknown HTTP method {other}")),
    }
}

/// One operation before the string blob is laid out (string fields are [`StringBlob`] ids).
struct OpRow {
    product: &'static str,
    method: &'static str,
    flags: u8,
    path: u32,
    label: u32,
    permissions: u32,
    connect_scope: u8,
    alternatives_start: u16,
    alternatives_len: u8,
}

struct ScopeRow {
    name: String,
    kind: String,
    description: String,
    first_file_product: String,
}

fn generate(data_dir: &Path) -> String {
    // The wasm build (the extension) gets a slim catalog: no operation labels, no permission text.
    let slim = std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|a| a == "wasm32");
    let union = read_json(&data_dir.join("scopes.json"));
    let mut scope_rows: Vec<ScopeRow> = Vec::new();
    let mut scope_index: BTreeMap<String, u16> = BTreeMap::new();
    if let Some(scopes) = union.get("scopes").and_then(Value::as_object) {
        for (name, record) in scopes {
            let first_file = record
                .get("products")
                .and_then(Value::as_object)
                .and_then(|p| p.keys().next().cloned())
                .unwrap_or_default();
            let first_file_product = PRODUCT_FILES
                .iter()
                .find(|(file, _)| file.trim_end_matches(".json") == first_file)
                .map(|(_, variant)| variant.to_string())
                .unwrap_or_default();
            scope_index.insert(name.clone(), scope_rows.len() as u16);
            scope_rows.push(ScopeRow {
                name: name.clone(),
                kind: str_field(record, "kind").to_string(),
                description: str_field(record, "description").to_string(),
                first_file_product,
            });
        }
    }

    let mut blob = StringBlob::default();
    let mut alt_scopes: Vec<u16> = Vec::new();
    let mut alt_sets: Vec<(u16, u8)> = Vec::new();
    let mut alt_set_index: HashMap<Vec<u16>, u16> = HashMap::new();
    let mut alt_lists: Vec<u16> = Vec::new();
    let mut op_rows: Vec<OpRow> = Vec::new();
    // `x-atlassian-connect-scope` takes a dozen values: records index this list (0 = none).
    let mut connect_scopes: Vec<String> = vec![String::new()];

    for (file, product) in PRODUCT_FILES {
        let data = read_json(&data_dir.join(file));
        let operations = data
            .get("operations")
            .and_then(Value::as_array)
            .unwrap_or_else(|| fail(&format!("{file} has no operations array")));
        for op in operations {
            let method = method_variant(str_field(op, "method"));
            let path = str_field(op, "path");
            if path.is_empty() {
                fail(&format!("{file}: an operation has no path"));
            }
            // The README's reading rule.
            let mut alternatives: Vec<Vec<String>> = Vec::new();
            let raw_alternatives = op.get("alternatives").and_then(Value::as_array);
            match raw_alternatives {
                Some(list) if !list.is_empty() => {
                    for alternative in list {
                        alternatives.push(string_list(alternative.get("scopes")));
                    }
                }
                _ => {
                    for key in ["classic", "granular"] {
                        let list = string_list(op.get(key));
                        if !list.is_empty() {
                            alternatives.push(list);
                        }
                    }
                }
            }
            let published = !alternatives.is_empty();
            let alt_list_start = alt_lists.len();
            for alternative in &alternatives {
                let mut ids: Vec<u16> = alternative
                    .iter()
                    .map(|name| match scope_index.get(name) {
                        Some(&id) => id,
                        None => {
                            let id = scope_rows.len() as u16;
                            scope_index.insert(name.clone(), id);
                            scope_rows.push(ScopeRow {
                                name: name.clone(),
                                kind: classify_unlisted(name).to_string(),
                                description: String::new(),
                                first_file_product: product.to_string(),
                            });
                            id
                        }
                    })
                    .collect();
                ids.sort_unstable();
                ids.dedup();
                let set_id = *alt_set_index.entry(ids.clone()).or_insert_with(|| {
                    let start = u16::try_from(alt_scopes.len())
                        .unwrap_or_else(|_| fail("alternative scopes exceed u16 indexes"));
                    alt_scopes.extend_from_slice(&ids);
                    alt_sets.push((start, ids.len() as u8));
                    (alt_sets.len() - 1) as u16
                });
                alt_lists.push(set_id);
            }
            let auth_types = string_list(op.get("auth_types"));
            let mut flags = 0u8;
            if published {
                flags |= 1; // PUBLISHED
            }
            if auth_types.iter().any(|a| a == "api-token") {
                flags |= 2; // API_TOKEN
            }
            if auth_types.iter().any(|a| a == "forge-oauth2") {
                flags |= 4; // FORGE_OAUTH2
            }
            if !auth_types.is_empty() {
                flags |= 8; // AUTH_TYPES_KNOWN
            }
            if op
                .get("deprecated")
                .and_then(Value::as_bool)
                .unwrap_or(false)
            {
                flags |= 16; // DEPRECATED
            }
            let path = blob.add(path);
            let operation_id = str_field(op, "operationId");
            // The extension (slim) names operations by method and path and has no use for the
            // permission sentences (CLI hints): its records carry neither field.
            let (label, permissions) = if slim {
                (0, 0)
            } else {
                let label = if operation_id.is_empty() {
                    flags |= 32; // LABEL_IS_SUMMARY
                    blob.add(&truncate_chars(str_field(op, "summary"), MAX_SUMMARY_CHARS))
                } else {
                    blob.add(operation_id)
                };
                let permissions = blob.add(&truncate_chars(
                    str_field(op, "permissions_required"),
                    MAX_PERMISSIONS_CHARS,
                ));
                (label, permissions)
            };
            let connect = str_field(op, "connect_scope").to_string();
            let connect_scope = match connect_scopes.iter().position(|c| *c == connect) {
                Some(i) => i,
                None => {
                    connect_scopes.push(connect);
                    connect_scopes.len() - 1
                }
            };
            assert!(
                connect_scope < 256,
                "more than 255 connect scopes: widen the record's u8"
            );
            assert!(
                alt_list_start < 1 << 16,
                "alternative lists exceed u16 indexes"
            );
            op_rows.push(OpRow {
                product,
                method,
                flags,
                path,
                label,
                permissions,
                connect_scope: connect_scope as u8,
                alternatives_start: alt_list_start as u16,
                alternatives_len: u8::try_from(alternatives.len())
                    .unwrap_or_else(|_| fail("an operation has more than 255 alternatives")),
            });
        }
    }

    let scope_strings: Vec<(u32, u32)> = scope_rows
        .iter()
        .map(|row| {
            (
                blob.add(&row.name),
                blob.add(&truncate_chars(&row.description, MAX_DESCRIPTION_CHARS)),
            )
        })
        .collect();
    let connect_ids: Vec<u32> = connect_scopes.iter().map(|c| blob.add(c)).collect();
    let laid = blob.lay_out();
    let r = |id: u32| laid.refs[id as usize];

    let mut scopes_code = String::new();
    for (row, &(name, description)) in scope_rows.iter().zip(&scope_strings) {
        let _ = writeln!(
            scopes_code,
            "S{{name:{},description:{},product:ScopeProduct::{},kind:ScopeKind::{},action:ScopeAction::{}}},",
            r(name),
            r(description),
            scope_product(&row.name, &row.kind, &row.first_file_product),
            scope_kind_variant(&row.kind),
            scope_action(&row.name, &row.kind),
        );
    }
    let mut ops_code = String::new();
    for op in &op_rows {
        let cli_fields = if slim {
            String::new()
        } else {
            format!("label:{},permissions:{},", r(op.label), r(op.permissions))
        };
        let _ = writeln!(
            ops_code,
            "O{{product:Product::{},method:Method::{},flags:{},path:{},{cli_fields}connect_scope:{},alternatives_start:{},alternatives_len:{}}},",
            op.product,
            op.method,
            op.flags,
            r(op.path),
            op.connect_scope,
            op.alternatives_start,
            op.alternatives_len,
        );
    }
    let op_count = op_rows.len();
    let connect_refs: Vec<u32> = connect_ids.iter().map(|&id| r(id)).collect();

    let mut out = String::new();
    out.push_str(
        "// @generated by build/catalog.rs from data/atlassian-scopes/*.json. Do not edit.\n",
    );
    let _ = writeln!(out, "pub static STRINGS: &str = {:?};", laid.text);
    let _ = writeln!(out, "pub const SCOPE_COUNT: usize = {};", scope_rows.len());
    let _ = writeln!(
        out,
        "pub static SCOPES: [S; {}] = [\n{scopes_code}];",
        scope_rows.len()
    );
    let _ = writeln!(
        out,
        "pub static OPERATIONS: [O; {op_count}] = [\n{ops_code}];"
    );
    let _ = writeln!(
        out,
        "pub static CONNECT_SCOPES: [u32; {}] = {:?};",
        connect_refs.len(),
        connect_refs
    );
    let _ = writeln!(
        out,
        "pub static ALTERNATIVE_LISTS: [u16; {}] = {:?};",
        alt_lists.len(),
        alt_lists
    );
    let sets: Vec<String> = alt_sets
        .iter()
        .map(|(start, len)| format!("({start},{len})"))
        .collect();
    let _ = writeln!(
        out,
        "pub static ALTERNATIVE_SETS: [(u16, u8); {}] = [{}];",
        sets.len(),
        sets.join(",")
    );
    let _ = writeln!(
        out,
        "pub static ALTERNATIVE_SCOPES: [u16; {}] = {:?};",
        alt_scopes.len(),
        alt_scopes
    );
    out
}
