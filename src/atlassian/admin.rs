//! What we know about admin.atlassian.com's service-account pages: the names of the controls a person
//! uses to create a service account and its credential (per UI language), where the service-accounts
//! list lives, how the quota line reads, and which app role a template needs.
//!
//! English names follow Atlassian's documented steps (docs/reference/atlassian.md §2). The URL path of the
//! Service accounts page is **not confirmed** anywhere public: it is only a first guess here, and the
//! hand-off always prefers following the navigation link by its accessible name.

use serde::Serialize;

/// A control's accessible names in the languages we know (normalised like `landmarks`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Names(pub &'static [&'static str]);

/// The navigation link to the list: "Directory → Service accounts".
pub const NAV_SERVICE_ACCOUNTS: Names = Names(&[
    "service accounts",
    "dienstkonten",
    "comptes de service",
    "cuentas de servicio",
    "サービス アカウント",
    "サービスアカウント",
]);
/// The list's create button. Atlassian's docs say "Create a service account"; public guides also show
/// "Create service account" and "Add service account" (docs/reference: both variants are in use).
pub const CREATE_SERVICE_ACCOUNT: Names = Names(&[
    "create a service account",
    "create service account",
    "add service account",
    "add a service account",
    "dienstkonto erstellen",
    "dienstkonto hinzufügen",
    "サービス アカウントを追加",
    "créer un compte de service",
    "crear una cuenta de servicio",
    "サービス アカウントを作成",
]);
pub const FIELD_NAME: Names = Names(&["name", "nom", "nombre", "名前"]);
pub const FIELD_DESCRIPTION: Names = Names(&["description", "beschreibung", "descripción", "説明"]);
pub const FIELD_EXPIRY: Names = Names(&[
    "expires on",
    "expiry date",
    "läuft ab am",
    "expire le",
    "caduca el",
    "有効期限",
]);
pub const FIELD_SCOPE_SEARCH: Names = Names(&[
    "search scopes",
    "bereiche durchsuchen",
    "rechercher des portées",
    "buscar ámbitos",
    "スコープを検索",
]);
pub const BUTTON_NEXT: Names = Names(&["next", "weiter", "suivant", "siguiente", "次へ"]);
pub const BUTTON_CREATE: Names = Names(&["create", "erstellen", "créer", "crear", "作成"]);
pub const CREATE_CREDENTIALS: Names = Names(&[
    "create credentials",
    "anmeldedaten erstellen",
    "créer des identifiants",
    "crear credenciales",
    "認証情報を作成",
]);
pub const CREDENTIAL_API_TOKEN: Names = Names(&[
    "api token",
    "api-token",
    "jeton d'api",
    "token de api",
    "api トークン",
]);
pub const CREDENTIAL_OAUTH: Names = Names(&["oauth 2.0", "client secret"]);
/// What the one-time secret display offers (we only place our checklist beside it).
pub const COPY_SECRET: Names = Names(&[
    "copy to clipboard",
    "in die zwischenablage kopieren",
    "copier dans le presse-papiers",
    "copiar en el portapapeles",
    "クリップボードにコピー",
]);

/// App roles by id, with their names per language.
pub const ROLES: &[(&str, Names)] = &[
    (
        "jira:user",
        Names(&[
            "jira: user",
            "jira: benutzer",
            "jira : utilisateur",
            "jira: usuario",
            "jira: ユーザー",
        ]),
    ),
    (
        "confluence:user",
        Names(&[
            "confluence: user",
            "confluence: benutzer",
            "confluence : utilisateur",
            "confluence: usuario",
            "confluence: ユーザー",
        ]),
    ),
    (
        "jsm:agent",
        Names(&[
            "jira service management: agent",
            "jira service management: agent",
            "jira service management : agent",
            "jira service management: agente",
            "jira service management: エージェント",
        ]),
    ),
];

/// App roles as the page may draw them: one Select per app (labelled with the app's name, options
/// "No access / User / Admin") or one checkbox per app and role ("Jira: User", in `ROLES`). Each entry:
/// role id, the app's names, the role's names.
pub const ROLE_PARTS: &[(&str, Names, Names)] = &[
    ("jira:user", Names(&["jira"]), ROLE_USER),
    ("confluence:user", Names(&["confluence"]), ROLE_USER),
    (
        "jsm:agent",
        Names(&["jira service management"]),
        Names(&["agent", "agente", "エージェント"]),
    ),
];
const ROLE_USER: Names = Names(&["user", "benutzer", "utilisateur", "usuario", "ユーザー"]);

/// The names of a role's parts (app, role) for a role id; Jira's user role when unknown.
pub fn role_parts(role: &str) -> (Names, Names) {
    let (_, app, name) = ROLE_PARTS
        .iter()
        .find(|(id, _, _)| *id == role)
        .unwrap_or(&ROLE_PARTS[0]);
    (*app, *name)
}

