import java.net.URI;
import java.net.http.*;
import org.json.JSONArray;
import org.json.JSONObject;

public class Metrics {
    static HttpClient http = HttpClient.newHttpClient();
    static String auth = System.getenv("JIRA_AUTH");

    static JSONObject get(String url) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(url)).header("Authorization", auth).build();
        return new JSONObject(http.send(r, HttpResponse.BodyHandlers.ofString()).body());
    }

    public static void main(String[] args) throws Exception {
        String agile = System.getenv("JIRA_URL") + "/rest/agile/1.0";
        JSONObject sprints = get(agile + "/board/" + args[0] + "/sprint?state=closed");
        JSONArray values = sprints.getJSONArray("values");
        for (int i = 0; i < values.length(); i++) {
            JSONObject sprint = get(values.getJSONObject(i).getString("self"));
            System.out.println(sprint.getString("name") + " " + sprint.optString("completeDate"));
        }
    }
}
