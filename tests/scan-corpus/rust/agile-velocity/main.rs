use std::env;

fn agile(path: &str) -> String {
    format!("{}/rest/agile/1.0{}", env::var("JIRA_URL").unwrap_or_default(), path)
}

fn main() -> Result<(), ureq::Error> {
    let board = env::args().nth(1).unwrap_or_else(|| "1".to_string());
    let sprints: serde_json::Value = ureq::get(&agile(&format!("/board/{}/sprint?state=closed", board))).call()?.into_json()?;
    for s in sprints["values"].as_array().into_iter().flatten() {
        let id = s["id"].as_i64().unwrap_or_default();
        let issues: serde_json::Value = ureq::get(&agile(&format!("/sprint/{id}/issue"))).call()?.into_json()?;
        println!("{} {}", s["name"], issues["total"]);
    }
    Ok(())
}
