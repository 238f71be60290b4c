package main

import (
	"context"
	"log"
	"os"

	jira "github.com/andygrunwald/go-jira/v2/cloud"
)

func main() {
	tp := jira.BearerAuthTransport{Token: os.Getenv("JIRA_PAT")}
	c, _ := jira.NewClient(os.Getenv("JIRA_URL"), tp.Client())
	ctx := context.Background()
	comp, _, err := c.Component.Create(ctx, &jira.ComponentCreateOptions{Name: "payments", Project: "APP"})
	if err != nil {
		log.Fatal(err)
	}
	issues, _, _ := c.Sprint.GetIssuesForSprint(ctx, 42)
	log.Printf("component %s created; sprint 42 has %d issues", comp.ID, len(issues))
}
