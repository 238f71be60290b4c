package main

import (
	"fmt"
	"net/http"
	"os"
)

func main() {
	c := NewClient()
	key := os.Args[1]
	if _, err := c.do(http.MethodGet, "/rest/api/3/issue/"+key+"/worklog", nil); err != nil {
		panic(err)
	}
	path := fmt.Sprintf("/rest/api/3/issue/%s/worklog", key)
	entry := map[string]any{"timeSpentSeconds": 3600, "comment": "synced from timesheet"}
	if _, err := c.do("POST", path, entry); err != nil {
		panic(err)
	}
}
