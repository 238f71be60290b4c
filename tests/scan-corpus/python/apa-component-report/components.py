import os
from atlassian import Jira

jira = Jira(os.environ["JIRA_URL"], username=os.environ["JIRA_EMAIL"], password=os.environ["JIRA_TOKEN"], api_version="3")
for component in jira.get_project_components("APP"):
    print(component["name"])
ticket = jira.issue_create(fields={"project": {"key": "APP"}, "issuetype": {"name": "Task"}, "summary": "Review components"})
print(ticket["key"])
