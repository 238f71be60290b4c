// Moves every issue of a fix version to Done and logs the time it took.
public class Resolver {
    public static void main(String[] args) throws Exception {
        String site = "https://" + System.getenv("JIRA_SITE") + ".atlassian.net";
        String found = Http.send(site + "/rest/api/3/search/jql?jql=fixVersion%3D" + args[0] + "&fields=key", Http.Verb.GET, null);
        for (String key : found.split("\"key\":\"")) {
            if (key.isEmpty() || !Character.isLetter(key.charAt(0))) {
                continue;
            }
            String k = key.substring(0, key.indexOf('"'));
            Http.send(site + "/rest/api/3/issue/" + k + "/transitions", Http.Verb.POST, "{\"transition\":{\"id\":\"31\"}}");
            Http.send(site + "/rest/api/3/issue/" + k + "/worklog", Http.Verb.POST, "{\"timeSpentSeconds\":60}");
        }
    }
}
