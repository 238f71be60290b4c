package main

import (
	"fmt"
	"os"

	"example.com/jsm-sla-exporter/jsm"
)

func main() {
	c := &jsm.Client{Base: "https://api.atlassian.com/ex/jira/" + os.Getenv("CLOUD_ID"), Token: os.Getenv("TOKEN")}
	if _, err := c.Desks(); err != nil {
		panic(err)
	}
	for _, key := range os.Args[1:] {
		resp, err := c.Request(key)
		if err != nil {
			panic(err)
		}
		fmt.Println(key, resp.Status)
	}
}
