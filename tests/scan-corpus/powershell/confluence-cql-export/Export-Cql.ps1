param([string]$Cql = 'space = OPS AND type = page')
$script:Wiki = "https://$($env:ATL_SITE).atlassian.net/wiki"
$script:Auth = @{ Authorization = "Basic $env:ATL_BASIC" }
$DeletePageUri = "$script:Wiki/api/v2/pages/{id}"   # documented for admins; not called
$encoded = [uri]::EscapeDataString($Cql)
$result = Invoke-RestMethod -Uri "$script:Wiki/rest/api/content/search?cql=$encoded&limit=100" -Headers $script:Auth
$result.results | ForEach-Object {
    $pageId = $_.id
    $pdf = Invoke-RestMethod -Uri "$($script:Wiki)/api/v2/pages/$pageId/versions" -Headers $script:Auth
    Write-Host "$($_.title): $($pdf.results.Count) versions"
}
