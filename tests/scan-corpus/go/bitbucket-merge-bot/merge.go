package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strings"
)

const apiRoot = "https://api.bitbucket.org/2.0"

func main() {
	ws, repo := os.Getenv("BB_WORKSPACE"), os.Getenv("BB_REPO")
	token := os.Getenv("BB_TOKEN")

	listURL := fmt.Sprintf("%s/repositories/%s/%s/pullrequests?state=OPEN", apiRoot, ws, repo)
	req, _ := http.NewRequest("GET", listURL, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		panic(err)
	}
	var page struct {
		Values []struct {
			ID    int    `json:"id"`
			Title string `json:"title"`
		} `json:"values"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&page)

	for _, pr := range page.Values {
		if !strings.HasPrefix(pr.Title, "[automerge]") {
			continue
		}
		url := fmt.Sprintf("%s/repositories/%s/%s/pullrequests/%d/merge", apiRoot, ws, repo, pr.ID)
		body := strings.NewReader(`{"merge_strategy":"squash"}`)
		// build the request
		mreq, _ := http.NewRequest(
			"POST",
			url,
			body,
		)
		mreq.Header.Set("Authorization", "Bearer "+token)
		_, _ = http.DefaultClient.Do(mreq)
	}
}