/// A role as the admin page shows it: the app, then the role ("Jira → User").
pub fn role_label(role: &str) -> &'static str {
    match role {
        "confluence:user" => "Confluence → User",
        "jsm:agent" => "Jira Service Management → Agent",
        _ => "Jira → User",
    }
}

/// First guesses at the list's path (unconfirmed), tried only when no navigation link is found.
pub const SERVICE_ACCOUNTS_PATH_GUESSES: &[&str] = &["o/{org}/directory/service-accounts"];

/// Insights → API token activity, a first guess at its path (unconfirmed; the replica uses it).
pub const TOKEN_ACTIVITY_PATH_GUESS: &str = "o/{org}/insights/api-token-activity";

/// Path patterns of the list and the detail page, in every shape we have seen.
pub const SERVICE_ACCOUNTS_LIST_PATHS: &[&str] = &[
    "o/*/directory/service-accounts",
    "o/*/members/service-accounts",
    "o/*/service-accounts",
];
pub const SERVICE_ACCOUNT_DETAIL_PATHS: &[&str] = &[
    "o/*/directory/service-accounts/*",
    "o/*/members/service-accounts/*",
    "o/*/service-accounts/*",
];

/// Reads "3 of 5 service accounts used" (and its translations) as (used, limit).
pub fn read_quota(text: &str) -> Option<(u32, u32)> {
    let numbers: Vec<u32> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse().ok())
        .collect();
    match numbers.as_slice() {
        [used, limit] if used <= limit && *limit > 0 => Some((*used, *limit)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quota_lines_in_several_languages() {
        assert_eq!(read_quota("3 of 5 service accounts used"), Some((3, 5)));
        assert_eq!(read_quota("4 von 5 Dienstkonten verwendet"), Some((4, 5)));
        assert_eq!(
            read_quota("サービス アカウント 5 / 5 件を使用中"),
            Some((5, 5))
        );
        assert_eq!(read_quota("Service accounts"), None);
        assert_eq!(read_quota("7 of 5"), None);
    }

    #[test]
    fn names_are_normalised() {
        for names in [
            NAV_SERVICE_ACCOUNTS,
            CREATE_SERVICE_ACCOUNT,
            FIELD_NAME,
            BUTTON_NEXT,
            CREATE_CREDENTIALS,
            COPY_SECRET,
        ] {
            for n in names.0 {
                assert_eq!(*n, crate::atlassian::landmarks::normalize_name(n));
            }
        }
    }
}

/// One column of a table Token Warden reads, found by what its header means: any of `names`
/// (normalised, in every UI language we know). A table is read when every `required` column is
/// there; an optional column that is missing only means fewer markers.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Column {
    pub key: &'static str,
    pub names: Names,
    pub required: bool,
}

/// A table Token Warden reads: its columns, and how to tell that the page is the one that should
/// hold it (its heading or navigation name, or a path segment), so that a table there which is not
/// recognised can be reported on the options page instead of failing silently.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct TableShape {
    /// Names the table in diagnostics and replies (`activity`, `service_accounts`).
    pub id: &'static str,
    pub columns: &'static [Column],
    /// The page's heading (or the table's caption) when it is this page.
    pub page_names: Names,
    /// A last path segment that makes this page likely (a guess: the paths are unconfirmed).
    pub path_hints: Names,
}

