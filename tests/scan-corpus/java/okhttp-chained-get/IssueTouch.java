import java.io.IOException;
import java.util.Base64;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

// Reads one issue and relabels it, with OkHttp builders whose verb is a chained call.
public class IssueTouch {
    public static void main(String[] args) throws IOException {
        String auth = "Basic " + Base64.getEncoder().encodeToString((System.getenv("JIRA_USER") + ":" + System.getenv("JIRA_TOKEN")).getBytes());
        String key = args[0];
        OkHttpClient http = new OkHttpClient();

        Request read = new Request.Builder()
                .url("https://utrace.atlassian.net/rest/api/3/issue/" + key)
                .get()
                .addHeader("Authorization", auth)
                //.addHeader("Content-Type", "application/json")
                .build();
        try (Response response = http.newCall(read).execute()) {
            System.out.println(response.body().string());
        }

        RequestBody labels = RequestBody.create("{\"update\":{\"labels\":[{\"add\":\"touched\"}]}}", MediaType.get("application/json"));
        Request edit = new Request.Builder()
                .url("https://utrace.atlassian.net/rest/api/3/issue/" + key)
                .put(labels)
                .addHeader("Authorization", auth)
                .build();
        http.newCall(edit).execute().close();
    }
}
