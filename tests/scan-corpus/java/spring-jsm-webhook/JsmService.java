package com.acme.jsm;

import org.springframework.web.client.RestTemplate;
import org.springframework.http.*;
import java.util.Map;

public class JsmService {
    private final RestTemplate rest = new RestTemplate();
    private final String base;

    public JsmService(String cloudId) {
        this.base = "https://api.atlassian.com/ex/jira/" + cloudId + "/rest/servicedeskapi";
    }

    public Map<?, ?> requestTypes(String deskId) {
        return rest.getForObject(base + "/servicedesk/{id}/requesttype", Map.class, deskId);
    }

    public void reply(String key, String text) {
        HttpEntity<Map<String, Object>> body = new HttpEntity<>(Map.of("body", text, "public", true));
        rest.exchange(base + "/request/" + key + "/comment", HttpMethod.POST, body, Map.class);
    }
}
