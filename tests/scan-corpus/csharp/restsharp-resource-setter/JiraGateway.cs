using System.Collections.Generic;
using RestSharp;
using RestSharp.Authenticators;

namespace ReleaseBot
{
    // One RestClient on the site root; every request sets its resource and verb as properties.
    public class JiraGateway
    {
        private readonly RestClient client;

        public JiraGateway(string serverUrl, string user, string token)
        {
            client = new RestClient(serverUrl)
            {
                Authenticator = new HttpBasicAuthenticator(user, token)
            };
        }

        private T Run<T>(RestRequest request) where T : new()
        {
            var response = client.Execute<T>(request);
            if (response.ErrorException != null)
                throw new System.InvalidOperationException("Jira answered " + response.StatusCode);
            return response.Data;
        }

        public Issue FindIssue(string key)
        {
            var request = new RestRequest();
            request.Resource = "/rest/api/3/issue/" + key + "?fields=summary,status";
            request.Method = Method.GET;
            return Run<Issue>(request);
        }

        public List<Priority> Priorities()
        {
            var request = new RestRequest();
            request.Resource = "/rest/api/3/priority";
            request.Method = Method.GET;
            return Run<List<Priority>>(request);
        }

        public Created FileBug(string project, string summary)
        {
            var request = new RestRequest(Method.POST);
            request.Resource = "rest/api/3/issue";
            request.RequestFormat = DataFormat.Json;
            request.AddBody(new
            {
                fields = new
                {
                    project = new { key = project },
                    summary = summary,
                    issuetype = new { name = "Bug" }
                }
            });
            return Run<Created>(request);
        }
    }

    public class Issue { public string key; }
    public class Priority { public string name; }
    public class Created { public string key; }
}
