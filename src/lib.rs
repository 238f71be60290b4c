//! Token Warden's core: everything that decides, as pure Rust that runs both natively (the
//! `token-warden` CLI, the tests, the benchmarks) and as WebAssembly inside the browser extension.
//!
//! The module map, where each part runs and the import graph are in `docs/architecture.md`. In short:
//! `atlassian` is what we know about Atlassian's pages and is the only place that changes when
//! Atlassian changes its UI; `scopes` is the scope catalog and solver; `policy` the settings;
//! `guard`, `handoff`, `insights` and `reporting` the product's decisions; `plan` turns page
//! knowledge into the data the content scripts apply; `state` is what the background keeps between
//! messages; `protocol` the typed messages and `router` the background's one dispatch; `wire` the
//! panel's serde-free reading and writing of its own messages. `web` (wasm32
//! only) and `cli` (native only) are the thin shells around them.

pub mod atlassian;
pub mod audit;
pub mod guard;
pub mod handoff;
pub mod insights;
pub mod plan;
pub mod policy;
pub mod protocol;
pub mod reporting;
pub mod router;
pub mod scopes;
pub mod state;
pub mod util;
pub mod wire;

#[cfg(not(target_arch = "wasm32"))]
pub mod admin_api;
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
#[cfg(not(target_arch = "wasm32"))]
pub mod scan;

#[cfg(target_arch = "wasm32")]
pub mod web;

/// The crate's version, shown by the CLI, the popup and every reply of the background.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
