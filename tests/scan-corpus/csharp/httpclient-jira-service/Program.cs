using System;

var jira = new JiraService(Environment.GetEnvironmentVariable("JIRA_SITE")!, Environment.GetEnvironmentVariable("JIRA_BASIC")!);
Console.WriteLine(await jira.MyselfAsync());
await jira.CommentAsync(args[0], new { type = "doc", version = 1, content = Array.Empty<object>() });
