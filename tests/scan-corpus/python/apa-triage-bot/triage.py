import os
from atlassian import Jira

jira = Jira(
    url=os.environ["JIRA_URL"],
    username=os.environ["JIRA_EMAIL"],
    password=os.environ["JIRA_TOKEN"],
    cloud=True,
    api_version="3",
)


def triage():
    me = jira.myself()
    found = jira.enhanced_jql("project = SUP AND assignee is EMPTY ORDER BY created DESC", fields="summary")
    for item in found.get("issues", []):
        issue = jira.issue(item["key"], fields="summary,priority")
        if issue["fields"]["priority"]["name"] == "Highest":
            jira.issue_add_comment(item["key"], "Flagged by %s for on-call review" % me["displayName"])


if __name__ == "__main__":
    triage()
