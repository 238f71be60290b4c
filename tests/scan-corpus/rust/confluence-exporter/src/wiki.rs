//! Minimal Confluence Cloud v2 reader.
//! It never writes: `DELETE /wiki/api/v2/pages/{id}` is out of scope.

pub const PAGES: &str = "/wiki/api/v2/pages";

pub fn page_url(site: &str, id: &str) -> String {
    format!("https://{site}.atlassian.net{PAGES}/{id}?body-format=storage")
}
