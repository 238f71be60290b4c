//! The effective settings as the extension pages and the background read them: the person's own
//! settings from `storage.local`, merged with enterprise policy from `storage.managed` by
//! `policy::effective` (the pure rules). Shared by the background's router and the options page.

use serde_json::Value;
use wasm_bindgen::JsValue;

use super::browser::{call_async, from_js, path, storage_get};
use crate::policy;

/// Where the person's own settings live in `storage.local`.
pub const SETTINGS_KEY: &str = "settings";

/// The person's settings merged with managed policy (the background and the options page).
pub async fn effective_settings() -> policy::Effective {
    let settings = read_json(storage_get(SETTINGS_KEY).await.ok());
    policy::effective(&settings, &managed_policy().await)
}

/// Enterprise policy from `storage.managed`; a missing or throwing area means "no policy".
pub async fn managed_policy() -> Value {
    let Some(managed) = path(&["storage", "managed"]) else {
        return Value::Null;
    };
    match call_async(&managed, "get", &[JsValue::NULL]).await {
        Ok(v) => read_json(Some(v)),
        Err(_) => Value::Null,
    }
}

fn read_json(v: Option<JsValue>) -> Value {
    v.filter(|v| v.is_object())
        .and_then(|v| from_js(&v).ok())
        .unwrap_or(Value::Null)
}
