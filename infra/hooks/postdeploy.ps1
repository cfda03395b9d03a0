# azd postdeploy hook (Windows, pwsh): the same steps as postdeploy.sh. Subscribes the IndexInstance blob trigger to
# BlobCreated events of the instances container; after deploy, because the blobs_extension key exists only once the
# code runs. Idempotent: updates the subscription when it exists, creates it otherwise.
# https://learn.microsoft.com/azure/azure-functions/functions-event-grid-blob-trigger
# azd passes the template's outputs as environment variables. Native commands are checked with $LASTEXITCODE
# (not $ErrorActionPreference, which would turn az's stderr into terminating errors in Windows PowerShell).

foreach ($name in 'AZURE_FUNCTION_APP_NAME', 'AZURE_RESOURCE_GROUP', 'EVENT_GRID_SYSTEM_TOPIC_NAME', 'ARCHIVE_INSTANCES_CONTAINER') {
    if (-not [Environment]::GetEnvironmentVariable($name)) { throw "postdeploy: $name is not set; run through azd (azd up / azd deploy)" }
}
$app = $env:AZURE_FUNCTION_APP_NAME
$group = $env:AZURE_RESOURCE_GROUP
$topic = $env:EVENT_GRID_SYSTEM_TOPIC_NAME

# The function the subscription delivers to (Infra.Tests checks it is in functions.metadata).
$functionName = 'IndexInstance'
$subscriptionName = 'index-instances'

if (-not (Get-Command az -ErrorAction SilentlyContinue)) { throw 'postdeploy: the Azure CLI (az) is required' }

# The host creates the key when it first loads the blob extension: wait for it after a fresh deploy.
$key = ''
for ($attempt = 1; $attempt -le 30; $attempt++) {
    $key = az functionapp keys list --name $app --resource-group $group --query 'systemKeys.blobs_extension' --output tsv 2>$null
    if ($LASTEXITCODE -eq 0 -and $key) { break }
    Write-Host "postdeploy: waiting for the blobs_extension key ($attempt/30)"
    Start-Sleep -Seconds 10
}
if (-not $key) { throw "postdeploy: no blobs_extension key on $app; is $functionName deployed?" }

$endpoint = "https://$app.azurewebsites.net/runtime/webhooks/blobs?functionName=Host.Functions.$functionName&code=$key"
$subject = "/blobServices/default/containers/$($env:ARCHIVE_INSTANCES_CONTAINER)/"
$common = @('--resource-group', $group, '--system-topic-name', $topic, '--name', $subscriptionName)

# The endpoint goes to az as @file: az.cmd (a batch file) would split the URL at '&', and the key stays off the
# command line.
$endpointFile = [IO.Path]::GetTempFileName()
try {
    Set-Content -Path $endpointFile -Value $endpoint -NoNewline -Encoding ascii
    az eventgrid system-topic event-subscription show @common --output none 2>$null
    if ($LASTEXITCODE -eq 0) {
        $verb = 'updated'
        az eventgrid system-topic event-subscription update @common `
            --endpoint "@$endpointFile" --included-event-types Microsoft.Storage.BlobCreated --subject-begins-with $subject --output none
    } else {
        $verb = 'created'
        az eventgrid system-topic event-subscription create @common `
            --endpoint-type webhook --endpoint "@$endpointFile" --included-event-types Microsoft.Storage.BlobCreated `
            --subject-begins-with $subject --event-delivery-schema eventgridschema --output none
    }
    if ($LASTEXITCODE -ne 0) { throw "postdeploy: az eventgrid system-topic event-subscription failed ($LASTEXITCODE)" }
} finally {
    Remove-Item -Path $endpointFile -ErrorAction SilentlyContinue
}
Write-Host "postdeploy: $verb Event Grid subscription $subscriptionName -> $functionName ($subject)"
