use reqwest::blocking::Client;
use serde_json::{json, Value};

pub struct Jira {
    base: String,
    http: Client,
    email: String,
    token: String,
}

impl Jira {
    pub fn new(site: &str, email: String, token: String) -> Self {
        Jira { base: format!("https://{}.atlassian.net", site), http: Client::new(), email, token }
    }

    pub fn issue(&self, key: &str) -> reqwest::Result<Value> {
        self.http
            .get(format!("{}/rest/api/3/issue/{}", self.base, key))
            .basic_auth(&self.email, Some(&self.token))
            .send()?
            .json()
    }

    pub fn comment(&self, key: &str, text: &str) -> reqwest::Result<()> {
        let url = format!("{}/rest/api/3/issue/{key}/comment", self.base);
        self.http
            .post(&url)
            .basic_auth(&self.email, Some(&self.token))
            .json(&json!({ "body": { "type": "doc", "version": 1, "content": [{ "type": "paragraph", "content": [{ "type": "text", "text": text }] }] } }))
            .send()?;
        Ok(())
    }
}
