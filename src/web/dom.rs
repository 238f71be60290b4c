//! A tiny DOM builder over web-sys: elements with attributes, text and children, all through
//! `textContent`/`setAttribute` (never HTML strings), so nothing a page or a message holds can become
//! markup.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, HtmlElement};

/// The current document (extension pages only; the background has none).
pub fn document() -> Result<Document, JsValue> {
    web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))
}

/// Builds one element.
pub struct El {
    el: Element,
}

impl El {
    pub fn new(doc: &Document, tag: &str) -> Result<Self, JsValue> {
        Ok(El {
            el: doc.create_element(tag)?,
        })
    }
    pub fn attr(self, name: &str, value: &str) -> Result<Self, JsValue> {
        self.el.set_attribute(name, value)?;
        Ok(self)
    }
    pub fn text(self, text: &str) -> Self {
        self.el.set_text_content(Some(text));
        self
    }
    pub fn child(self, child: &Element) -> Result<Self, JsValue> {
        self.el.append_child(child)?;
        Ok(self)
    }
    pub fn build(self) -> Element {
        self.el
    }
}

/// Focuses an element if it can take focus.
pub fn focus(el: &Element) {
    if let Some(h) = el.dyn_ref::<HtmlElement>() {
        let _ = h.focus();
    }
}

/// Removes every child of `root`.
pub fn clear(root: &Element) {
    root.set_text_content(None);
}
