//! The extension's bindings (wasm32 only): the background's message router, and the panel, popup and
//! options pages rendered with web-sys. Thin by design: decisions come from the pure modules; this
//! layer only converts values, touches browser APIs and builds DOM.
//!
//! Nothing here may panic on input: a panic in wasm would take the background down.

mod advisor;
pub(crate) mod background;
mod browser;
mod checklist;
mod dom;
mod options;
mod panel;
mod popup;

pub use advisor::start_advisor;
pub use background::handle_message;
pub use options::start_options;
pub use panel::start_panel;
pub use popup::start_popup;

#[doc(hidden)]
pub use panel::render_panel_into;
#[doc(hidden)]
pub use popup::render_popup_into;
