$issues = & "$PSScriptRoot/Invoke-JiraApi.ps1" -Endpoint 'search/jql?jql=status%3DDone%20AND%20resolution%20is%20EMPTY'
foreach ($i in $issues.issues) {
    & "$PSScriptRoot/Invoke-JiraApi.ps1" -Endpoint "issue/$($i.key)/transitions" -Method Post -Body '{"transition":{"id":"41"}}'
}
