//! The scope catalog: every Atlassian REST operation we know (Jira platform, Jira Software, JSM,
//! Confluence v1/v2, Bitbucket), the scopes each one accepts, and every scope's product, kind,
//! action, description and which credential kinds accept it.
//!
//! The data is compiled in by `build/catalog.rs` from `data/atlassian-scopes/*.json` (see that README for
//! provenance); this module only gives typed, panic-free access to the generated statics.

use serde::Serialize;

use crate::atlassian::limits::CredentialKind;

/// Index of a scope in [`scopes()`].
pub type ScopeId = u16;
/// Index of an operation in [`operations()`].
pub type OperationId = u16;

/// The API (one spec file) an operation belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Product {
    JiraPlatform,
    JiraSoftware,
    JiraServiceManagement,
    ConfluenceV1,
    ConfluenceV2,
    Bitbucket,
}

impl Product {
    pub const ALL: [Product; 6] = [
        Product::JiraPlatform,
        Product::JiraSoftware,
        Product::JiraServiceManagement,
        Product::ConfluenceV1,
        Product::ConfluenceV2,
        Product::Bitbucket,
    ];

    /// The name used in data file names and on the command line (`--product jira-platform`).
    pub fn slug(self) -> &'static str {
        match self {
            Product::JiraPlatform => "jira-platform",
            Product::JiraSoftware => "jira-software",
            Product::JiraServiceManagement => "jira-service-management",
            Product::ConfluenceV1 => "confluence-v1",
            Product::ConfluenceV2 => "confluence-v2",
            Product::Bitbucket => "bitbucket",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Product> {
        Product::ALL.into_iter().find(|p| p.slug() == slug)
    }

    /// What a request path carries before the spec's path. The Confluence v2 and Bitbucket specs
    /// give paths relative to their server URL; the others give full paths.
    pub fn path_prefix(self) -> &'static str {
        match self {
            Product::ConfluenceV2 => "/wiki/api/v2",
            Product::Bitbucket => "/2.0",
            _ => "",
        }
    }

    /// The Atlassian app a scoped API token for this product is created for (one app per token).
    pub fn app(self) -> &'static str {
        match self {
            Product::JiraPlatform | Product::JiraSoftware | Product::JiraServiceManagement => {
                "Jira"
            }
            Product::ConfluenceV1 | Product::ConfluenceV2 => "Confluence",
            Product::Bitbucket => "Bitbucket",
        }
    }
}

/// HTTP method of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    Get,
    Head,
    Post,
    Put,
    Patch,
    Delete,
    Options,
}

impl Method {
    pub fn parse(text: &str) -> Option<Method> {
        Some(match text.trim().to_ascii_uppercase().as_str() {
            "GET" => Method::Get,
            "HEAD" => Method::Head,
            "POST" => Method::Post,
            "PUT" => Method::Put,
            "PATCH" => Method::Patch,
            "DELETE" => Method::Delete,
            "OPTIONS" => Method::Options,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Head => "HEAD",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
        }
    }

    /// The exposure weight of an unlocked operation (issue 4): reads 1, changes 3, deletes 5.
    pub fn exposure_weight(self) -> u32 {
        match self {
            Method::Get | Method::Head | Method::Options => 1,
            Method::Post | Method::Put | Method::Patch => 3,
            Method::Delete => 5,
        }
    }
}

/// The product family a scope belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ScopeProduct {
    Jira,
    JiraSoftware,
    JiraServiceManagement,
    Confluence,
    Bitbucket,
}

/// Classic (coarse, e.g. `read:jira-work`), granular (`action:resource:product`) or Bitbucket's old
/// OAuth-consumer names (`repository:write`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ScopeKind {
    Classic,
    Granular,
    BitbucketLegacy,
}

/// What a scope lets a holder do, read from its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ScopeAction {
    Read,
    Write,
    Delete,
    /// `manage:*`, `admin:*`, Bitbucket `:admin`.
    Manage,
    /// Names that say something else (`moderate:`, `redact:`, `send:`, `validate:`…).
    Other,
}

/// How sure we are that a credential kind can be given a scope (reference/scopes.md §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Acceptance {
    /// Atlassian documents it.
    Documented,
    /// Only third-party setup guides or inference from the OAuth 2.0 scope pages say so.
    Reported,
    /// Documented as not offered (e.g. a picker gap, or a different product's credential).
    NotOffered,
    /// Nothing we read says either way.
    Unknown,
}

impl Acceptance {
    /// Whether the solver may choose the scope for this credential kind.
    pub fn usable(self) -> bool {
        matches!(self, Acceptance::Documented | Acceptance::Reported)
    }
}

