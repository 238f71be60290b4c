import httpx

WIKI = "https://acme.atlassian.net/wiki"


class Confluence:
    def __init__(self, token):
        self.client = httpx.Client(headers={"Authorization": f"Bearer {token}"})

    def search(self, cql):
        return self.client.get(f"{WIKI}/rest/api/search", params={"cql": cql}).json()

    def delete_label(self, page_id, label):
        return self.client.delete(WIKI + "/rest/api/content/" + page_id + "/label/" + label)
