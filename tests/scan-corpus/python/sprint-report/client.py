import os
import requests


class JiraClient:
    def __init__(self, site=None, email=None, token=None):
        site = site or os.environ["JIRA_SITE"]
        self.base_url = f"https://{site}.atlassian.net"
        self.session = requests.Session()
        self.session.auth = (email or os.environ["JIRA_EMAIL"], token or os.environ["JIRA_TOKEN"])
        self.session.headers["Accept"] = "application/json"

    def _get(self, path, **params):
        resp = self.session.get(self.base_url + path, params=params, timeout=30)
        resp.raise_for_status()
        return resp.json()

    def get_absolute(self, url):
        return self.session.get(url, timeout=30).json()
