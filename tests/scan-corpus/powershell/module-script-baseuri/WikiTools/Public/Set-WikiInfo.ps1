function Set-WikiInfo {
    <#
    .SYNOPSIS
    Stores the Confluence address and credentials for this session's requests.

    .EXAMPLE
    Set-WikiInfo -BaseURI 'https://acme.atlassian.net/wiki'
    #>
    [CmdletBinding()]
    param (
        # Address of the Confluence site; include /wiki for Atlassian Cloud.
        [Parameter(Mandatory = $true)]
        [Uri]$BaseURI,

        [PSCredential]$Credential = (Get-Credential)
    )

    PROCESS {
        # Every other command appends its path to this script-scope value.
        $script:BaseURI = $BaseURI.AbsoluteUri.TrimEnd('/') + '/rest/api'
        $script:Credential = $Credential
    }
}
