package jsm

import (
	"fmt"
	"net/http"
)

const requestPath = "/rest/servicedeskapi/request"

type Client struct {
	Base  string
	Token string
}

func (c *Client) get(path string) (*http.Response, error) {
	req, err := http.NewRequest(http.MethodGet, c.Base+path, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.Token)
	return http.DefaultClient.Do(req)
}

func (c *Client) Request(key string) (*http.Response, error) {
	return c.get(fmt.Sprintf("%s/%s", requestPath, key))
}

func (c *Client) Desks() (*http.Response, error) {
	return c.get("/rest/servicedeskapi/servicedesk")
}
