mod client;

fn main() {
    let jira = client::Jira::new(&std::env::var("JIRA_SITE").unwrap_or_default(), std::env::var("JIRA_EMAIL").unwrap_or_default(), std::env::var("JIRA_TOKEN").unwrap_or_default());
    let key = std::env::args().nth(1).unwrap_or_else(|| "APP-1".into());
    if let Ok(issue) = jira.issue(&key) {
        println!("{}", issue["fields"]["summary"]);
        let _ = jira.comment(&key, "seen by jira-cli");
    }
}
