<#
.SYNOPSIS
  Finds the release-notes page of a product and labels it with the released version.
#>
function Update-ReleaseNotes {
    [CmdletBinding()]
    param (
        [Parameter( Mandatory = $true )]
        [string]$Product,

        [Parameter( Mandatory = $true )]
        [string]$Version,

        [Parameter( Mandatory = $true )]
        [PSCredential]$Credential
    )

    PROCESS {
        $SecureCreds = [System.Convert]::ToBase64String([System.Text.Encoding]::UTF8.GetBytes(
                            $('{0}:{1}' -f $Credential.UserName, $Credential.GetNetworkCredential().Password)
                        ))

        $searchParameters = @{
            Uri             = "https://acme-docs.atlassian.net/wiki/rest/api/content/search?cql=title%3D%22$Product%20release%20notes%22"
            Method          = 'Get'
            Headers         = @{ Authorization = "Basic $SecureCreds" }
            ContentType     = "application/json; charset=utf-8"
            UseBasicParsing = $true
        }
        $found = Invoke-RestMethod @searchParameters
        $pageId = $found.results[0].id

        $labelParameters = @{
            Uri         = "https://acme-docs.atlassian.net/wiki/rest/api/content/$pageId/label"
            Method      = 'Post'
            Headers     = @{ Authorization = "Basic $SecureCreds" }
            ContentType = "application/json; charset=utf-8"
            Body        = (ConvertTo-Json @(@{ prefix = 'global'; name = "v$Version" }))
        }
        Invoke-RestMethod @labelParameters
    }
}
