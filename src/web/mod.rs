//! The extension's bindings (wasm32 only): the background's message router, and the panel, popup,
//! options and advisor pages rendered with web-sys. Thin by design: decisions come from the pure
//! modules; this layer only converts values, touches browser APIs and builds DOM.
//!
//! Each group of entry points sits behind a Cargo feature (the default, all of them, is what clippy
//! and the wasm tests build). build.sh ships two modules (docs/performance.md says why two):
//!
//! | module  | features                                     | entry points                         |
//! |---------|----------------------------------------------|--------------------------------------|
//! | `core`  | `web-background`, `web-pages`, `web-advisor` | `handle_message`, `take_due_reports`, `settle_reports`; `start_popup`, `start_options`, `start_checklist_page`; `start_advisor` |
//! | `panel` | `web-panel`                                  | `start_panel` (the guard's panel and banner) |
//!
//! The panel is the one a click waits for, so it carries only rendering of its typed model: no
//! catalog, solver, router or other page's model.
//!
//! Nothing here may panic on input: a panic in wasm would take the background down.

#[cfg(feature = "web-advisor")]
mod advisor;
#[cfg(feature = "web-background")]
pub(crate) mod background;
// A module built with only some entry points uses only some of these helpers.
#[cfg_attr(
    not(all(
        feature = "web-background",
        feature = "web-panel",
        feature = "web-pages",
        feature = "web-advisor"
    )),
    allow(dead_code)
)]
mod browser;
// The panel renders the consent summary and receives its key as the checklist does.
#[cfg(any(feature = "web-panel", feature = "web-pages"))]
#[cfg_attr(not(feature = "web-pages"), allow(dead_code))]
mod checklist;
#[cfg(any(feature = "web-panel", feature = "web-pages", feature = "web-advisor"))]
#[cfg_attr(
    not(all(feature = "web-panel", feature = "web-pages", feature = "web-advisor")),
    allow(dead_code)
)]
mod dom;
#[cfg(feature = "web-pages")]
mod options;
#[cfg(feature = "web-panel")]
mod panel;
#[cfg(feature = "web-pages")]
mod popup;
#[cfg(any(feature = "web-background", feature = "web-pages"))]
mod settings;

#[cfg(feature = "web-advisor")]
pub use advisor::start_advisor;
#[cfg(feature = "web-background")]
pub use background::handle_message;
#[cfg(feature = "web-pages")]
pub use options::start_options;
#[cfg(feature = "web-panel")]
pub use panel::start_panel;
#[cfg(feature = "web-pages")]
pub use popup::start_popup;

#[cfg(feature = "web-panel")]
#[doc(hidden)]
pub use panel::render_panel_into;
#[cfg(feature = "web-pages")]
#[doc(hidden)]
pub use popup::render_popup_into;
