//! The few WebExtension APIs the core touches, reached through `globalThis` so the same code runs in
//! Chrome's service worker (no `window`), Firefox's event page, and extension pages. Every access is
//! checked: a missing API is an error value, never a panic.

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// `globalThis.browser` (Firefox) or `globalThis.chrome` (Chromium), whichever exists.
pub fn extension_api() -> Option<Object> {
    let global = js_sys::global();
    for name in ["browser", "chrome"] {
        if let Ok(v) = Reflect::get(&global, &JsValue::from_str(name)) {
            if v.is_object() {
                return v.dyn_into().ok();
            }
        }
    }
    None
}

/// Reads `api.a.b.c` as an object.
pub fn path(parts: &[&str]) -> Option<Object> {
    let mut cur: JsValue = extension_api()?.into();
    for p in parts {
        cur = Reflect::get(&cur, &JsValue::from_str(p)).ok()?;
        if !cur.is_object() {
            return None;
        }
    }
    cur.dyn_into().ok()
}

/// Calls `target.method(args…)`.
pub fn call(target: &Object, method: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let f: Function = Reflect::get(target, &JsValue::from_str(method))?.dyn_into()?;
    let arr = js_sys::Array::new();
    for a in args {
        arr.push(a);
    }
    f.apply(target, &arr)
}

/// Calls a promise-returning API method and awaits it.
pub async fn call_async(
    target: &Object,
    method: &str,
    args: &[JsValue],
) -> Result<JsValue, JsValue> {
    let v = call(target, method, args)?;
    let p: Promise = v.dyn_into()?;
    JsFuture::from(p).await
}

/// A localised string from `_locales`, or the key itself where i18n is unavailable (tests).
pub fn t(key: &str) -> String {
    t_with(key, &[])
}

/// A localised string with `$1`… substitutions.
pub fn t_with(key: &str, subs: &[&str]) -> String {
    let Some(i18n) = path(&["i18n"]) else {
        return key.to_string();
    };
    let arr = js_sys::Array::new();
    for s in subs {
        arr.push(&JsValue::from_str(s));
    }
    match call(&i18n, "getMessage", &[JsValue::from_str(key), arr.into()]) {
        Ok(v) => match v.as_string() {
            Some(s) if !s.is_empty() => s,
            _ => key.to_string(),
        },
        Err(_) => key.to_string(),
    }
}

/// `storage.local.get(key)[key]`, or `undefined`.
pub async fn storage_get(key: &str) -> Result<JsValue, JsValue> {
    let local = path(&["storage", "local"])
        .ok_or_else(|| JsValue::from_str("storage.local unavailable"))?;
    let got = call_async(&local, "get", &[JsValue::from_str(key)]).await?;
    Reflect::get(&got, &JsValue::from_str(key))
}

/// `storage.local.set({key: value})`.
pub async fn storage_set(key: &str, value: &JsValue) -> Result<(), JsValue> {
    let local = path(&["storage", "local"])
        .ok_or_else(|| JsValue::from_str("storage.local unavailable"))?;
    let obj = Object::new();
    Reflect::set(&obj, &JsValue::from_str(key), value)?;
    call_async(&local, "set", &[obj.into()]).await.map(|_| ())
}

/// Sends a request whose reply the page does not read (the background acts on it), and waits for
/// the answer so that what the page does next follows the background's action. Pages read the one
/// reply they expect on their own (`checklist::start_offer`): reading the whole `PageReply` enum
/// here linked a reader of every page's models into the core module (~30 KB; docs/performance.md).
pub async fn tell(
    request: &crate::protocol::PageRequest,
) -> Result<(), crate::protocol::ProtocolError> {
    send_message(&to_js(request))
        .await
        .map(|_| ())
        .map_err(|_| crate::protocol::ProtocolError::new("the background did not answer"))
}

/// `runtime.sendMessage(message)`, awaited.
pub async fn send_message(message: &JsValue) -> Result<JsValue, JsValue> {
    let runtime = path(&["runtime"]).ok_or_else(|| JsValue::from_str("runtime unavailable"))?;
    call_async(&runtime, "sendMessage", std::slice::from_ref(message)).await
}

// The JS <-> Rust boundary is JSON text: `serde_json` on this side and the engine's own
// `JSON.parse`/`JSON.stringify` on the other. Measured 3-5x faster both ways than walking the
// values with `serde_wasm_bindgen`, and it keeps that crate's per-type deserializers out of every
// module (docs/performance.md, "The JS <-> Rust boundary").

/// Converts serde data to a plain JavaScript value (objects and arrays), or `null` if it cannot be
/// written as JSON (it always can for our types).
pub fn to_js<T: serde::Serialize>(value: &T) -> JsValue {
    serde_json::to_string(value)
        .ok()
        .and_then(|text| js_sys::JSON::parse(&text).ok())
        .unwrap_or(JsValue::NULL)
}

/// Reads a plain JavaScript value (what `runtime.sendMessage` and `storage` hand over) as serde
/// data. `undefined`, functions and cyclic values are errors, never panics; serde_json's own
/// recursion limit bounds nesting.
pub fn from_js<T: serde::de::DeserializeOwned>(value: &JsValue) -> Result<T, String> {
    let text = js_sys::JSON::stringify(value)
        .map_err(|_| "not representable as JSON".to_string())?
        .as_string()
        .ok_or_else(|| "no value".to_string())?;
    serde_json::from_str(&text).map_err(|e| e.to_string())
}

/// `navigator.clipboard.writeText(text)` (extension pages; an iframe needs `allow="clipboard-write"`).
pub async fn copy_to_clipboard(text: &str) -> bool {
    let global = js_sys::global();
    let Ok(navigator) = Reflect::get(&global, &JsValue::from_str("navigator")) else {
        return false;
    };
    let Ok(clipboard) = Reflect::get(&navigator, &JsValue::from_str("clipboard")) else {
        return false;
    };
    let Ok(clipboard) = clipboard.dyn_into::<Object>() else {
        return false;
    };
    call_async(&clipboard, "writeText", &[JsValue::from_str(text)])
        .await
        .is_ok()
}

/// A template's localised name (`_locales` key `tpl_<id>`), or its built-in English name.
pub fn template_name(id: &str, english: &str) -> String {
    t_or(&format!("tpl_{}", id.replace('-', "_")), english)
}

/// A template's localised one-line purpose (`tplp_<id>`), or its built-in English purpose.
pub fn template_purpose(id: &str, english: &str) -> String {
    t_or(&format!("tplp_{}", id.replace('-', "_")), english)
}

/// A localised string, or `fallback` where `_locales` has no such key.
pub fn t_or(key: &str, fallback: &str) -> String {
    let s = t(key);
    if s == key {
        fallback.to_string()
    } else {
        s
    }
}
