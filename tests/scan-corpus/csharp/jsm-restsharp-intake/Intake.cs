using RestSharp;
using RestSharp.Authenticators;

var options = new RestClientOptions(System.Environment.GetEnvironmentVariable("JSM_URL") + "/rest/servicedeskapi")
{
    Authenticator = new HttpBasicAuthenticator(System.Environment.GetEnvironmentVariable("JSM_EMAIL"), System.Environment.GetEnvironmentVariable("JSM_TOKEN")),
};
var client = new RestClient(options);
var desks = await client.GetAsync(new RestRequest("servicedesk"));
var request = new RestRequest("request", Method.Post).AddJsonBody(new
{
    serviceDeskId = "1",
    requestTypeId = "10",
    requestFieldValues = new { summary = "Laptop request" },
});
var created = await client.ExecuteAsync(request);
System.Console.WriteLine(created.Content);
