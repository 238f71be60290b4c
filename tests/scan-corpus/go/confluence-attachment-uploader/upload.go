package main

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"os"
)

var (
	confluenceBase = os.Getenv("CONFLUENCE_URL") + "/wiki"
	// Example only, not used: https://acme.atlassian.net/wiki/rest/api/content/123/child/attachment
	exampleURL = "https://acme.atlassian.net/wiki/api/v2/pages/123"
)

func main() {
	pageID := os.Args[1]
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	part, _ := w.CreateFormFile("file", "report.pdf")
	data, _ := os.ReadFile("report.pdf")
	part.Write(data)
	w.Close()

	endpoint := confluenceBase + "/rest/api/content/" + pageID + "/child/attachment"
	req, _ := http.NewRequest(http.MethodPost, endpoint, &buf)
	req.Header.Set("X-Atlassian-Token", "nocheck")
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.SetBasicAuth(os.Getenv("ATL_EMAIL"), os.Getenv("ATL_TOKEN"))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		panic(err)
	}
	fmt.Println("uploaded:", resp.Status, "(see", exampleURL, "for the page format)")
}
