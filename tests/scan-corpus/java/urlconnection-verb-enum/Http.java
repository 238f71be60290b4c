import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.net.ssl.HttpsURLConnection;

// A tiny HTTP helper: the verb is an enum constant chosen by the caller.
public class Http {
    enum Verb {
        GET(false),
        POST(true),
        PUT(true);

        final boolean hasBody;

        Verb(boolean hasBody) {
            this.hasBody = hasBody;
        }
    }

    public static String send(String url, Verb method, String body) throws IOException {
        String creds = System.getenv("JIRA_USER") + ":" + System.getenv("JIRA_TOKEN");
        HttpsURLConnection con = (HttpsURLConnection) new URL(url).openConnection();
        con.setDoOutput(method.hasBody);
        con.setRequestMethod(method.name());
        con.setRequestProperty("Authorization", "Basic " + Base64.getEncoder().encodeToString(creds.getBytes(StandardCharsets.UTF_8)));
        con.setRequestProperty("Content-Type", "application/json");
        if (method.hasBody) {
            try (OutputStreamWriter w = new OutputStreamWriter(con.getOutputStream(), StandardCharsets.UTF_8)) {
                w.write(body == null ? "" : body);
            }
        }
        try (InputStream in = con.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
