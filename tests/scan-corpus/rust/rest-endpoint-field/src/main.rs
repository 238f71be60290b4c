mod atlassian_rest_client;

use atlassian_rest_client::AtlassianRestClient;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let endpoint = std::env::var("JIRA_REST_ENDPOINT")
        .unwrap_or_else(|_| "https://acme.atlassian.net/rest/api/3".to_string());
    let auth = std::env::var("JIRA_AUTH_HEADER")?;
    let client = AtlassianRestClient::new(&auth, endpoint)?;
    for key in std::env::args().skip(1) {
        let issue = client.fetch_jira_issue(&key).await?;
        println!("{} {}", issue.key, issue.id);
    }
    Ok(())
}
