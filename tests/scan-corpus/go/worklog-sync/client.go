package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
)

type Client struct {
	base  string
	email string
	token string
	http  *http.Client
}

func NewClient() *Client {
	return &Client{base: fmt.Sprintf("https://%s.atlassian.net", os.Getenv("JIRA_SITE")), email: os.Getenv("JIRA_EMAIL"), token: os.Getenv("JIRA_TOKEN"), http: http.DefaultClient}
}

func (c *Client) do(method, path string, body any) (*http.Response, error) {
	var buf bytes.Buffer
	if body != nil {
		if err := json.NewEncoder(&buf).Encode(body); err != nil {
			return nil, err
		}
	}
	req, err := http.NewRequest(method, c.base+path, &buf)
	if err != nil {
		return nil, err
	}
	req.SetBasicAuth(c.email, c.token)
	req.Header.Set("Content-Type", "application/json")
	return c.http.Do(req)
}
