import java.net.HttpURLConnection;
import java.net.URL;
import java.io.OutputStream;

public class Archiver {
    // Confluence Cloud v2: https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-page/#api-pages-id-delete
    private static final String WIKI = System.getenv("ATL_SITE_URL") + "/wiki/api/v2";

    public static void main(String[] args) throws Exception {
        String spaceId = args[0];
        HttpURLConnection list = (HttpURLConnection) new URL(WIKI + "/spaces/" + spaceId + "/pages?limit=250").openConnection();
        list.setRequestProperty("Authorization", System.getenv("AUTH"));
        System.out.println(list.getResponseCode());

        String pageId = args[1];
        HttpURLConnection title = (HttpURLConnection) new URL(WIKI + "/pages/" + pageId + "/title").openConnection();
        title.setRequestMethod("PUT");
        title.setDoOutput(true);
        title.setRequestProperty("Content-Type", "application/json");
        try (OutputStream os = title.getOutputStream()) {
            os.write("{\"status\":\"current\",\"title\":\"[ARCHIVED]\"}".getBytes());
        }
        System.out.println(title.getResponseCode());
    }
}
