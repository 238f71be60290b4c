# Creates this week's status page. Reference: https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-page/#api-pages-post
$site = $env:ATL_SITE
$wiki = "https://$site.atlassian.net/wiki"
$headers = @{ Authorization = "Basic $env:ATL_BASIC" }
$space = Invoke-RestMethod -Uri "$wiki/api/v2/spaces?keys=OPS" -Headers $headers
$body = @{
    spaceId = $space.results[0].id
    status = 'current'
    title = "Status $(Get-Date -Format yyyy-'W'ww)"
    body = @{ representation = 'storage'; value = '<p>tbd</p>' }
} | ConvertTo-Json -Depth 4
$page = Invoke-WebRequest -Uri "$wiki/api/v2/pages" -Headers $headers -ContentType 'application/json' `
    -Body $body `
    -Method POST
Write-Output "created $wiki/api/v2/pages/$(($page.Content | ConvertFrom-Json).id)"
