//! The `web` bindings, run as wasm in headless Chromium (`./build.sh test` runs them with
//! wasm-bindgen-test-runner): the panel and popup render from Rust with the DOM they promise.
#![cfg(target_arch = "wasm32")]

use token_warden::guard::{panel_model, with_advice};
use token_warden::policy::GuardMode;
use token_warden::policy::Settings;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Document, Element, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

fn fresh_root() -> (Document, Element) {
    let doc = web_sys::window().unwrap().document().unwrap();
    let root = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&root).unwrap();
    (doc, root)
}

fn choices(root: &Element) -> Vec<String> {
    let buttons = root.query_selector_all("button[data-choice]").unwrap();
    (0..buttons.length())
        .map(|i| {
            buttons
                .get(i)
                .unwrap()
                .dyn_into::<Element>()
                .unwrap()
                .get_attribute("data-choice")
                .unwrap()
        })
        .collect()
}

fn model(mode: GuardMode, orgs: &[&str]) -> token_warden::guard::PanelModel {
    let settings = Settings {
        guard_mode: mode,
        ..Settings::default()
    };
    let orgs: Vec<String> = orgs.iter().map(|s| s.to_string()).collect();
    with_advice(
        panel_model(7, "create_classic_token", "Jira sync", &settings, &orgs),
        0.0,
    )
}

#[wasm_bindgen_test]
fn the_panel_is_a_labelled_dialog_that_asks_what_the_token_is_for() {
    let (doc, root) = fresh_root();
    token_warden::web::render_panel_into(&doc, &root, model(GuardMode::Warn, &[])).unwrap();
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
    // Not an admin: asking the admin comes first.
    assert_eq!(
        choices(&root),
        [
            "ask_admin",
            "service_account",
            "continue_personal",
            "not_now"
        ]
    );
    let radios = root
        .query_selector_all("input[type=radio]")
        .unwrap()
        .length();
    assert!(
        radios >= 14,
        "templates + something else + only me, got {radios}"
    );
    // Focus is inside the dialog.
    assert!(dialog.contains(doc.active_element().as_ref().map(|e| e.unchecked_ref())));
    let name = doc
        .get_element_by_id("tw-name")
        .unwrap()
        .dyn_into::<HtmlInputElement>()
        .unwrap();
    assert_eq!(name.value(), "Jira sync");
    root.remove();
}

#[wasm_bindgen_test]
fn answering_only_me_recommends_a_scoped_personal_token_first() {
    let (doc, root) = fresh_root();
    token_warden::web::render_panel_into(&doc, &root, model(GuardMode::Warn, &["abcdef12"]))
        .unwrap();
    assert_eq!(
        choices(&root)[0],
        "service_account",
        "an admin gets the service account first"
    );
    let only_me = root
        .query_selector("input[value=only_me]")
        .unwrap()
        .unwrap()
        .dyn_into::<HtmlElement>()
        .unwrap();
    only_me.click();
    assert_eq!(choices(&root)[0], "continue_personal");
    let advice = doc
        .get_element_by_id("tw-advice")
        .unwrap()
        .text_content()
        .unwrap();
    assert_eq!(advice, "adviceOnlyMe");
    // Picking a template lists its computed scopes.
    let template = root
        .query_selector("input[value^='template:']")
        .unwrap()
        .unwrap()
        .dyn_into::<HtmlElement>()
        .unwrap();
    template.click();
    let scopes = root.query_selector_all(".tw-scopes li").unwrap().length();
    assert!(scopes > 0);
    assert_eq!(choices(&root)[0], "service_account");
    assert_eq!(
        root.query_selector_all("[role=dialog]").unwrap().length(),
        1,
        "re-rendering never stacks panels"
    );
    root.remove();
}

#[wasm_bindgen_test]
fn under_block_there_is_no_way_to_continue() {
    let (doc, root) = fresh_root();
    token_warden::web::render_panel_into(&doc, &root, model(GuardMode::Block, &[])).unwrap();
    let c = choices(&root);
    assert!(!c.contains(&"continue_personal".to_string()), "{c:?}");
    assert!(c.contains(&"not_now".to_string()));
    root.remove();
}

#[wasm_bindgen_test]
fn the_popup_links_to_the_tokens_page_and_settings_and_shows_the_record() {
    let (doc, root) = fresh_root();
    let model =
        serde_json::json!({"page": null, "orgs": [], "record": {"seen": 3, "serviceAccount": 1}});
    token_warden::web::render_popup_into(&doc, &root, &model).unwrap();
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
            "advisor.html",
            "options.html"
        ]
    );
    let seen = root.query_selector("[data-count=seen]").unwrap().unwrap();
    assert_eq!(seen.text_content().as_deref(), Some("3"));
    root.remove();
}
