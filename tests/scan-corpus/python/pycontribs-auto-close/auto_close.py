import os
from jira import JIRA


def connect():
    return JIRA(os.environ["JIRA_SERVER"], token_auth=os.environ["JIRA_PAT"], options={"rest_api_version": "3"})


def close_if_resolved(key):
    jira = connect()
    issue = jira.issue(key)
    if issue.fields.resolution is None:
        return False
    for t in jira.transitions(issue):
        if t["name"] == "Close":
            jira.transition_issue(issue, t["id"])
            return True
    return False


# Dead code kept for reference; never called:
def _purge(jira, key):
    jira.delete_issue(key)  # noqa
