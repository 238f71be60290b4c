//! Requests to Jira go through `init_request`, which takes the verb as a string.
use reqwest::blocking::{Client, RequestBuilder};
use reqwest::Method;

pub struct Config {
    pub jira_url: String,
    pub jira_user: String,
    pub jira_password: String,
}

pub struct JiraClient {
    client: Client,
    config: Config,
}

impl JiraClient {
    pub fn new(config: Config) -> Self {
        Self { client: Client::new(), config }
    }

    /// A request builder with the credentials set.
    pub fn init_request(&self, method_str: &str, endpoint: &str) -> RequestBuilder {
        let method_str_ucase = method_str.to_uppercase();
        let method = Method::from_bytes(method_str_ucase.as_bytes()).unwrap_or(Method::GET);
        let url = format!("{}{}", self.config.jira_url, endpoint);
        self.client
            .request(method, &url)
            .basic_auth(&self.config.jira_user, Some(&self.config.jira_password))
    }
}
