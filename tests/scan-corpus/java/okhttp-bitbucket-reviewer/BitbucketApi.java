import okhttp3.*;

public class BitbucketApi {
    static final String BASE = "https://api.bitbucket.org/2.0/repositories/";
    private final OkHttpClient client = new OkHttpClient();
    private final String credential;
    private final String repoPath;

    BitbucketApi(String workspace, String repo, String user, String appPassword) {
        this.repoPath = BASE + workspace + "/" + repo;
        this.credential = Credentials.basic(user, appPassword);
    }

    Response get(String path) throws java.io.IOException {
        Request request = new Request.Builder().url(repoPath + path).header("Authorization", credential).build();
        return client.newCall(request).execute();
    }

    Response post(String path, String json) throws java.io.IOException {
        RequestBody body = RequestBody.create(json, MediaType.get("application/json"));
        Request request = new Request.Builder().url(repoPath + path).header("Authorization", credential).post(body).build();
        return client.newCall(request).execute();
    }
}
