$ws = $env:BB_WORKSPACE
$cred = [Convert]::ToBase64String([Text.Encoding]::ASCII.GetBytes("$($env:BB_USER):$($env:BB_APP_PASSWORD)"))
$headers = @{ Authorization = "Basic $cred" }
$uri = 'https://bitbucket.org/api/2.0/repositories/{0}?pagelen=100' -f $ws
$all = @()
do {
    $page = Invoke-RestMethod -Uri $uri -Headers $headers
    $all += $page.values
    $uri = $page.next
} while ($uri)
foreach ($r in $all) {
    $src = Invoke-RestMethod -Uri ("https://bitbucket.org/api/2.0/repositories/{0}/{1}/src" -f $ws, $r.slug) -Headers $headers
    Write-Host "$($r.slug): $($src.values.Count) entries"
}
