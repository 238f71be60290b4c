//! The toolbar popup: quick actions. Rendered by Rust so the popup and the core never disagree.

use wasm_bindgen::prelude::*;
use web_sys::{Document, Element};

use super::browser::t;
use super::dom::{self, El};

/// Where a person manages their own API tokens (reference/atlassian.md §1, confidence H).
const MY_TOKENS_URL: &str = "https://id.atlassian.com/manage-profile/security/api-tokens";

/// Entry point of popup.html.
#[wasm_bindgen]
pub fn start_popup() -> Result<(), JsValue> {
    let doc = dom::document()?;
    let root = doc
        .get_element_by_id("app")
        .ok_or_else(|| JsValue::from_str("no #app"))?;
    render_popup_into(&doc, &root)
}

/// Renders the popup into `root` (exported for the wasm tests).
pub fn render_popup_into(doc: &Document, root: &Element) -> Result<(), JsValue> {
    dom::clear(root);
    let main = El::new(doc, "main")?.attr("class", "tw-popup")?.build();
    main.append_child(&El::new(doc, "h1")?.text(&t("extName")).build())?;
    main.append_child(
        &El::new(doc, "p")?
            .attr("class", "tw-muted")?
            .text(&t("popupTagline"))
            .build(),
    )?;
    let nav = El::new(doc, "nav")?
        .attr("aria-label", &t("popupActions"))?
        .build();
    let list = El::new(doc, "ul")?.build();
    for (href, key) in [
        (MY_TOKENS_URL, "popupOpenTokens"),
        ("options.html", "popupSettings"),
    ] {
        let link = El::new(doc, "a")?
            .attr("href", href)?
            .attr("target", "_blank")?
            .attr("rel", "noopener")?
            .text(&t(key))
            .build();
        list.append_child(&El::new(doc, "li")?.child(&link)?.build())?;
    }
    nav.append_child(&list)?;
    main.append_child(&nav)?;
    main.append_child(
        &El::new(doc, "p")?
            .attr("class", "tw-version")?
            .text(&format!("Token Warden {}", crate::VERSION))
            .build(),
    )?;
    root.append_child(&main)?;
    Ok(())
}
