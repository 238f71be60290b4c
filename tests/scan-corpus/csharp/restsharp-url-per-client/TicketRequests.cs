using System;
using RestSharp;
using RestSharp.Authenticators;

namespace SupportConsole
{
    // Each helper builds a RestClient on the full request URL; the RestRequest only carries the verb.
    public static class TicketRequests
    {
        private const string Site = "https://acme-support.atlassian.net";

        public static string GetTicket(string key)
        {
            string url = Site + "/rest/api/3/issue/" + key;
            var client = new RestClient(url);
            client.Authenticator = new HttpBasicAuthenticator(Env("JIRA_USER"), Env("JIRA_TOKEN"));

            var request = new RestRequest(Method.GET) { RequestFormat = DataFormat.Json };
            var response = client.Execute(request);
            return response.Content;
        }

        public static string AddComment(string key, string text)
        {
            var client = new RestClient($"{Site}/rest/api/3/issue/{key}/comment");
            client.Authenticator = new HttpBasicAuthenticator(Env("JIRA_USER"), Env("JIRA_TOKEN"));

            var request = new RestRequest(Method.POST) { RequestFormat = DataFormat.Json };
            request.AddJsonBody(new { body = new { type = "doc", version = 1, content = new object[] { new { type = "paragraph", content = new object[] { new { type = "text", text = text } } } } } });
            return client.Execute(request).Content;
        }

        private static string Env(string name) => Environment.GetEnvironmentVariable(name) ?? "";
    }

    public static class Program
    {
        public static void Main(string[] args)
        {
            Console.WriteLine(TicketRequests.GetTicket(args[0]));
            TicketRequests.AddComment(args[0], "Picked up by the support console");
        }
    }
}
