//! SDK maps: client-library methods → REST operations, as data (`data/sdk-maps/<library>.json`,
//! each row citing the library file it was read from). Adding a method is a data change.
//!
//! A call is mapped only when its receiver is such a client: a variable constructed with the
//! library's constructor (in this file or exported by another file of the project), or a
//! parameter typed as the client, in a project that imports the library.

use std::sync::OnceLock;

use serde::Deserialize;

use super::lang::Language;

#[derive(Debug, Deserialize)]
pub struct SdkOperation {
    pub method: String,
    pub path: String,
}

#[derive(Debug, Deserialize)]
pub struct SdkMethod {
    /// `issue`, `issues.createIssue`, `Board.GetAllBoards`: the call after the client variable.
    pub call: String,
    pub operations: Vec<SdkOperation>,
    /// Where in the library the row was read (file: function).
    pub source: String,
}

#[derive(Debug, Deserialize)]
pub struct SdkMap {
    pub library: String,
    pub repo: String,
    pub language: String,
    /// Byte strings whose presence in a file means it imports the library.
    pub imports: Vec<String>,
    /// Constructor call texts (`Jira(`, `new Version3Client`, `NewClient(`).
    pub constructors: Vec<String>,
    /// Type names a parameter may be declared with.
    pub types: Vec<String>,
    pub methods: Vec<SdkMethod>,
}

impl SdkMap {
    pub fn applies_to(&self, language: Language) -> bool {
        match self.language.as_str() {
            "python" => language == Language::Python,
            "javascript" => matches!(
                language,
                Language::JavaScript | Language::TypeScript | Language::Tsx
            ),
            "go" => language == Language::Go,
            _ => false,
        }
    }
}

const MAP_TEXTS: [(&str, &str); 4] = [
    (
        "atlassian-python-api",
        include_str!("../../data/sdk-maps/atlassian-python-api.json"),
    ),
    (
        "pycontribs-jira",
        include_str!("../../data/sdk-maps/pycontribs-jira.json"),
    ),
    ("jira.js", include_str!("../../data/sdk-maps/jira.js.json")),
    ("go-jira", include_str!("../../data/sdk-maps/go-jira.json")),
];

/// The maps, parsed at first use. A map that fails to parse is left out (and the unit test
/// below fails), so a bad data edit cannot take the scanner down.
pub fn maps() -> &'static [SdkMap] {
    static MAPS: OnceLock<Vec<SdkMap>> = OnceLock::new();
    MAPS.get_or_init(|| {
        MAP_TEXTS
            .iter()
            .filter_map(|(_, text)| serde_json::from_str(text).ok())
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scopes::matcher::match_request;

    #[test]
    fn every_map_parses_and_every_row_is_a_catalog_operation() {
        assert_eq!(maps().len(), MAP_TEXTS.len());
        for map in maps() {
            for row in &map.methods {
                for op in &row.operations {
                    let m = match_request(&op.method, &op.path);
                    assert!(
                        m.is_known(),
                        "{}: {} {} {}",
                        map.library,
                        row.call,
                        op.method,
                        op.path
                    );
                }
                assert!(!row.source.is_empty());
            }
        }
    }
}
