# Removes the "outdated" label from the pages given on the command line, if the space allows it.
Import-Module "$PSScriptRoot/WikiTools/WikiTools.psm1"
Set-WikiInfo -BaseURI 'https://acme.atlassian.net/wiki'
$settings = Get-WikiSpaceSettings -Key 'DOCS'
if ($settings.routeOverrideEnabled -eq $false) {
    foreach ($id in $args) {
        Remove-WikiLabel -PageID $id -Label 'outdated' -Confirm:$false
    }
}
