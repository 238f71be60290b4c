using System;
using System.Net.Http;
using System.Text;

class Reporter
{
    const string Api = "https://api.bitbucket.org/2.0";

    static async System.Threading.Tasks.Task Main(string[] args)
    {
        var http = new HttpClient();
        http.DefaultRequestHeaders.Add("Authorization", "Bearer " + Environment.GetEnvironmentVariable("BB_TOKEN"));
        string ws = args[0], repo = args[1], commit = args[2];
        var url = string.Format("{0}/repositories/{1}/{2}/commit/{3}/statuses/build", Api, ws, repo, commit);
        var json = "{\"state\":\"SUCCESSFUL\",\"key\":\"ci\",\"url\":\"https://ci.example.com\"}";
        var msg = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        await http.SendAsync(msg);
        var prs = await http.GetStringAsync(Api + "/repositories/" + ws + "/" + repo + "/commit/" + commit + "/pullrequests");
        Console.WriteLine(prs);
    }
}
