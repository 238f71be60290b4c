import requests
import settings

issue_url = settings.DELETE_ISSUE_URL  # left-hand side name only; nothing is deleted
session = requests.Session()
session.auth = ("bot@acme.example", "from-env")
resp = session.get(settings.SEARCH_URL + "?jql=project = APP AND updated >= -7d&fields=summary")
for issue in resp.json().get("issues", []):
    print(issue["key"])
statuses = session.get(f"{settings.BASE}/rest/api/3/status")
print(len(statuses.json()), "statuses")
