import os

BASE = os.environ.get("JIRA_URL", "https://acme.atlassian.net")
# Endpoint table kept for the admin console; this tool only reads.
SEARCH_URL = f"{BASE}/rest/api/3/search/jql"
DELETE_ISSUE_URL = BASE + "/rest/api/3/issue/{key}"
CREATE_PROJECT_URL = BASE + "/rest/api/3/project"
ENDPOINTS = {
    "bulk_create": BASE + "/rest/api/3/issue/bulk",
    "delete_version": BASE + "/rest/api/3/version/{id}",
}
