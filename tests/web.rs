//! The `web` bindings, run as wasm in headless Chromium (`./build.sh test` runs them with
//! wasm-bindgen-test-runner): the panel and popup render from Rust with the DOM they promise.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Document, Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

fn fresh_root() -> (Document, Element) {
    let doc = web_sys::window().unwrap().document().unwrap();
    let root = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&root).unwrap();
    (doc, root)
}

#[wasm_bindgen_test]
fn the_panel_is_a_labelled_dialog_with_four_choices_and_focus_inside() {
    let (doc, root) = fresh_root();
    token_warden::web::render_panel_into(&doc, &root, 7).unwrap();
    let dialog = root
        .query_selector("[role=dialog]")
        .unwrap()
        .expect("a dialog");
    assert_eq!(dialog.get_attribute("aria-modal").as_deref(), Some("true"));
    let title_id = dialog.get_attribute("aria-labelledby").unwrap();
    let title = doc
        .get_element_by_id(&title_id)
        .expect("the dialog's label exists");
    // Outside an extension there is no i18n: the key itself shows, proving the text is looked up.
    assert_eq!(title.text_content().as_deref(), Some("panelTitle"));
    let buttons = root.query_selector_all("button").unwrap();
    assert_eq!(buttons.length(), 4);
    let choices: Vec<String> = (0..buttons.length())
        .map(|i| {
            buttons
                .get(i)
                .unwrap()
                .dyn_into::<Element>()
                .unwrap()
                .get_attribute("data-choice")
                .unwrap()
        })
        .collect();
    assert_eq!(
        choices,
        [
            "service_account",
            "ask_admin",
            "continue_personal",
            "not_now"
        ]
    );
    let active = doc.active_element().unwrap();
    assert_eq!(
        active.get_attribute("data-choice").as_deref(),
        Some("service_account")
    );
    root.remove();
}

#[wasm_bindgen_test]
fn rendering_twice_never_stacks_panels() {
    let (doc, root) = fresh_root();
    token_warden::web::render_panel_into(&doc, &root, 1).unwrap();
    token_warden::web::render_panel_into(&doc, &root, 2).unwrap();
    assert_eq!(
        root.query_selector_all("[role=dialog]").unwrap().length(),
        1
    );
    root.remove();
}

#[wasm_bindgen_test]
fn the_popup_links_to_the_tokens_page_and_settings() {
    let (doc, root) = fresh_root();
    token_warden::web::render_popup_into(&doc, &root).unwrap();
    let links = root.query_selector_all("a").unwrap();
    let hrefs: Vec<String> = (0..links.length())
        .map(|i| {
            links
                .get(i)
                .unwrap()
                .dyn_into::<HtmlElement>()
                .unwrap()
                .get_attribute("href")
                .unwrap()
        })
        .collect();
    assert_eq!(
        hrefs,
        [
            "https://id.atlassian.com/manage-profile/security/api-tokens",
            "options.html"
        ]
    );
    root.remove();
}
