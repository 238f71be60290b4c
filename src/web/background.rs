//! The background's message router: every runtime message from a content script or an extension page
//! goes through `handle_message`, which keeps the core's state in `storage.local` (the service worker
//! is stopped when idle, so memory does not last) and answers with plain JSON-shaped values.

use wasm_bindgen::prelude::*;

use super::browser::{storage_get, storage_set, to_js};
use crate::messages::{self, CoreState};

const STATE_KEY: &str = "core_state";
const SETTINGS_KEY: &str = "settings";

/// Answers one runtime message. Never rejects: failures become `{ok: false, error}`.
#[wasm_bindgen]
pub async fn handle_message(message: JsValue) -> JsValue {
    let request: serde_json::Value = match serde_wasm_bindgen::from_value(message) {
        Ok(v) => v,
        Err(e) => {
            return to_js(
                &serde_json::json!({"ok": false, "error": format!("malformed message: {e}")}),
            )
        }
    };
    let mut state = load_state().await;
    let before = state.clone();
    let reply = messages::respond(request, &mut state);
    if state != before {
        // Losing a state write only forgets a counter or a known org; the reply is still right.
        let _ = storage_set(STATE_KEY, &to_js(&state)).await;
    }
    to_js(&reply)
}

async fn load_state() -> CoreState {
    let mut state: CoreState = match storage_get(STATE_KEY).await {
        Ok(v) if v.is_object() => serde_wasm_bindgen::from_value(v).unwrap_or_default(),
        _ => CoreState::default(),
    };
    if let Ok(settings) = storage_get(SETTINGS_KEY).await {
        if let Ok(mode) = js_sys::Reflect::get(&settings, &JsValue::from_str("mode")) {
            if let Ok(mode) = serde_wasm_bindgen::from_value(mode) {
                state.mode = mode;
            }
        }
    }
    state
}
