mod api;

use api::{Config, JiraClient};
use serde_json::json;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let config = Config {
        jira_url: "https://acme.atlassian.net".to_string(),
        jira_user: std::env::var("JIRA_USER")?,
        jira_password: std::env::var("JIRA_TOKEN")?,
    };
    let jira = JiraClient::new(config);

    let me = jira.init_request("GET", "/rest/api/3/myself").send()?.text()?;
    println!("{me}");

    let issues = json!({ "issueUpdates": [ { "fields": { "project": { "key": "GEN" }, "summary": "Generated", "issuetype": { "name": "Task" } } } ] });
    let response = jira
        .init_request("POST", "/rest/api/3/issue/bulk")
        .body(issues.to_string())
        .send()?;
    println!("{}", response.status());
    Ok(())
}
