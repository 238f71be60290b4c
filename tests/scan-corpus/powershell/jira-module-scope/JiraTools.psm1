$script:JiraBaseUrl = $env:JIRA_URL
$script:Headers = @{ Authorization = "Basic $env:JIRA_BASIC"; 'Content-Type' = 'application/json' }

function Get-JiraMyself {
    Invoke-RestMethod -Uri "$script:JiraBaseUrl/rest/api/3/myself" -Headers $script:Headers
}

function New-JiraIssue {
    param([string]$Project, [string]$Summary)
    $body = @{ fields = @{ project = @{ key = $Project }; summary = $Summary; issuetype = @{ name = 'Task' } } } | ConvertTo-Json -Depth 5
    Invoke-RestMethod -Uri "$($script:JiraBaseUrl)/rest/api/3/issue" `
        -Method Post -Headers $script:Headers -Body $body
}

Export-ModuleMember -Function Get-JiraMyself, New-JiraIssue