/// The scopes missing from the Confluence scoped-token picker (bug CONFCLOUD-82041).
pub const CONFLUENCE_PICKER_GAPS: [&str; 4] = [
    "read:hierarchical-content:confluence",
    "read:folder:confluence",
    "write:folder:confluence",
    "delete:folder:confluence",
];

/// One scope of the catalog (generated; see `build/catalog.rs`).
#[derive(Debug)]
pub struct ScopeRecord {
    name: u32,
    description: u32,
    pub product: ScopeProduct,
    pub kind: ScopeKind,
    pub action: ScopeAction,
}

/// One operation of the catalog (generated; see `build/catalog.rs`): a packed record of 12 bytes in
/// the extension's wasm (20 natively, where the CLI's operation labels and permission sentences come
/// along). Strings are packed references into one blob; `connect_scope` indexes a small table.
#[derive(Debug)]
pub struct OperationRecord {
    pub product: Product,
    pub method: Method,
    flags: u8,
    path: u32,
    /// The operationId, or the (truncated) summary when the spec gives no operationId.
    #[cfg(not(target_arch = "wasm32"))]
    label: u32,
    #[cfg(not(target_arch = "wasm32"))]
    permissions: u32,
    connect_scope: u8,
    alternatives_start: u16,
    alternatives_len: u8,
}

// Short names keep the generated file small to compile.
type S = ScopeRecord;
type O = OperationRecord;

mod generated {
    use super::*;
    include!(concat!(env!("OUT_DIR"), "/catalog.rs"));
}

/// Number of scopes in the catalog (sizes the solver's bit sets).
pub const SCOPE_COUNT: usize = generated::SCOPE_COUNT;

const FLAG_PUBLISHED: u8 = 1;
const FLAG_API_TOKEN: u8 = 2;
const FLAG_AUTH_TYPES_KNOWN: u8 = 8;
const FLAG_DEPRECATED: u8 = 16;
const FLAG_LABEL_IS_SUMMARY: u8 = 32;

/// Resolves a packed string reference (20-bit offset, 12-bit length) into the blob.
fn blob_str(packed: u32) -> &'static str {
    let offset = (packed >> 12) as usize;
    let len = (packed & 0xfff) as usize;
    generated::STRINGS.get(offset..offset + len).unwrap_or("")
}

/// Every scope of the catalog; a [`ScopeId`] indexes this slice.
pub fn scopes() -> &'static [ScopeRecord] {
    &generated::SCOPES
}

/// Every operation of the catalog; an [`OperationId`] indexes this slice.
pub fn operations() -> &'static [OperationRecord] {
    &generated::OPERATIONS
}

pub fn scope(id: ScopeId) -> Option<&'static ScopeRecord> {
    generated::SCOPES.get(usize::from(id))
}

pub fn operation(id: OperationId) -> Option<&'static OperationRecord> {
    generated::OPERATIONS.get(usize::from(id))
}

/// The name of a scope id ("?" for an id outside the catalog, which callers never produce).
pub fn scope_name(id: ScopeId) -> &'static str {
    scope(id).map(ScopeRecord::name).unwrap_or("?")
}

/// Finds a scope by its exact name.
pub fn scope_by_name(name: &str) -> Option<ScopeId> {
    generated::SCOPES
        .iter()
        .position(|s| s.name() == name)
        .map(|i| i as ScopeId)
}

/// Bytes the generated statics take in memory (the embedded catalog's size before compression).
pub fn embedded_size_bytes() -> usize {
    generated::STRINGS.len()
        + std::mem::size_of_val(&generated::SCOPES)
        + std::mem::size_of_val(&generated::OPERATIONS)
        + std::mem::size_of_val(&generated::CONNECT_SCOPES)
        + std::mem::size_of_val(&generated::ALTERNATIVE_LISTS)
        + std::mem::size_of_val(&generated::ALTERNATIVE_SETS)
        + std::mem::size_of_val(&generated::ALTERNATIVE_SCOPES)
}

