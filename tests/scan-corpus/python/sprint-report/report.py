# Sprint report: lists the active sprint of each board and its issues.
# Docs: https://developer.atlassian.com/cloud/jira/software/rest/api-group-board/#api-rest-agile-1-0-board-get
from client import JiraClient
from constants import BOARD_PATH, SPRINTS_OF_BOARD, SPRINT_ISSUES, SEARCH_PATH


def main():
    jira = JiraClient()
    boards = jira._get(BOARD_PATH, type="scrum")
    for board in boards.get("values", []):
        sprints = jira._get(SPRINTS_OF_BOARD.format(board_id=board["id"]), state="active")
        for sprint in sprints.get("values", []):
            issues = jira._get(SPRINT_ISSUES.format(sprint_id=sprint["id"]), fields="summary,status")
            for issue in issues.get("issues", []):
                full = jira.get_absolute(issue["self"])
                print(sprint["name"], full["key"], full["fields"]["summary"])
    leftovers = jira._get(SEARCH_PATH, jql="sprint is EMPTY AND statusCategory != Done")
    print(len(leftovers.get("issues", [])), "issues outside any sprint")


if __name__ == "__main__":
    main()
