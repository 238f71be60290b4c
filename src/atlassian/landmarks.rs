//! The controls Token Warden looks for on Atlassian's pages, found the way a person reads them: by
//! ARIA role and accessible name, in each UI language we know, never by generated class names.
//!
//! English names are Atlassian's documented button texts (docs/reference/atlassian.md §1). The other
//! languages are our best reading of Atlassian's localisation and are marked unconfirmed; when a name
//! is missing or wrong, the structural fallback (a creation dialog with a name field and an expiry
//! date) still catches the attempt. Adding a language is a data change here.

use serde::Serialize;

/// The ARIA role a landmark has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Button,
    Link,
    Dialog,
}

/// An accessible name in one UI language.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Name {
    pub lang: &'static str,
    pub text: &'static str,
    pub confirmed: bool,
}

/// A control on an Atlassian page.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Landmark {
    pub id: &'static str,
    pub role: Role,
    pub names: &'static [Name],
}

const fn en(text: &'static str) -> Name {
    Name {
        lang: "en",
        text,
        confirmed: true,
    }
}
/// A translated name seen in Atlassian's own localized documentation.
const fn seen(lang: &'static str, text: &'static str) -> Name {
    Name {
        lang,
        text,
        confirmed: true,
    }
}
const fn guess(lang: &'static str, text: &'static str) -> Name {
    Name {
        lang,
        text,
        confirmed: false,
    }
}

/// "Create API token": the classic, unscoped personal token.
pub const CREATE_CLASSIC_TOKEN: Landmark = Landmark {
    id: "create_classic_token",
    role: Role::Button,
    names: &[
        en("Create API token"),
        guess("de", "API-Token erstellen"),
        guess("fr", "Créer un jeton d'API"),
        guess("es", "Crear token de API"),
        guess("ja", "API トークンを作成"),
    ],
};

/// "Create API token with scopes": the scoped personal-token wizard.
pub const CREATE_SCOPED_TOKEN: Landmark = Landmark {
    id: "create_scoped_token",
    role: Role::Button,
    names: &[
        en("Create API token with scopes"),
        guess("de", "API-Token mit Bereichen erstellen"),
        guess("fr", "Créer un jeton d'API avec des portées"),
        guess("es", "Crear token de API con ámbitos"),
        // support.atlassian.com/ja/bitbucket-cloud/docs/create-an-api-token/ writes it without 「の」.
        seen("ja", "スコープ付き API トークンを作成"),
    ],
};

/// Normalises an accessible name for comparison: case-folded, whitespace collapsed, typographic
/// apostrophes made plain. The content scripts apply the same steps (`normalizeName` in extension/content/runtime.js).
pub fn normalize_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for word in name.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase).map(|c| match c {
            '\u{2019}' | '\u{2018}' | '\u{02bc}' => '\'',
            c => c,
        }));
    }
    out
}

impl Landmark {
    /// Whether an element with this role and accessible name is this landmark.
    pub fn matches(&self, role: Role, accessible_name: &str) -> bool {
        let wanted = normalize_name(accessible_name);
        role == self.role && self.names.iter().any(|n| normalize_name(n.text) == wanted)
    }

    /// The normalised names, as the content script compares them.
    pub fn normalized_names(&self) -> Vec<String> {
        self.names.iter().map(|n| normalize_name(n.text)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_two_create_buttons_never_match_each_other() {
        for n in CREATE_CLASSIC_TOKEN.names {
            assert!(CREATE_CLASSIC_TOKEN.matches(Role::Button, n.text));
            assert!(
                !CREATE_SCOPED_TOKEN.matches(Role::Button, n.text),
                "{}",
                n.text
            );
        }
        for n in CREATE_SCOPED_TOKEN.names {
            assert!(
                !CREATE_CLASSIC_TOKEN.matches(Role::Button, n.text),
                "{}",
                n.text
            );
        }
    }

    #[test]
    fn names_match_like_a_person_reads_them() {
        assert!(CREATE_CLASSIC_TOKEN.matches(Role::Button, "  create   API\ntoken "));
        assert!(CREATE_CLASSIC_TOKEN.matches(Role::Button, "Créer un jeton d\u{2019}API"));
        assert!(!CREATE_CLASSIC_TOKEN.matches(Role::Link, "Create API token"));
        assert!(!CREATE_CLASSIC_TOKEN.matches(Role::Button, "Create API tokens"));
    }

    #[test]
    fn every_landmark_has_the_five_languages() {
        for l in [CREATE_CLASSIC_TOKEN, CREATE_SCOPED_TOKEN] {
            let langs: Vec<&str> = l.names.iter().map(|n| n.lang).collect();
            assert_eq!(langs, ["en", "de", "fr", "es", "ja"], "{}", l.id);
        }
    }
}
