import os
from jira import JIRA


def connect():
    return JIRA(server=os.environ["JIRA_SERVER"], basic_auth=(os.environ["JIRA_EMAIL"], os.environ["JIRA_TOKEN"]),
                options={"rest_api_version": "3"})
