package main

import (
	"bytes"
	"fmt"
	"net/http"
	"os"
)

const base = "https://acme.atlassian.net/rest/api/2"

func transition(key string, id string) error {
	body := bytes.NewBufferString(fmt.Sprintf(`{"transition":{"id":"%s"}}`, id))
	req, err := http.NewRequest(http.MethodPost, base+"/issue/"+key+"/transitions", body)
	if err != nil {
		return err
	}
	req.SetBasicAuth(os.Getenv("JIRA_EMAIL"), os.Getenv("JIRA_TOKEN"))
	_, err = http.DefaultClient.Do(req)
	return err
}

func transitions(key string) (*http.Response, error) {
	return http.Get(fmt.Sprintf("%s/issue/%s/transitions", base, key))
}

func main() {
	_ = transition(os.Args[1], os.Args[2])
}
