package com.acme.jira;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;

public class JiraReporter {
    private static final String SEARCH = "/rest/api/3/search/jql";
    private final String baseUrl;
    private final String auth;
    private final HttpClient http = HttpClient.newHttpClient();

    public JiraReporter(String site, String email, String token) {
        this.baseUrl = String.format("https://%s.atlassian.net", site);
        this.auth = "Basic " + Base64.getEncoder().encodeToString((email + ":" + token).getBytes());
    }

    public String openBugs() throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(baseUrl + SEARCH + "?jql=type%3DBug"))
                .header("Authorization", auth)
                .GET()
                .build();
        return http.send(req, HttpResponse.BodyHandlers.ofString()).body();
    }

    public void comment(String key, String adfJson) throws Exception {
        HttpRequest req = HttpRequest.newBuilder()
                .uri(URI.create(baseUrl + "/rest/api/3/issue/" + key + "/comment"))
                .header("Authorization", auth)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(adfJson))
                .build();
        http.send(req, HttpResponse.BodyHandlers.discarding());
    }
}
