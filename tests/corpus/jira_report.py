"""Weekly Jira report: search issues, read worklogs, write a CSV."""
import csv
import os

import requests

SITE = os.environ["JIRA_SITE"]
BASE = "https://api.atlassian.com/ex/jira/" + os.environ["CLOUD_ID"] + "/rest/api/3"
AUTH = (os.environ["JIRA_EMAIL"], os.environ["JIRA_TOKEN"])


def jira_get(path, **params):
    response = requests.get(BASE + path, params=params, auth=AUTH, timeout=30)
    response.raise_for_status()
    return response.json()


def main():
    issues = jira_get("/search/jql", jql="project = OPS AND updated > -7d")["issues"]
    fields = jira_get("/field")
    with open("report.csv", "w", newline="") as out:
        writer = csv.writer(out)
        for issue in issues:
            worklogs = jira_get(f"/issue/{issue['key']}/worklog")
            writer.writerow([issue["key"], len(worklogs["worklogs"]), len(fields)])


if __name__ == "__main__":
    main()
