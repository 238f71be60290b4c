function Get-WikiSpaceSettings {
    [CmdletBinding()]
    param (
        [Parameter(Mandatory = $true, ValueFromPipelineByPropertyName = $true)]
        [string]$Key
    )

    PROCESS {
        $URI = "$BaseURI/space/$Key/settings"
        Write-Verbose "GET $URI"
        Invoke-WikiMethod -Uri $URI -Method Get
    }
}
