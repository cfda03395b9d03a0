// Event Grid: the storage account's system topic (BlobCreated events that drive the IndexInstance blob trigger)
// and a custom topic for the archive's own events. The system topic's subscription is NOT created here:
// its webhook needs the blobs_extension key, which exists only once the code runs, so the azd postdeploy hook
// creates it (infra/hooks/postdeploy.sh). https://learn.microsoft.com/azure/azure-functions/functions-event-grid-blob-trigger
@description('Azure region of the topics (the system topic must be in the storage account\'s region).')
param location string

@description('Tags for every resource.')
param tags object

@description('Name of the storage account whose events the system topic carries.')
param storageAccountName string

@description('Name of the system topic.')
param systemTopicName string

@description('Name of the custom topic for the archive\'s own events.')
param archiveTopicName string

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName
}

resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: systemTopicName
  location: location
  tags: tags
  properties: {
    source: storage.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

resource archiveTopic 'Microsoft.EventGrid/topics@2025-02-15' = {
  name: archiveTopicName
  location: location
  tags: tags
  properties: {
    inputSchema: 'CloudEventSchemaV1_0'
    // Publishers authenticate with Microsoft Entra ID (EventGrid Data Sender role); topic access keys are off.
    disableLocalAuth: true
    minimumTlsVersionAllowed: '1.2'
    publicNetworkAccess: 'Enabled'
  }
}

output systemTopicName string = systemTopic.name
output archiveTopicName string = archiveTopic.name
output archiveTopicEndpoint string = archiveTopic.properties.endpoint
