use reqwest::{Client, Method};

pub struct Jsm {
    pub http: Client,
    pub base: String,
}

impl Jsm {
    pub async fn call(&self, method: Method, path: &str, body: Option<serde_json::Value>) -> reqwest::Result<reqwest::Response> {
        let mut req = self.http.request(method, format!("{}/rest/servicedeskapi{}", self.base, path));
        if let Some(b) = body {
            req = req.json(&b);
        }
        req.send().await
    }
}
