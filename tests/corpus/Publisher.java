import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

public class Publisher {
    private static final String WIKI = "https://acme.atlassian.net/wiki/api/v2";
    private final HttpClient client = HttpClient.newHttpClient();

    public String page(String id) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(WIKI + "/pages/" + id)).GET().build();
        return client.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    public void update(String id, String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(WIKI + "/pages/" + id))
            .PUT(HttpRequest.BodyPublishers.ofString(json)).build();
        client.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
