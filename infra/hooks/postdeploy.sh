#!/usr/bin/env bash
# azd postdeploy hook: subscribes the IndexInstance blob trigger to BlobCreated events of the instances container.
# It runs after deploy because the webhook's blobs_extension key exists only once the code is running.
# Idempotent: updates the subscription when it exists, creates it otherwise.
# https://learn.microsoft.com/azure/azure-functions/functions-event-grid-blob-trigger
# azd passes the template's outputs as environment variables.
set -euo pipefail

: "${AZURE_FUNCTION_APP_NAME:?run through azd (azd up / azd deploy)}"
: "${AZURE_RESOURCE_GROUP:?}"
: "${EVENT_GRID_SYSTEM_TOPIC_NAME:?}"
: "${ARCHIVE_INSTANCES_CONTAINER:?}"

# The function the subscription delivers to (Infra.Tests checks it is in functions.metadata).
function_name="IndexInstance"
subscription_name="index-instances"

command -v az >/dev/null || { echo "postdeploy: the Azure CLI (az) is required" >&2; exit 1; }

# The host creates the key when it first loads the blob extension: wait for it after a fresh deploy.
key=""
for attempt in $(seq 1 30); do
  key=$(az functionapp keys list --name "$AZURE_FUNCTION_APP_NAME" --resource-group "$AZURE_RESOURCE_GROUP" \
          --query "systemKeys.blobs_extension" --output tsv 2>/dev/null || true)
  [ -n "$key" ] && break
  echo "postdeploy: waiting for the blobs_extension key ($attempt/30)"
  sleep 10
done
[ -n "$key" ] || { echo "postdeploy: no blobs_extension key on $AZURE_FUNCTION_APP_NAME; is IndexInstance deployed?" >&2; exit 1; }

endpoint="https://${AZURE_FUNCTION_APP_NAME}.azurewebsites.net/runtime/webhooks/blobs?functionName=Host.Functions.${function_name}&code=${key}"
subject="/blobServices/default/containers/${ARCHIVE_INSTANCES_CONTAINER}/"
# The endpoint goes to az as @file: the key stays off the command line (process list), and Windows' az.cmd cannot
# take a bare '&' in an argument, so both hooks pass it the same way.
endpoint_file=$(mktemp)
trap 'rm -f "$endpoint_file"' EXIT
printf '%s' "$endpoint" > "$endpoint_file"
common=(--resource-group "$AZURE_RESOURCE_GROUP" --system-topic-name "$EVENT_GRID_SYSTEM_TOPIC_NAME" --name "$subscription_name")

if az eventgrid system-topic event-subscription show "${common[@]}" --output none 2>/dev/null; then
  verb=update
  az eventgrid system-topic event-subscription update "${common[@]}" \
    --endpoint "@$endpoint_file" --included-event-types Microsoft.Storage.BlobCreated --subject-begins-with "$subject" --output none
else
  verb=create
  az eventgrid system-topic event-subscription create "${common[@]}" \
    --endpoint-type webhook --endpoint "@$endpoint_file" --included-event-types Microsoft.Storage.BlobCreated \
    --subject-begins-with "$subject" --event-delivery-schema eventgridschema --output none
fi
echo "postdeploy: ${verb}d Event Grid subscription $subscription_name -> $function_name ($subject)"
