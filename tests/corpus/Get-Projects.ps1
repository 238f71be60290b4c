# Lists Jira projects and their versions.
$base = "https://acme.atlassian.net/rest/api/3"
$headers = @{ Authorization = "Basic $env:JIRA_AUTH" }

$projects = Invoke-RestMethod -Uri "$base/project/search" -Headers $headers -Method Get
foreach ($p in $projects.values) {
    Invoke-RestMethod -Uri "$base/project/$($p.key)/versions" -Headers $headers -Method Get
}
