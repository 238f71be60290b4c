package jiraclient

import (
	"os"

	jira "github.com/andygrunwald/go-jira/v2/cloud"
)

func New() (*jira.Client, error) {
	tp := jira.BasicAuthTransport{Username: os.Getenv("JIRA_EMAIL"), APIToken: os.Getenv("JIRA_TOKEN")}
	return jira.NewClient(os.Getenv("JIRA_URL"), tp.Client())
}
