param(
    [string]$Endpoint,
    [string]$Method = 'Get',
    [string]$Body
)
$params = @{
    Uri = "$($env:JIRA_BASE_URL)/rest/api/3/$Endpoint"
    Method = $Method
    Headers = @{ Authorization = "Basic $env:JIRA_BASIC" }
    ContentType = 'application/json'
}
if ($Body) { $params.Body = $Body }
Invoke-RestMethod @params
