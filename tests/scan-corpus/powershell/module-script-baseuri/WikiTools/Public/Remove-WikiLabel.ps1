function Remove-WikiLabel {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param (
        [Parameter(Mandatory = $true, ValueFromPipelineByPropertyName = $true)]
        [Alias('ID')]
        [int]$PageID,

        [Parameter(Mandatory = $true)]
        [string]$Label
    )

    PROCESS {
        $URI = "$BaseURI/content/$PageID/label?name=$Label"
        If ($PSCmdlet.ShouldProcess("PageID $PageID")) {
            Invoke-WikiMethod -Uri $URI -Method Delete
        }
    }
}
