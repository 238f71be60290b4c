using System;

namespace ReleaseBot
{
    public static class Program
    {
        public static void Main(string[] args)
        {
            var jira = new JiraGateway("https://acme.atlassian.net", Environment.GetEnvironmentVariable("JIRA_USER"), Environment.GetEnvironmentVariable("JIRA_TOKEN"));
            foreach (var p in jira.Priorities())
                Console.WriteLine(p.name);
            var issue = jira.FindIssue(args[0]);
            if (issue.key == null)
                Console.WriteLine(jira.FileBug("REL", "Release " + args[0] + " has no ticket").key);
        }
    }
}
