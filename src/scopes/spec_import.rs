//! The spec importer: turns an Atlassian OpenAPI (JSON) document into a per-product data file in
//! the layout of `data/atlassian-scopes/README.md`, so the catalog can be refreshed when Atlassian
//! publishes a new spec (`token-warden scopes import-spec FILE --product jira-platform`).
//!
//! Pure: takes the spec text and returns the data file's text (pretty JSON, deterministic order:
//! paths sorted, methods in a fixed order, scopes sorted), or an error saying what is wrong.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::Value;

use super::catalog::Product;

/// Longest "Permissions required" sentence kept (as in the shipped data).
const MAX_PERMISSIONS_CHARS: usize = 600;
/// Methods in the order operations are written.
const METHODS: [&str; 7] = ["get", "put", "post", "delete", "patch", "head", "options"];
const GRANULAR_PRODUCTS: [&str; 5] = [
    "jira",
    "jira-software",
    "jira-service-management",
    "confluence",
    "bitbucket",
];

/// Why a spec could not be imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError(pub String);

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Serialize)]
struct DataFile {
    product: &'static str,
    source: Source,
    counts: Counts,
    scopes: BTreeMap<String, ScopeEntry>,
    operations: Vec<OperationEntry>,
}

#[derive(Serialize)]
struct Source {
    path: String,
    bytes: usize,
    spec_title: String,
    spec_info_version: String,
    openapi: String,
}

#[derive(Serialize)]
struct Counts {
    operations: usize,
    operations_with_x_atlassian_oauth2_scopes: usize,
    operations_with_scopes_only_from_security: usize,
    operations_with_classic: usize,
    operations_with_granular: usize,
    operations_without_scope_info: usize,
    scopes_declared_in_security_schemes: usize,
}

#[derive(Serialize)]
struct ScopeEntry {
    kind: &'static str,
    description: Option<String>,
    operations: usize,
    declared_in_security_schemes: bool,
}

#[derive(Serialize)]
struct Alternative {
    state: String,
    scopes: Vec<String>,
}

#[derive(Serialize)]
struct OperationEntry {
    method: String,
    path: String,
    #[serde(rename = "operationId")]
    operation_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    deprecated: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    experimental: Option<bool>,
    classic: Vec<String>,
    granular: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    legacy_oauth: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    auth_types: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    alternatives: Vec<Alternative>,
    scope_source: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    basic_auth: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    connect_scope: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    app_access_rule_exempt: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    permissions_required: Option<String>,
}

/// Scope kind by name (the README's rule).
pub fn classify_scope(name: &str, product: Product) -> &'static str {
    let parts: Vec<&str> = name.split(':').collect();
    if parts.len() == 3
        && GRANULAR_PRODUCTS.contains(&parts[2])
        && name != "readonly:content.attachment:confluence"
    {
        "granular"
    } else if product == Product::Bitbucket {
        "bitbucket-legacy"
    } else {
        "classic"
    }
}

