//! Which hosts carry Atlassian REST traffic: a site (`*.atlassian.net`, older `*.jira.com`), the API
//! gateway (`api.atlassian.com`) and Bitbucket Cloud's API (`api.bitbucket.org`). One rule for the
//! HAR reader, the request-line reader and the source scanner.

/// The lower-cased host of a URL (or of a bare `host/path`), without user info or port.
pub fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit('@').next().unwrap_or(authority);
    host.split(':').next().unwrap_or("").to_ascii_lowercase()
}

/// Whether a host (already lower-cased, no port) serves Atlassian's REST APIs.
pub fn is_atlassian_api_host(host: &str) -> bool {
    host.ends_with(".atlassian.net")
        || host == "api.atlassian.com"
        || host == "api.bitbucket.org"
        || host.ends_with(".jira.com")
}

/// Whether a URL's requests are Atlassian REST traffic.
pub fn is_atlassian_host(url: &str) -> bool {
    is_atlassian_api_host(&host_of(url))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sites_gateway_and_bitbucket_but_not_lookalikes() {
        for yes in [
            "https://acme.atlassian.net/rest/api/3/issue/1",
            "https://user:pw@ACME.atlassian.net:443/wiki",
            "api.atlassian.com/ex/jira/1/rest/api/3/myself",
            "https://api.bitbucket.org/2.0/repositories",
            "https://old.jira.com/rest/api/2/issue/1",
        ] {
            assert!(is_atlassian_host(yes), "{yes}");
        }
        for no in [
            "https://atlassian.net.evil.example/rest",
            "https://evil.example/?https://acme.atlassian.net",
            "https://fonts.googleapis.com/css",
            "https://bitbucket.org/acme/repo",
        ] {
            assert!(!is_atlassian_host(no), "{no}");
        }
        assert_eq!(
            host_of("https://u@Acme.Atlassian.net:8443/x?y"),
            "acme.atlassian.net"
        );
    }
}
