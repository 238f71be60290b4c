using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.Tasks;
using Newtonsoft.Json;

namespace ReleaseTools.Jira
{
    // Every call goes through SendRequest, which takes the verb and an endpoint under the API root.
    public class JiraService
    {
        private readonly string _login;
        private readonly string _token;
        private const string JiraUrl = "https://acme.atlassian.net/rest/api/3";

        public JiraService(string login, string token)
        {
            _login = login;
            _token = token;
        }

        public async Task<bool> Noop()
        {
            try
            {
                var me = await SendRequest<object, Self>(HttpMethod.Get, "/myself", null);
                return me.active;
            }
            catch (Exception)
            {
                return false;
            }
        }

        public async Task<string> CreateTask(string project, string summary)
        {
            var body = new { fields = new { project = new { key = project }, summary, issuetype = new { name = "Task" } } };
            var created = await SendRequest<object, Created>(HttpMethod.Post, "/issue", body);
            return created.key;
        }

        public Task Rename(string key, string summary)
        {
            return SendRequest<object, object>(HttpMethod.Put, $"/issue/{key}", new { fields = new { summary } });
        }

        private async Task<TResponse> SendRequest<TRequest, TResponse>(HttpMethod method, string endpoint, TRequest request)
        {
            using (var client = new HttpClient())
            {
                var message = new HttpRequestMessage(method, $"{JiraUrl}{endpoint}");
                var token = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_login}:{_token}"));
                message.Headers.Authorization = new AuthenticationHeaderValue("Basic", token);
                if (request != null)
                {
                    message.Content = new StringContent(JsonConvert.SerializeObject(request), Encoding.UTF8, "application/json");
                }
                var response = await client.SendAsync(message);
                if (!response.IsSuccessStatusCode)
                    throw new Exception($"Failed to send {message.Method} request to {message.RequestUri}");
                return JsonConvert.DeserializeObject<TResponse>(await response.Content.ReadAsStringAsync());
            }
        }
    }

    public class Self { public bool active; }
    public class Created { public string key; }
}
