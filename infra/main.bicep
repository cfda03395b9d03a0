// The whole archive in one resource group per azd environment: `azd up` provisions this, deploys functions/App,
// then runs infra/hooks/postdeploy.* to subscribe the blob trigger to BlobCreated events.
// Local modules only (no br/public: registry modules): CI builds and lints these offline.
targetScope = 'subscription'

@description('azd environment name; names the resource group and seeds the resource names.')
@minLength(1)
@maxLength(64)
param environmentName string

@description('Azure region for every resource.')
@minLength(1)
param location string

@description('Storage redundancy: RA-GZRS (zones + a readable secondary region); Standard_RAGRS where the region has no availability zones.')
@allowed([
  'Standard_RAGZRS'
  'Standard_RAGRS'
])
param storageSku string = 'Standard_RAGZRS'

@description('Instances not read for this many days move from the hot to the cool tier.')
@minValue(1)
param coolAfterDaysWithoutRead int = 30

@description('Days a previous version of an instance (left by an overwrite or a delete) is kept before it is deleted.')
@minValue(1)
param deletePreviousVersionsAfterDays int = 90

@description('Days deleted blobs and containers can be restored (soft delete).')
@minValue(1)
@maxValue(365)
param softDeleteRetentionDays int = 14

@description('Browser origins of viewers (e.g. https://viewer.example.org): CORS on the DICOMweb API and on blobs (share links).')
param corsAllowedOrigins string[] = []

@description('Client id of a Microsoft Entra app registration. Empty: endpoints need a function key. Set: App Service authentication also requires an Entra token for the whole app.')
param entraClientId string = ''

@description('Largest request body in bytes (a STOW-RS upload), for the Functions host and the worker alike. Uploads must also finish within the platform\'s 230 s request timeout.')
@minValue(104857600)
param maxRequestBodyBytes int = 4294967296

@description('Most instances the Flex Consumption plan scales out to (a cost ceiling). Flex Consumption accepts 40 to 1000.')
// The platform's lowest accepted maximum is 40 (Flex Consumption plan, "Considerations: Scale"): a smaller value would
// pass Bicep validation and then fail the deployment, so the parameter refuses it here.
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Memory per function app instance, in MB.')
@allowed([ 512, 2048, 4096 ])
param instanceMemoryMB int = 2048

// The archive's names: ArchiveOptions' defaults and ArchiveNames' tables. Literals, so the compiled template states them;
// Infra.Tests checks they agree with the code.
var instancesContainerName = 'instances'
var tablePrefix = 'dicom'
var tableNames = [ 'dicomstudies', 'dicominstances', 'dicomsopinstances' ]
var deploymentContainerName = 'app-package'

var tags = { 'azd-env-name': environmentName }
var token = toLower(uniqueString(subscription().id, environmentName, location))
// Names are computed here, not taken from module outputs, so What-If can predict every resource id.
var names = {
  storage: 'st${token}'
  systemTopic: 'evgt-${token}'
  archiveTopic: 'evgt-archive-${token}'
  appInsights: 'appi-${token}'
  identity: 'id-${token}'
}

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    location: location
    tags: tags
    workspaceName: 'log-${token}'
    appInsightsName: names.appInsights
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    location: location
    tags: tags
    name: names.storage
    skuName: storageSku
    instancesContainerName: instancesContainerName
    deploymentContainerName: deploymentContainerName
    tableNames: tableNames
    corsAllowedOrigins: corsAllowedOrigins
    coolAfterDaysWithoutRead: coolAfterDaysWithoutRead
    deletePreviousVersionsAfterDays: deletePreviousVersionsAfterDays
    softDeleteRetentionDays: softDeleteRetentionDays
  }
}

module eventGrid 'modules/eventgrid.bicep' = {
  name: 'eventgrid'
  scope: rg
  dependsOn: [ storage ] // the system topic's source must exist
  params: {
    location: location
    tags: tags
    storageAccountName: names.storage
    systemTopicName: names.systemTopic
    archiveTopicName: names.archiveTopic
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  scope: rg
  params: {
    location: location
    tags: tags
    name: 'func-${token}'
    planName: 'plan-${token}'
    identityName: names.identity
    azdServiceName: 'api'
    blobEndpoint: storage.outputs.blobEndpoint
    tableEndpoint: storage.outputs.tableEndpoint
    queueEndpoint: storage.outputs.queueEndpoint
    secondaryBlobEndpoint: storage.outputs.secondaryBlobEndpoint
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    instancesContainerName: storage.outputs.instancesContainerName
    tablePrefix: tablePrefix
    archiveTopicEndpoint: eventGrid.outputs.archiveTopicEndpoint
    appInsightsConnectionString: monitoring.outputs.connectionString
    maxRequestBodyBytes: maxRequestBodyBytes
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    corsAllowedOrigins: corsAllowedOrigins
    entraClientId: entraClientId
    entraTenantId: tenant().tenantId
  }
}

module roles 'modules/roles.bicep' = {
  name: 'roles'
  scope: rg
  dependsOn: [ functionApp, storage, eventGrid, monitoring ] // the identity and the three scopes must exist
  params: {
    identityName: names.identity
    storageAccountName: names.storage
    archiveTopicName: names.archiveTopic
    appInsightsName: names.appInsights
  }
}

// Read by azd (azd env get-values) and by the postdeploy hook.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output DICOMWEB_ROOT_URL string = 'https://${functionApp.outputs.defaultHostName}/dicomweb'
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output ARCHIVE_INSTANCES_CONTAINER string = storage.outputs.instancesContainerName
output EVENT_GRID_SYSTEM_TOPIC_NAME string = eventGrid.outputs.systemTopicName
output ARCHIVE_EVENT_TOPIC_ENDPOINT string = eventGrid.outputs.archiveTopicEndpoint
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.appInsightsName
output AUTH_MODE string = empty(entraClientId) ? 'FunctionKey' : 'EntraId'
