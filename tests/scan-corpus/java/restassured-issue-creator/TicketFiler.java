import static io.restassured.RestAssured.given;

import com.google.gson.Gson;
import java.util.HashMap;
import java.util.Map;

// Files a ticket for a failed UI test with REST Assured: the URL is the argument of the verb at
// the end of a given()/when() chain.
public class TicketFiler {
    private static final String JIRA = "https://qa-team.atlassian.net";
    private static final String USER = System.getenv("JIRA_USER");
    private static final String TOKEN = System.getenv("JIRA_TOKEN");

    private static String body(String project, String summary, String priority) {
        Map<String, Object> fields = new HashMap<>();
        fields.put("project", Map.of("key", project));
        fields.put("summary", summary);
        fields.put("issuetype", Map.of("name", "Bug"));
        fields.put("priority", Map.of("name", priority));
        return new Gson().toJson(Map.of("fields", fields));
    }

    public static String fileBug(String project, String summary, String priority) {
        return given().auth().preemptive().
                basic(USER, TOKEN).
                header("Content-Type", "application/json").
                body(body(project, summary, priority)).
                when().log().all().post(JIRA + "/rest/api/3/issue").
                then().statusCode(201).extract().asString();
    }

    public static String priorities() {
        return given().auth().preemptive().
                basic(USER, TOKEN).
                when().log().all().get(JIRA + "/rest/api/3/priority").
                then().extract().response().asString();
    }

    public static String project(String key) {
        return given().auth().preemptive().
                basic(USER, TOKEN).
                when().get(JIRA + "/rest/api/3/project/" + key).
                then().extract().response().asString();
    }

    public static void main(String[] args) {
        System.out.println(project("QA"));
        System.out.println(priorities());
        System.out.println(fileBug("QA", "Login page test failed", "High"));
    }
}
