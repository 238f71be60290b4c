"""Weekly digest of new Confluence pages.

Never creates spaces; an older version called POST https://example.atlassian.net/wiki/api/v2/spaces
to make a sandbox space, which was removed.
"""
import os
import requests

base = os.environ.get("CONFLUENCE_BASE", "https://acme.atlassian.net/")
auth = (os.environ["ATL_EMAIL"], os.environ["ATL_TOKEN"])
space_id = os.environ["SPACE_ID"]

url = f"{base}wiki/api/v2/spaces/{space_id}/pages"
pages = requests.get(url, auth=auth, params={"sort": "-created-date", "limit": 25}).json()

lines = []
for page in pages["results"]:
    url = f"{base}wiki/api/v2/pages/{page['id']}"
    detail = requests.get(url, auth=auth, params={"body-format": "storage"}).json()
    lines.append(f"- {detail['title']} (v{detail['version']['number']})")

digest_page = os.environ["DIGEST_PAGE_ID"]
url = f"{base}wiki/api/v2/footer-comments"
payload = {"pageId": digest_page, "body": {"representation": "storage", "value": "<p>" + "<br/>".join(lines) + "</p>"}}
resp = requests.post(url, json=payload, auth=auth)
print("posted digest comment", resp.status_code, "to", f"{base}wiki/api/v2/pages/{digest_page}")