fn strings(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// Extracts the "Permissions required" sentence from a description, links reduced to their text.
fn permissions_required(description: &str) -> Option<String> {
    // Jira writes `**[Permissions](#permissions) required:**`, others `**Permissions required:**`.
    let marker = "required:**";
    let start = description
        .match_indices(marker)
        .find(|(i, _)| {
            description[..*i]
                .rfind("**")
                .is_some_and(|open| description[open..*i].contains("Permissions"))
        })
        .map(|(i, _)| i + marker.len())?;
    let rest = description[start..]
        .split("\n\n")
        .next()
        .unwrap_or("")
        .trim();
    // [text](url) → text
    let mut out = String::new();
    let mut chars = rest.chars().peekable();
    while let Some(c) = chars.next() {
        if c == ']' && chars.peek() == Some(&'(') {
            for d in chars.by_ref() {
                if d == ')' {
                    break;
                }
            }
            continue;
        }
        if c != '[' {
            out.push(c);
        }
    }
    let out = out.split_whitespace().collect::<Vec<_>>().join(" ");
    if out.is_empty() {
        return None;
    }
    Some(out.chars().take(MAX_PERMISSIONS_CHARS).collect())
}

fn find_bool_key(value: &Value, key: &str) -> Option<bool> {
    match value {
        Value::Object(map) => map
            .get(key)
            .and_then(Value::as_bool)
            .or_else(|| map.values().find_map(|v| find_bool_key(v, key))),
        Value::Array(items) => items.iter().find_map(|v| find_bool_key(v, key)),
        _ => None,
    }
}

/// Imports `spec_text` (an OpenAPI 3 JSON document) as `product`. `file_name` and the byte count
/// are recorded under `source`.
pub fn import_spec(
    spec_text: &str,
    file_name: &str,
    product: Product,
) -> Result<String, ImportError> {
    let spec: Value =
        serde_json::from_str(spec_text).map_err(|e| ImportError(format!("not valid JSON: {e}")))?;
    let paths = spec
        .get("paths")
        .and_then(Value::as_object)
        .ok_or_else(|| ImportError("not an OpenAPI document: no `paths` object".to_string()))?;
    let schemes = spec
        .get("components")
        .and_then(|c| c.get("securitySchemes"))
        .and_then(Value::as_object);
    let mut declared: BTreeMap<String, Option<String>> = BTreeMap::new();
    let mut oauth_schemes: BTreeSet<String> = BTreeSet::new();
    let mut basic_schemes: BTreeSet<String> = BTreeSet::new();
    for (name, scheme) in schemes.into_iter().flatten() {
        match scheme.get("type").and_then(Value::as_str) {
            Some("oauth2") => {
                oauth_schemes.insert(name.clone());
                for flow in scheme
                    .get("flows")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flat_map(|f| f.values())
                {
                    for (scope, description) in flow
                        .get("scopes")
                        .and_then(Value::as_object)
                        .into_iter()
                        .flatten()
                    {
                        let description = description
                            .as_str()
                            .map(str::to_string)
                            .filter(|d| !d.is_empty());
                        let entry = declared.entry(scope.clone()).or_insert(None);
                        if entry.is_none() {
                            *entry = description;
                        }
                    }
                }
            }
            Some("http") if scheme.get("scheme").and_then(Value::as_str) == Some("basic") => {
                basic_schemes.insert(name.clone());
            }
            _ => {}
        }
    }
    let global_security = spec.get("security");

    let mut operations = Vec::new();
    let mut counts = Counts {
        operations: 0,
        operations_with_x_atlassian_oauth2_scopes: 0,
        operations_with_scopes_only_from_security: 0,
        operations_with_classic: 0,
        operations_with_granular: 0,
        operations_without_scope_info: 0,
        scopes_declared_in_security_schemes: declared.len(),
    };
    let mut used: BTreeMap<String, usize> = BTreeMap::new();
    for (path, item) in paths {
        for method in METHODS {
            let Some(op) = item.get(method) else { continue };
            if !op.is_object() {
                return Err(ImportError(format!(
                    "{} {path}: operation is not an object",
                    method.to_uppercase()
                )));
            }
            let alternatives: Vec<Alternative> = op
                .get("x-atlassian-oauth2-scopes")
                .and_then(Value::as_array)
                .map(|list| {
                    list.iter()
                        .map(|a| Alternative {
                            state: a
                                .get("state")
                                .and_then(Value::as_str)
                                .unwrap_or("")
                                .to_string(),
                            scopes: strings(a.get("scopes")),
                        })
                        .collect()
                })
                .unwrap_or_default();
            let security = op.get("security").or(global_security);
            let mut security_scopes: Vec<Vec<String>> = Vec::new();
            let mut basic_auth = false;
            for requirement in security.and_then(Value::as_array).into_iter().flatten() {
                for (scheme, scopes) in requirement.as_object().into_iter().flatten() {
                    if basic_schemes.contains(scheme) {
                        basic_auth = true;
                    }
                    if oauth_schemes.contains(scheme) {
                        let list = strings(Some(scopes));
                        if !list.is_empty() {
                            security_scopes.push(list);
                        }
                    }
                }
            }
            let is_granular_set =
                |set: &[String]| set.iter().any(|s| classify_scope(s, product) == "granular");
            let mut classic = Vec::new();
            let mut granular = Vec::new();
            let mut legacy_oauth = None;
            let scope_source;
            if !alternatives.is_empty() {
                scope_source = Some("x-atlassian-oauth2-scopes");
                for a in &alternatives {
                    if is_granular_set(&a.scopes) {
                        if granular.is_empty() {
                            granular = a.scopes.clone();
                        }
                    } else if classic.is_empty() && product != Product::Bitbucket {
                        classic = a.scopes.clone();
                    }
                }
                if product == Product::Bitbucket {
                    legacy_oauth = Some(security_scopes.concat());
                }
            } else if product == Product::Bitbucket {
                scope_source = if security_scopes.is_empty() {
                    None
                } else {
                    Some("security")
                };
                legacy_oauth = Some(security_scopes.concat());
            } else if !security_scopes.is_empty() {
                scope_source = Some("security");
                for set in &security_scopes {
                    if is_granular_set(set) {
                        granular.extend(set.iter().cloned());
                    } else {
                        classic.extend(set.iter().cloned());
                    }
                }
            } else {
                scope_source = None;
            }
            counts.operations += 1;
            match scope_source {
                Some("x-atlassian-oauth2-scopes") => {
                    counts.operations_with_x_atlassian_oauth2_scopes += 1
                }
                Some(_) => counts.operations_with_scopes_only_from_security += 1,
                None => counts.operations_without_scope_info += 1,
            }
            counts.operations_with_classic += usize::from(!classic.is_empty());
            counts.operations_with_granular += usize::from(!granular.is_empty());
            let mut named: BTreeSet<&String> = classic.iter().chain(granular.iter()).collect();
            named.extend(legacy_oauth.iter().flatten());
            for scope in named {
                *used.entry(scope.clone()).or_insert(0) += 1;
            }
            let description = op.get("description").and_then(Value::as_str).unwrap_or("");
            operations.push(OperationEntry {
                method: method.to_uppercase(),
                path: path.clone(),
                operation_id: op
                    .get("operationId")
                    .and_then(Value::as_str)
                    .map(str::to_string),
                summary: op
                    .get("summary")
                    .and_then(Value::as_str)
                    .map(str::to_string),
                deprecated: op.get("deprecated").and_then(Value::as_bool).filter(|d| *d),
                experimental: op
                    .get("x-experimental")
                    .and_then(Value::as_bool)
                    .filter(|d| *d),
                classic,
                granular,
                legacy_oauth,
                auth_types: (product == Product::Bitbucket)
                    .then(|| strings(op.get("x-atlassian-auth-types"))),
                alternatives,
                scope_source,
                basic_auth: basic_auth.then_some(true),
                connect_scope: op
                    .get("x-atlassian-connect-scope")
                    .and_then(Value::as_str)
                    .map(str::to_string),
                app_access_rule_exempt: op
                    .get("x-atlassian-data-security-policy")
                    .and_then(|p| find_bool_key(p, "app-access-rule-exempt")),
                permissions_required: permissions_required(description),
            });
        }
    }
    let mut scopes = BTreeMap::new();
    for name in declared.keys().chain(used.keys()) {
        scopes.entry(name.clone()).or_insert_with(|| ScopeEntry {
            kind: classify_scope(name, product),
            description: declared.get(name).cloned().flatten(),
            operations: used.get(name).copied().unwrap_or(0),
            declared_in_security_schemes: declared.contains_key(name),
        });
    }
    let info = spec.get("info");
    let file = DataFile {
        product: product.slug(),
        source: Source {
            path: file_name.to_string(),
            bytes: spec_text.len(),
            spec_title: info
                .and_then(|i| i.get("title"))
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
            spec_info_version: info
                .and_then(|i| i.get("version"))
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
            openapi: spec
                .get("openapi")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
        },
        counts,
        scopes,
        operations,
    };
    let mut text = serde_json::to_string_pretty(&file)
        .map_err(|e| ImportError(format!("cannot write JSON: {e}")))?;
    text.push('\n');
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_specs_are_errors() {
        assert!(import_spec("{", "x.json", Product::JiraPlatform).is_err());
        assert!(import_spec("{}", "x.json", Product::JiraPlatform).is_err());
        assert!(import_spec(
            "{\"paths\":{\"/a\":{\"get\":3}}}",
            "x.json",
            Product::JiraPlatform
        )
        .is_err());
    }

    #[test]
    fn permissions_sentence_is_extracted_without_links() {
        let d = "Does things.\n\n**[Permissions](#permissions) required:** *Browse projects* [project permission](https://x).\n\nMore.";
        assert_eq!(
            permissions_required(d).as_deref(),
            Some("*Browse projects* project permission.")
        );
        let d = "Does things.\n\n**Permissions required:** *Browse projects* [project permission](https://x).\n\nMore.";
        assert_eq!(
            permissions_required(d).as_deref(),
            Some("*Browse projects* project permission.")
        );
    }
}