const fn required(key: &'static str, names: &'static [&'static str]) -> Column {
    Column {
        key,
        names: Names(names),
        required: true,
    }
}
const fn optional(key: &'static str, names: &'static [&'static str]) -> Column {
    Column {
        key,
        names: Names(names),
        required: false,
    }
}

/// Insights → API token activity. Header words are our reading and unconfirmed: the documented
/// facts are a token's label, its owner, when it was last used and when it expires; public copies of
/// the page name the columns "Token name · Token type · Created by · Last used · Expires", older
/// ones "Token label · Owner · Owner status · Last used · Scopes". Only the label and an owner
/// column are needed: without "last used" there are no migrate or revoke marks, without an owner
/// status no orphaned marks (an owner shown as a service account's email is still recognised).
pub const ACTIVITY_TABLE: TableShape = TableShape {
    id: "activity",
    columns: &[
        required(
            "label",
            &[
                "token label",
                "token name",
                "label",
                "api token",
                "token",
                "token-bezeichnung",
                "token-name",
                "bezeichnung",
                "libellé du jeton",
                "nom du jeton",
                "libellé",
                "etiqueta del token",
                "nombre del token",
                "etiqueta",
                "トークン ラベル",
                "トークン名",
                "ラベル",
            ],
        ),
        required(
            "owner",
            &[
                "owner",
                "created by",
                "user",
                "account",
                "inhaber",
                "erstellt von",
                "benutzer",
                "propriétaire",
                "créé par",
                "utilisateur",
                "propietario",
                "creado por",
                "usuario",
                "所有者",
                "作成者",
                "ユーザー",
            ],
        ),
        optional(
            "owner_status",
            &[
                "owner status",
                "user status",
                "account status",
                "status",
                "status des inhabers",
                "statut du propriétaire",
                "statut",
                "estado del propietario",
                "estado",
                "所有者のステータス",
                "ステータス",
            ],
        ),
        optional(
            "last_used",
            &[
                "last used",
                "last active",
                "last accessed",
                "last activity",
                "zuletzt verwendet",
                "zuletzt aktiv",
                "dernière utilisation",
                "último uso",
                "最終使用日",
                "最終使用",
            ],
        ),
        optional(
            "scopes",
            &["scopes", "bereiche", "portées", "ámbitos", "スコープ"],
        ),
    ],
    page_names: Names(&[
        "api token activity",
        "api-token-aktivität",
        "activité des jetons d'api",
        "actividad de los tokens de api",
        "api トークンのアクティビティ",
        "user api tokens",
    ]),
    path_hints: Names(&["api-token-activity", "api-tokens"]),
};

/// The service-accounts list.
pub const SERVICE_ACCOUNT_TABLE: TableShape = TableShape {
    id: "service_accounts",
    columns: &[
        required(
            "name",
            &[
                "name",
                "service account",
                "nom",
                "nombre",
                "名前",
                "dienstkonto",
            ],
        ),
        required(
            "description",
            &["description", "beschreibung", "descripción", "説明"],
        ),
    ],
    page_names: NAV_SERVICE_ACCOUNTS,
    path_hints: Names(&["service-accounts"]),
};

/// Owner statuses that mean the person is gone (their tokens are orphaned).
const INACTIVE: &[&str] = &[
    "deactivated",
    "suspended",
    "removed",
    "closed",
    "inactive",
    "deaktiviert",
    "gesperrt",
    "entfernt",
    "désactivé",
    "suspendu",
    "desactivado",
    "suspendido",
    "無効",
    "停止",
];
/// Owner statuses that mean the person is still there.
const ACTIVE: &[&str] = &["active", "aktiv", "actif", "activo", "有効", "アクティブ"];

/// Whether an owner-status cell says the owner is active (`None` when we cannot tell).
pub fn owner_active(status: &str) -> Option<bool> {
    let s = crate::atlassian::landmarks::normalize_name(status);
    if INACTIVE.contains(&s.as_str()) {
        Some(false)
    } else if ACTIVE.contains(&s.as_str()) {
        Some(true)
    } else {
        None
    }
}

/// Service accounts' emails end with this (docs/reference/atlassian.md §2).
pub const SERVICE_ACCOUNT_EMAIL_DOMAIN: &str = "@serviceaccount.atlassian.com";

/// Scopes listed in a cell ("read:jira-work, write:jira-work"); a classic, unscoped token lists none.
pub fn scopes_in_cell(text: &str) -> Vec<String> {
    text.split([',', ' ', '\n'])
        .map(str::trim)
        .filter(|s| {
            s.contains(':')
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || ":-_.".contains(c))
        })
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod table_tests {
    use super::*;

    #[test]
    fn each_table_header_means_one_column() {
        for shape in [ACTIVITY_TABLE, SERVICE_ACCOUNT_TABLE] {
            let mut seen = std::collections::HashMap::new();
            for column in shape.columns {
                for name in column.names.0 {
                    assert_eq!(*name, crate::atlassian::landmarks::normalize_name(name));
                    if let Some(other) = seen.insert(*name, column.key) {
                        panic!(
                            "{}: {name:?} names both {other} and {}",
                            shape.id, column.key
                        );
                    }
                }
            }
            assert!(shape.columns.iter().any(|c| c.required), "{}", shape.id);
        }
        // The two tables can never be taken for each other: the activity table needs a label column
        // the accounts list does not have, and the other way round.
        let names = |shape: TableShape, key: &str| {
            shape
                .columns
                .iter()
                .find(|c| c.key == key)
                .map(|c| c.names.0)
                .unwrap_or(&[])
        };
        for n in names(ACTIVITY_TABLE, "label") {
            assert!(!names(SERVICE_ACCOUNT_TABLE, "name").contains(n), "{n}");
        }
    }

    #[test]
    fn owner_statuses_and_scope_cells() {
        assert_eq!(owner_active("Deactivated"), Some(false));
        assert_eq!(owner_active("Aktiv"), Some(true));
        assert_eq!(owner_active("on leave"), None);
        assert_eq!(
            scopes_in_cell("read:jira-work, write:jira-work"),
            ["read:jira-work", "write:jira-work"]
        );
        assert!(scopes_in_cell("All permissions (classic)").is_empty());
    }
}
