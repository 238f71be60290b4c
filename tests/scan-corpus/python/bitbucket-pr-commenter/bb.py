import os
import requests

WORKSPACE = os.environ["BITBUCKET_WORKSPACE"]
REPO = os.environ["BITBUCKET_REPO_SLUG"]
REPO_API = "https://bitbucket.org/api/2.0/repositories/%s/%s" % (WORKSPACE, REPO)
session = requests.Session()
session.auth = (os.environ["BB_USER"], os.environ["BB_APP_PASSWORD"])


def v2(path, method="GET", **kw):
    r = session.request(method, REPO_API + path, **kw)
    r.raise_for_status()
    return r.json() if r.content else None
