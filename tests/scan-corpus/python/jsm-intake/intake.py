import os
import requests

CLOUD_ID = os.environ["ATLASSIAN_CLOUD_ID"]
GATEWAY = "https://api.atlassian.com/ex/jira/%s" % CLOUD_ID
HEADERS = {"Authorization": "Bearer " + os.environ["ATL_OAUTH_TOKEN"], "Accept": "application/json"}


def service_desk_id(project_key):
    desks = requests.request("GET", GATEWAY + "/rest/servicedeskapi/servicedesk", headers=HEADERS).json()
    return next(d["id"] for d in desks["values"] if d["projectKey"] == project_key)


def request_type_id(desk_id, name):
    url = "{}/rest/servicedeskapi/servicedesk/{}/requesttype".format(GATEWAY, desk_id)
    types = requests.request("GET", url, headers=HEADERS).json()
    return next(t["id"] for t in types["values"] if t["name"] == name)


def file_request(summary, description):
    desk = service_desk_id("IT")
    body = {
        "serviceDeskId": desk,
        "requestTypeId": request_type_id(desk, "Get IT help"),
        "requestFieldValues": {"summary": summary, "description": description},
    }
    created = requests.request(
        "POST",
        f"{GATEWAY}/rest/servicedeskapi/request",
        json=body,
        headers=HEADERS,
    ).json()
    key = created["issueKey"]
    requests.put(
        (
            f"{GATEWAY}/rest/api/3/issue/"
            f"{key}"
        ),
        json={"fields": {"labels": ["intake-bot"]}},
        headers=HEADERS,
    )
    return key


if __name__ == "__main__":
    print(file_request("VPN broken", "Cannot connect since Monday"))
