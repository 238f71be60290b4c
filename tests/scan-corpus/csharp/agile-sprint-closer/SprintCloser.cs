using System;
using System.Net.Http;
using System.Text;

var http = new HttpClient { BaseAddress = new Uri(Environment.GetEnvironmentVariable("JIRA_URL")!) };
var sprintId = args[0];
var sprint = await http.GetStringAsync($"/rest/agile/1.0/sprint/{sprintId}");
var body = new StringContent("{\"state\":\"closed\"}", Encoding.UTF8, "application/json");
var res = await http.PostAsync(string.Format("/rest/agile/1.0/sprint/{0}", sprintId), body);
Console.WriteLine(res.StatusCode);
