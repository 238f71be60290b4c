//! The guard's panel: an extension page the content script mounts in an iframe over Atlassian's page
//! (so the page can neither read nor restyle it). It explains why a personal token is a liability and
//! offers the choices; the person's choice goes to the background, which tells the content script.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, KeyboardEvent};

use super::browser::{send_message, t, to_js};
use super::dom::{self, El};
use crate::messages::Choice;

/// The choices, in the order they are offered, with their message keys.
const CHOICES: &[(Choice, &str, &str)] = &[
    (Choice::ServiceAccount, "choiceServiceAccount", "primary"),
    (Choice::AskAdmin, "choiceAskAdmin", "secondary"),
    (
        Choice::ContinuePersonal,
        "choiceContinuePersonal",
        "secondary",
    ),
    (Choice::NotNow, "choiceNotNow", "quiet"),
];

/// Entry point of panel.html.
#[wasm_bindgen]
pub fn start_panel() -> Result<(), JsValue> {
    let doc = dom::document()?;
    let attempt = attempt_from_location().unwrap_or(0);
    let root = doc
        .get_element_by_id("app")
        .ok_or_else(|| JsValue::from_str("no #app"))?;
    render_panel_into(&doc, &root, attempt)?;
    Ok(())
}

fn attempt_from_location() -> Option<u32> {
    let search = web_sys::window()?.location().search().ok()?;
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok()?;
    params.get("attempt")?.parse().ok()
}

/// Renders the panel into `root` and wires its buttons (exported for the wasm tests).
pub fn render_panel_into(doc: &Document, root: &Element, attempt: u32) -> Result<(), JsValue> {
    dom::clear(root);
    let dialog = El::new(doc, "section")?
        .attr("role", "dialog")?
        .attr("aria-modal", "true")?
        .attr("aria-labelledby", "tw-title")?
        .attr("aria-describedby", "tw-body")?
        .attr("class", "tw-panel")?
        .build();
    dialog.append_child(
        &El::new(doc, "h1")?
            .attr("id", "tw-title")?
            .text(&t("panelTitle"))
            .build(),
    )?;
    let body = El::new(doc, "div")?.attr("id", "tw-body")?.build();
    for key in [
        "panelBodyOwner",
        "panelBodyLeave",
        "panelBodyServiceAccount",
    ] {
        body.append_child(&El::new(doc, "p")?.text(&t(key)).build())?;
    }
    dialog.append_child(&body)?;
    let actions = El::new(doc, "div")?.attr("class", "tw-actions")?.build();
    let mut first: Option<Element> = None;
    for (choice, key, style) in CHOICES {
        let button = El::new(doc, "button")?
            .attr("type", "button")?
            .attr("class", &format!("tw-button tw-{style}"))?
            .attr(
                "data-choice",
                &serde_json::to_string(choice)
                    .unwrap_or_default()
                    .replace('"', ""),
            )?
            .text(&t(key))
            .build();
        let choice = *choice;
        let on_click = Closure::<dyn FnMut()>::new(move || send_choice(attempt, choice));
        button.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref())?;
        on_click.forget();
        first.get_or_insert_with(|| button.clone());
        actions.append_child(&button)?;
    }
    dialog.append_child(&actions)?;
    root.append_child(&dialog)?;

    let on_key = Closure::<dyn FnMut(KeyboardEvent)>::new(move |e: KeyboardEvent| {
        if e.key() == "Escape" {
            e.prevent_default();
            send_choice(attempt, Choice::NotNow);
        }
    });
    doc.add_event_listener_with_callback("keydown", on_key.as_ref().unchecked_ref())?;
    on_key.forget();
    if let Some(button) = first {
        dom::focus(&button);
    }
    Ok(())
}

fn send_choice(attempt: u32, choice: Choice) {
    let message =
        to_js(&serde_json::json!({"type": "panel_choice", "attempt": attempt, "choice": choice}));
    wasm_bindgen_futures::spawn_local(async move {
        // If the background is gone the content script's own timeout releases the page.
        let _ = send_message(&message).await;
    });
}
