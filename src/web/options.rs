//! The options page: the person's settings (policy-locked settings come with the policy work).

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlSelectElement;

use super::browser::{storage_get, storage_set, t, to_js};
use super::dom::{self, El};
use crate::plan::GuardMode;

const MODES: &[(GuardMode, &str, &str)] = &[
    (GuardMode::Off, "off", "modeOff"),
    (GuardMode::Inform, "inform", "modeInform"),
    (GuardMode::Warn, "warn", "modeWarn"),
    (
        GuardMode::RequireReason,
        "require_reason",
        "modeRequireReason",
    ),
    (GuardMode::Block, "block", "modeBlock"),
];

/// Entry point of options.html.
#[wasm_bindgen]
pub async fn start_options() -> Result<(), JsValue> {
    let doc = dom::document()?;
    let root = doc
        .get_element_by_id("app")
        .ok_or_else(|| JsValue::from_str("no #app"))?;
    let current: GuardMode = match storage_get("settings").await {
        Ok(s) if s.is_object() => js_sys::Reflect::get(&s, &JsValue::from_str("mode"))
            .ok()
            .and_then(|m| serde_wasm_bindgen::from_value(m).ok())
            .unwrap_or_default(),
        _ => GuardMode::default(),
    };

    dom::clear(&root);
    let main = El::new(&doc, "main")?.attr("class", "tw-options")?.build();
    main.append_child(&El::new(&doc, "h1")?.text(&t("optionsTitle")).build())?;
    let label = El::new(&doc, "label")?
        .attr("for", "tw-mode")?
        .text(&t("optionsGuardMode"))
        .build();
    let select = El::new(&doc, "select")?.attr("id", "tw-mode")?.build();
    for (mode, value, key) in MODES {
        let option = El::new(&doc, "option")?
            .attr("value", value)?
            .text(&t(key))
            .build();
        if *mode == current {
            option.set_attribute("selected", "")?;
        }
        select.append_child(&option)?;
    }
    let status = El::new(&doc, "p")?
        .attr("role", "status")?
        .attr("id", "tw-status")?
        .build();
    main.append_child(&label)?;
    main.append_child(&select)?;
    main.append_child(&status)?;
    root.append_child(&main)?;

    let status_for_change = status.clone();
    let on_change = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
        let Some(select) = e
            .target()
            .and_then(|t| t.dyn_into::<HtmlSelectElement>().ok())
        else {
            return;
        };
        let value = select.value();
        let status = status_for_change.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let Ok(mode) = serde_json::from_value::<GuardMode>(serde_json::Value::String(value))
            else {
                return;
            };
            let saved = storage_set("settings", &to_js(&serde_json::json!({ "mode": mode }))).await;
            status.set_text_content(Some(&t(if saved.is_ok() {
                "optionsSaved"
            } else {
                "optionsSaveFailed"
            })));
        });
    });
    select.add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref())?;
    on_change.forget();
    Ok(())
}
