import os
import sys
from atlassian import Jira


def client():
    return Jira(url=os.environ["JIRA_URL"], username=os.environ["JIRA_EMAIL"],
                password=os.environ["JIRA_TOKEN"], api_version="3")


def main(summary):
    jira = client()
    created = jira.create_issue(fields={
        "project": {"key": "BUG"},
        "issuetype": {"name": "Bug"},
        "summary": summary,
    })
    jira.update_issue_field(created["key"], {"labels": ["from-ci"]})
    print("filed", created["key"])


if __name__ == "__main__":
    main(" ".join(sys.argv[1:]) or "CI failure")
