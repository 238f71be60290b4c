[CmdletBinding()]
param([string]$CloudId, [string]$Token, [string]$DeskId)
$Base = "https://api.atlassian.com/ex/jira/$CloudId/rest/servicedeskapi"
$H = @{ Authorization = "Bearer $Token" }
$types = Invoke-RestMethod "$Base/servicedesk/$DeskId/requesttype" -Headers $H
$type = $types.values | Where-Object name -eq 'Onboarding' | Select-Object -First 1
$payload = @{ serviceDeskId = $DeskId; requestTypeId = $type.id; requestFieldValues = @{ summary = 'New starter' } } | ConvertTo-Json -Depth 4
$created = Invoke-RestMethod -Uri "$Base/request" -Headers $H -Body $payload -ContentType 'application/json' -Method Post
Invoke-RestMethod -Uri $created._links.self -Headers $H | Out-Null
