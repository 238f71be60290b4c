//! The Jira REST endpoint (site + `/rest/api/3`) is a field set when the client is built.
use serde::Deserialize;

#[derive(Debug, Clone)]
pub struct AtlassianRestClient {
    client: reqwest::Client,
    jira_rest_endpoint: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct JiraIssue {
    pub id: String,
    pub key: String,
}

impl AtlassianRestClient {
    pub fn new(authorization_header: &str, jira_rest_endpoint: String) -> Result<Self, Box<dyn std::error::Error>> {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(reqwest::header::AUTHORIZATION, reqwest::header::HeaderValue::from_str(authorization_header)?);
        let client = reqwest::Client::builder()
            .user_agent("metrics-collector")
            .default_headers(headers)
            .build()?;
        Ok(AtlassianRestClient {
            client,
            jira_rest_endpoint,
        })
    }

    pub async fn fetch_jira_issue(&self, issue_key: &str) -> Result<JiraIssue, reqwest::Error> {
        let url = format!("{}/issue/{}", self.jira_rest_endpoint, issue_key);
        self.client.get(&url).send().await?.json::<JiraIssue>().await
    }
}
