use crate::jsm::Jsm;
use reqwest::Method;
use serde_json::json;

pub async fn on_webhook(jsm: &Jsm, key: &str) -> reqwest::Result<()> {
    jsm.call(Method::GET, &format!("/request/{key}"), None).await?;
    jsm.call(Method::POST, &format!("/request/{}/comment", key), Some(json!({ "body": "Received", "public": true }))).await?;
    Ok(())
}