impl ScopeRecord {
    pub fn name(&self) -> &'static str {
        blob_str(self.name)
    }

    /// The spec's description, truncated; empty where no spec describes the scope.
    pub fn description(&self) -> &'static str {
        blob_str(self.description)
    }

    /// Whether `credential` can be given this scope, as far as the reference says.
    ///
    /// * Scoped personal API tokens and service-account API tokens are created per app (Jira or
    ///   Confluence); Atlassian documents granular scopes on them. Classic scopes on scoped
    ///   tokens are only reported by third-party setup guides. Bitbucket is not offered to either
    ///   (personal Bitbucket tokens are their own kind; BCLOUD-23832 for service accounts).
    /// * The Confluence picker gaps (CONFCLOUD-82041) are documented for the personal-token
    ///   picker; whether the service-account picker shares them is unknown.
    /// * Service-account OAuth 2.0 client credentials choose scopes at creation; which ones is
    ///   inferred from the OAuth 2.0 scope pages (classic and granular), hence "reported".
    /// * Bitbucket API tokens take the granular `*:bitbucket` names; legacy names belong to
    ///   repository/project/workspace access tokens, a separate mechanism.
    pub fn acceptance(&self, credential: CredentialKind) -> Acceptance {
        let is_bitbucket = self.product == ScopeProduct::Bitbucket;
        let in_picker_gap = CONFLUENCE_PICKER_GAPS.contains(&self.name());
        match credential {
            CredentialKind::BitbucketToken => match (is_bitbucket, self.kind) {
                (true, ScopeKind::Granular) => Acceptance::Documented,
                _ => Acceptance::NotOffered,
            },
            _ if is_bitbucket => Acceptance::NotOffered,
            CredentialKind::ScopedPersonalToken => match self.kind {
                _ if in_picker_gap => Acceptance::NotOffered,
                ScopeKind::Granular => Acceptance::Documented,
                _ => Acceptance::Reported,
            },
            CredentialKind::ServiceAccountToken => match self.kind {
                _ if in_picker_gap => Acceptance::Unknown,
                ScopeKind::Granular => Acceptance::Documented,
                _ => Acceptance::Reported,
            },
            CredentialKind::ServiceAccountOauth => Acceptance::Reported,
        }
    }
}

impl OperationRecord {
    /// The spec's path template (relative to `/wiki/api/v2` or `/2.0` for Confluence v2 and
    /// Bitbucket; see [`Product::path_prefix`]).
    pub fn path(&self) -> &'static str {
        blob_str(self.path)
    }

    /// The path as a request would carry it (with the product's server prefix).
    pub fn full_path(&self) -> String {
        format!("{}{}", self.product.path_prefix(), self.path())
    }

    /// The label's packed reference (none in the extension's slim catalog).
    fn label_ref(&self) -> u32 {
        #[cfg(not(target_arch = "wasm32"))]
        return self.label;
        #[cfg(target_arch = "wasm32")]
        return 0;
    }

    /// `operationId` (empty for most Bitbucket operations, whose spec has none; empty in the
    /// extension, whose slim catalog names operations by method and path).
    pub fn operation_id(&self) -> &'static str {
        if self.flags & FLAG_LABEL_IS_SUMMARY != 0 {
            ""
        } else {
            blob_str(self.label_ref())
        }
    }

    /// The spec's summary, truncated. Only kept for operations without an operationId (the
    /// operationId names the others and costs fewer bytes in the wasm).
    pub fn summary(&self) -> &'static str {
        if self.flags & FLAG_LABEL_IS_SUMMARY != 0 {
            blob_str(self.label_ref())
        } else {
            ""
        }
    }

    /// A short human label: the operationId, else the summary.
    pub fn label(&self) -> &'static str {
        blob_str(self.label_ref())
    }

    /// The spec's "Permissions required" sentence, truncated; empty when absent.
    pub fn permissions(&self) -> &'static str {
        #[cfg(not(target_arch = "wasm32"))]
        return blob_str(self.permissions);
        #[cfg(target_arch = "wasm32")]
        return "";
    }

    /// `x-atlassian-connect-scope`, empty when absent.
    pub fn connect_scope(&self) -> &'static str {
        generated::CONNECT_SCOPES
            .get(usize::from(self.connect_scope))
            .map_or("", |&packed| blob_str(packed))
    }

    pub fn is_deprecated(&self) -> bool {
        self.flags & FLAG_DEPRECATED != 0
    }

    /// False when the spec publishes no scope requirement at all (unknown, not "none needed").
    pub fn has_published_requirement(&self) -> bool {
        self.flags & FLAG_PUBLISHED != 0
    }

    /// Whether a credential kind can call this operation at all (Bitbucket's
    /// `x-atlassian-auth-types`: API tokens work only where it lists `api-token`).
    pub fn callable_with(&self, credential: CredentialKind) -> bool {
        match credential {
            CredentialKind::BitbucketToken => {
                self.product == Product::Bitbucket
                    && (self.flags & FLAG_AUTH_TYPES_KNOWN == 0 || self.flags & FLAG_API_TOKEN != 0)
            }
            _ => self.product != Product::Bitbucket,
        }
    }

    /// The alternatives (each an AND-set of scope ids, sorted); any one suffices.
    pub fn alternatives(&self) -> impl Iterator<Item = &'static [ScopeId]> + '_ {
        let start = usize::from(self.alternatives_start);
        let end = start + usize::from(self.alternatives_len);
        generated::ALTERNATIVE_LISTS
            .get(start..end)
            .unwrap_or(&[])
            .iter()
            .map(|&set| alternative_set(set))
    }

    /// Whether holding `held` (sorted or not) allows this operation.
    pub fn allowed_by(&self, held: &[ScopeId]) -> bool {
        self.alternatives()
            .any(|alt| alt.iter().all(|s| held.contains(s)))
    }

    /// `METHOD /full/path`, the way people write it.
    pub fn display(&self) -> String {
        format!("{} {}", self.method.as_str(), self.full_path())
    }
}

