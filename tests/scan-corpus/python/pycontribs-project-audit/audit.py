from jira_conn import connect

PROJECTS = ["APP", "OPS", "SUP"]


def main():
    jira = connect()
    who = jira.myself()
    for key in PROJECTS:
        project = jira.project(key)
        print(who["displayName"], "audits", project.key, project.lead.displayName)


if __name__ == "__main__":
    main()
