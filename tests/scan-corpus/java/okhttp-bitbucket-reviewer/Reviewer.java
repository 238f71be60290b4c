public class Reviewer {
    public static void main(String[] args) throws Exception {
        BitbucketApi api = new BitbucketApi(args[0], args[1], System.getenv("BB_USER"), System.getenv("BB_APP_PASSWORD"));
        int pr = Integer.parseInt(args[2]);
        api.get("/pullrequests/" + pr + "/diffstat");
        api.post(String.format("/pullrequests/%d/comments", pr), "{\"content\":{\"raw\":\"Reviewed by bot\"}}");
        // api.post("/pullrequests/" + pr + "/decline", "{}");  -- disabled
    }
}