fn alternative_set(set: u16) -> &'static [ScopeId] {
    let Some(&(start, len)) = generated::ALTERNATIVE_SETS.get(usize::from(set)) else {
        return &[];
    };
    let start = usize::from(start);
    generated::ALTERNATIVE_SCOPES
        .get(start..start + usize::from(len))
        .unwrap_or(&[])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_catalog_stays_well_inside_the_wasm_budget() {
        // The whole shipped .wasm has a 300 KB budget (issue 4); the catalog statics (strings,
        // records, alternative tables) must leave room for the code.
        let bytes = embedded_size_bytes();
        eprintln!("embedded catalog statics: {bytes} bytes");
        assert!(bytes < 180_000, "catalog statics take {bytes} bytes");
    }

    #[test]
    fn catalog_has_the_published_counts() {
        assert_eq!(operations().len(), 1473);
        assert!(scopes().len() >= 435);
        let per_product = |p: Product| operations().iter().filter(|o| o.product == p).count();
        assert_eq!(per_product(Product::JiraPlatform), 619);
        assert_eq!(per_product(Product::JiraSoftware), 105);
        assert_eq!(per_product(Product::JiraServiceManagement), 70);
        assert_eq!(per_product(Product::ConfluenceV1), 130);
        assert_eq!(per_product(Product::ConfluenceV2), 218);
        assert_eq!(per_product(Product::Bitbucket), 331);
    }

    #[test]
    fn issue_get_has_classic_and_nine_granular() {
        let op = operations()
            .iter()
            .find(|o| o.method == Method::Get && o.path() == "/rest/api/3/issue/{issueIdOrKey}")
            .expect("GET issue is in the catalog");
        let alts: Vec<Vec<&str>> = op
            .alternatives()
            .map(|a| a.iter().map(|&s| scope_name(s)).collect())
            .collect();
        assert!(alts.contains(&vec!["read:jira-work"]));
        assert!(alts.iter().any(|a| a.len() == 9));
    }

    #[test]
    fn every_operation_is_satisfied_by_each_of_its_own_alternatives() {
        for op in operations() {
            for alt in op.alternatives() {
                assert!(
                    op.allowed_by(alt),
                    "{} not allowed by its own alternative",
                    op.display()
                );
            }
            assert_eq!(
                op.has_published_requirement(),
                op.alternatives().next().is_some()
            );
        }
    }

    #[test]
    fn server_info_needs_no_scope_and_unpublished_ops_exist() {
        let server_info = operations()
            .iter()
            .find(|o| o.path() == "/rest/api/3/serverInfo")
            .expect("serverInfo is in the catalog");
        assert!(server_info.allowed_by(&[]));
        let unpublished = operations()
            .iter()
            .filter(|o| !o.has_published_requirement())
            .count();
        // README counts: Jira platform lists 15 "no scope info" of which 5 have only an empty (no-scope) alternative.
        assert_eq!(unpublished, 10 + 21 + 1 + 3 + 3 + 26);
    }

    #[test]
    fn scope_facts_follow_names_and_reference() {
        let work = scope(scope_by_name("read:jira-work").expect("known")).expect("in table");
        assert_eq!(
            (work.kind, work.action, work.product),
            (ScopeKind::Classic, ScopeAction::Read, ScopeProduct::Jira)
        );
        assert_eq!(
            work.acceptance(CredentialKind::ScopedPersonalToken),
            Acceptance::Reported
        );
        assert_eq!(
            work.acceptance(CredentialKind::BitbucketToken),
            Acceptance::NotOffered
        );
        let folder =
            scope(scope_by_name("read:folder:confluence").expect("known")).expect("in table");
        assert_eq!(
            folder.acceptance(CredentialKind::ScopedPersonalToken),
            Acceptance::NotOffered
        );
        let pr =
            scope(scope_by_name("read:pullrequest:bitbucket").expect("known")).expect("in table");
        assert_eq!(
            pr.acceptance(CredentialKind::BitbucketToken),
            Acceptance::Documented
        );
        let legacy = scope(scope_by_name("repository:write").expect("known")).expect("in table");
        assert_eq!(
            (legacy.kind, legacy.action),
            (ScopeKind::BitbucketLegacy, ScopeAction::Write)
        );
    }
}
