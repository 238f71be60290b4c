//! The background's message shell: every runtime message from a content script or an extension page
//! goes through `handle_message`, with the browser's `sender`. It tells a content script from an
//! extension page (`protocol::Sender::of`), loads the core's state, the person's settings and the managed
//! policy from extension storage (the service worker is stopped when idle, so memory does not last),
//! passes the clock in, lets the pure core answer, and saves what changed.

use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::browser::{call_async, from_js, path, storage_get, storage_set, to_js};
use super::settings::effective_settings;
use crate::protocol::{self, Sender};
use crate::reporting;
use crate::router::{self, Env};
use crate::state::CoreState;

const STATE_KEY: &str = "core_state";
/// Where the logged-in person's account is described (docs/reference/atlassian.md §1, confidence M).
const ME_URL: &str = "https://id.atlassian.com/gateway/api/me";

/// Answers one runtime message from `sender` (the browser's `runtime.MessageSender`). Never rejects:
/// failures become `{ok: false, error}`.
#[wasm_bindgen]
pub async fn handle_message(message: JsValue, sender: JsValue) -> JsValue {
    let sender_value = sender.clone();
    let Some(sender) = sender_kind(&sender) else {
        return to_js(&protocol::to_json(Err(protocol::ProtocolError::new(
            "refused: the sender is neither a content script nor an extension page",
        ))));
    };
    let request: Value = match from_js(&message) {
        Ok(v) => v,
        Err(e) => {
            return to_js(
                &serde_json::json!({"ok": false, "error": format!("malformed message: {e}")}),
            )
        }
    };
    let request = match protocol::parse(request, sender) {
        Ok(r) => r,
        Err(e) => return to_js(&protocol::to_json(Err(e))),
    };
    let settings = effective_settings().await;
    let (owner, account_id) = if router::needs_owner(&request)
        || router::needs_account_id(&request, &settings.settings)
    {
        fetch_me().await
    } else {
        (String::new(), String::new())
    };
    let tab = sender_tab(&sender_value);
    let open_tabs = if router::needs_tabs(&request) {
        open_tab_ids().await
    } else {
        Vec::new()
    };
    let env = Env {
        now_ms: js_sys::Date::now(),
        settings,
        owner,
        fresh_id: random_id(),
        account_id,
        tab,
        open_tabs,
    };
    let mut state = load_state().await;
    let before = state.clone();
    let reply = router::handle(request, &mut state, &env);
    if state != before {
        // A lost write would lose a job or a held attempt the reply refers to: say so instead of
        // answering as if it were kept (the scripts show the error; the state is bounded, see
        // `state`, so this means storage itself failed, e.g. its quota is used by something else).
        if let Err(e) = storage_set(STATE_KEY, &to_js(&state)).await {
            return to_js(&storage_error(&e));
        }
    }
    to_js(&protocol::to_json(reply))
}

/// The error reply for a failed storage write, with the browser's reason.
fn storage_error(e: &JsValue) -> Value {
    let reason = js_sys::Reflect::get(e, &JsValue::from_str("message"))
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown reason".into());
    serde_json::json!({
        "ok": false,
        "error": format!("storage_failed: the extension could not save its state ({reason})"),
    })
}

/// Which kind of script sent a message: `sender.url` against the extension's own base URL
/// (`runtime.getURL("")`), and whether `sender.tab` is set.
fn sender_kind(sender: &JsValue) -> Option<Sender> {
    let field = |name: &str| js_sys::Reflect::get(sender, &JsValue::from_str(name)).ok();
    let url = field("url").and_then(|v| v.as_string()).unwrap_or_default();
    let has_tab = field("tab").is_some_and(|t| t.is_object());
    let base = path(&["runtime"])
        .and_then(|runtime| super::browser::call(&runtime, "getURL", &[JsValue::from_str("")]).ok())
        .and_then(|v| v.as_string())
        .unwrap_or_default();
    Sender::of(&url, has_tab, &base)
}

/// The id of the tab a content script's message came from (`sender.tab.id`).
fn sender_tab(sender: &JsValue) -> Option<i64> {
    let tab = js_sys::Reflect::get(sender, &JsValue::from_str("tab")).ok()?;
    let id = js_sys::Reflect::get(&tab, &JsValue::from_str("id"))
        .ok()?
        .as_f64()?;
    (id.fract() == 0.0 && id >= 0.0).then_some(id as i64)
}

