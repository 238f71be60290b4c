//! What Token Warden knows about Atlassian: its hosts, which page is which (URL rules beside example
//! URLs), the controls we look for on those pages (role + accessible name, per UI language), and the
//! service-account limits. This is the only module that changes when Atlassian changes its UI.
//!
//! Facts come from `docs/reference/atlassian.md` (and its newer companion `atlassian-2026-12.md`, which wins); anything that reference marks unconfirmed is
//! flagged `confirmed: false` here so the rest of the code can stay careful with it.

pub mod admin;
pub mod landmarks;
pub mod limits;
pub mod pages;
pub mod token_list;

/// Where people manage their own Atlassian account, including personal API tokens.
pub const ID_HOST: &str = "id.atlassian.com";
/// Atlassian Administration, where org admins manage service accounts.
pub const ADMIN_HOST: &str = "admin.atlassian.com";
