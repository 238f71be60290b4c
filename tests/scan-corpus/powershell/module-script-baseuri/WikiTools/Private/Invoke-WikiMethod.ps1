function Invoke-WikiMethod {
    [CmdletBinding()]
    param (
        [Parameter(Mandatory = $true)]
        [Uri]$URi,

        [ValidateSet("GET", "POST", "PUT", "DELETE")]
        [string]$Method = "GET",

        [string]$Body
    )

    PROCESS {
        $pair = '{0}:{1}' -f $script:Credential.UserName, $script:Credential.GetNetworkCredential().Password
        $headers = @{ Authorization = 'Basic ' + [System.Convert]::ToBase64String([System.Text.Encoding]::UTF8.GetBytes($pair)) }
        $splat = @{ Uri = $URi; Method = $Method; Headers = $headers; ContentType = 'application/json' }
        if ($Body) { $splat.Body = $Body }
        Invoke-RestMethod @splat
    }
}