/// The ids of every open tab (`tabs.query({})` gives ids without the "tabs" permission); empty
/// when the API is missing, which makes every lease of another tab void (the safe side is the
/// per-name look-up before each creation).
async fn open_tab_ids() -> Vec<i64> {
    let Some(tabs) = path(&["tabs"]) else {
        return Vec::new();
    };
    let Ok(list) = call_async(&tabs, "query", &[js_sys::Object::new().into()]).await else {
        return Vec::new();
    };
    js_sys::Array::from(&list)
        .iter()
        .filter_map(|t| {
            js_sys::Reflect::get(&t, &JsValue::from_str("id"))
                .ok()?
                .as_f64()
        })
        .map(|id| id as i64)
        .collect()
}

async fn load_state() -> CoreState {
    match storage_get(STATE_KEY).await {
        Ok(v) if v.is_object() => from_js(&v).unwrap_or_default(),
        _ => CoreState::default(),
    }
}

/// The logged-in person's email (the owner line of a service account's description) and account id
/// (reports, when policy asks). Nothing else is kept; an error gives empty values, which the
/// description and the report then go without.
async fn fetch_me() -> (String, String) {
    let response = gloo_net::http::Request::get(ME_URL)
        .credentials(web_sys::RequestCredentials::Include)
        .send()
        .await;
    let Ok(response) = response else {
        return Default::default();
    };
    if !response.ok() {
        return Default::default();
    }
    let Ok(text) = response.text().await else {
        return Default::default();
    };
    let Ok(me) = serde_json::from_str::<Value>(&text) else {
        return Default::default();
    };
    let field = |name: &str, ok: fn(&str) -> bool| {
        me.get(name)
            .and_then(Value::as_str)
            .filter(|v| v.len() < 200 && ok(v))
            .unwrap_or_default()
            .to_string()
    };
    (
        field("email", |e| e.contains('@')),
        field("account_id", |id| !id.contains(char::is_whitespace)),
    )
}

/// The reports due now, leased for sending (see `reporting::lease`): `{url, timeoutMs, items: [{id,
/// body}]}`. The background script POSTs them outside the message queue and hands the results to
/// [`settle_reports`]; no message waits for a report. Without a report URL the queue is emptied.
#[wasm_bindgen]
pub async fn take_due_reports() -> JsValue {
    let url = effective_settings().await.settings.report_url;
    let mut state = load_state().await;
    let before = state.clone();
    let items: Vec<Value> = if url.is_empty() {
        state.report_queue.clear();
        Vec::new()
    } else {
        reporting::lease(&mut state.report_queue, js_sys::Date::now())
            .into_iter()
            .map(|(id, body)| serde_json::json!({"id": id, "body": body.to_string()}))
            .collect()
    };
    if state != before {
        if let Err(e) = storage_set(STATE_KEY, &to_js(&state)).await {
            // Not leased after all: nothing is sent, and the error is in the worker's console.
            web_sys::console::warn_1(&to_js(&storage_error(&e)));
            return to_js(&serde_json::json!({"url": url, "items": []}));
        }
    }
    to_js(&serde_json::json!({
        "url": url,
        "timeoutMs": reporting::SEND_TIMEOUT_MS,
        "items": items,
    }))
}

/// Records which leased reports were delivered (`[[id, sent], …]`); failures back off.
#[wasm_bindgen]
pub async fn settle_reports(results: JsValue) -> JsValue {
    let results: Vec<(u64, bool)> = from_js(&results).unwrap_or_default();
    let mut state = load_state().await;
    reporting::settle_ids(&mut state.report_queue, &results, js_sys::Date::now());
    match storage_set(STATE_KEY, &to_js(&state)).await {
        Ok(()) => JsValue::TRUE,
        Err(e) => {
            // The leases expire and the events are offered again: a report may arrive twice.
            web_sys::console::warn_1(&to_js(&storage_error(&e)));
            JsValue::FALSE
        }
    }
}

/// A random id from `crypto.randomUUID()`, or from `Math.random` where that is missing.
fn random_id() -> String {
    let global = js_sys::global();
    js_sys::Reflect::get(&global, &JsValue::from_str("crypto"))
        .ok()
        .filter(JsValue::is_object)
        .and_then(|c| super::browser::call(c.unchecked_ref(), "randomUUID", &[]).ok())
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| {
            format!(
                "{:x}{:x}",
                (js_sys::Math::random() * 1e12) as u64,
                js_sys::Date::now() as u64
            )
        })
}
