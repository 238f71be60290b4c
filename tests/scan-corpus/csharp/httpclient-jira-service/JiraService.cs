using System;
using System.Net.Http;
using System.Net.Http.Json;
using System.Threading.Tasks;

public sealed class JiraService
{
    private readonly HttpClient _http;

    public JiraService(string site, string basic)
    {
        _http = new HttpClient { BaseAddress = new Uri($"https://{site}.atlassian.net/rest/api/3/") };
        _http.DefaultRequestHeaders.Add("Authorization", "Basic " + basic);
    }

    public Task<string> MyselfAsync() => _http.GetStringAsync("myself");

    public async Task CommentAsync(string key, object adf)
    {
        var res = await _http.PostAsJsonAsync($"issue/{key}/comment", new { body = adf });
        res.EnsureSuccessStatusCode();
    }

    public Task DeleteWorklogAsync(string key, string id) => throw new NotSupportedException($"not allowed: DELETE /rest/api/3/issue/{key}/worklog/{id}");
}
