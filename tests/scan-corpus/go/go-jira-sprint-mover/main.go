package main

import (
	"context"
	"fmt"
	"os"

	jira "github.com/andygrunwald/go-jira/v2/cloud"
)

func main() {
	tp := jira.BasicAuthTransport{Username: os.Getenv("JIRA_EMAIL"), APIToken: os.Getenv("JIRA_TOKEN")}
	client, err := jira.NewClient(os.Getenv("JIRA_URL"), tp.Client())
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	me, _, _ := client.User.GetCurrentUser(ctx)
	boards, _, err := client.Board.GetAllBoards(ctx, &jira.BoardListOptions{ProjectKeyOrID: "APP"})
	if err != nil {
		panic(err)
	}
	for _, b := range boards.Values {
		sprints, _, _ := client.Board.GetAllSprints(ctx, int64(b.ID), &jira.GetAllSprintsOptions{State: "future"})
		if len(sprints.Values) == 0 {
			continue
		}
		_, _ = client.Sprint.MoveIssuesToSprint(ctx, sprints.Values[0].ID, []string{"APP-1"})
		fmt.Println(me.DisplayName, "moved APP-1 into", sprints.Values[0].Name)
	}
}
