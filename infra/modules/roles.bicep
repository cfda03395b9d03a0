// What the function app's identity may do, each role on the narrowest scope that works. Role definition ids are
// Azure built-in roles. https://learn.microsoft.com/azure/role-based-access-control/built-in-roles
@description('The function app\'s user-assigned identity.')
param identityName string

@description('Storage account of the archive and the Functions host.')
param storageAccountName string

@description('Custom topic the archive publishes its own events to.')
param archiveTopicName string

@description('Application Insights component the app sends telemetry to.')
param appInsightsName string

var storageRoles = {
  // Blobs: instances, user delegation keys for share links, the host's locks and the deployment package.
  // Owner rather than Contributor: the Functions host's identity-based AzureWebJobsStorage needs it.
  // https://learn.microsoft.com/azure/azure-functions/functions-reference#connecting-to-host-storage-with-an-identity
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  // Tables: the index (dicomstudies, dicominstances) and which blob holds each SOP Instance UID (dicomsopinstances).
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  // Queues: the blob trigger extension's poison queue and the host.
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
}
var eventGridDataSender = 'd5a91429-5739-47e2-a06b-3470a27159e7'
// Entra-authenticated telemetry (the component has local auth off).
var monitoringMetricsPublisher = '3913510d-42f4-4e42-8a64-420c390055eb'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: identityName
}

// Role assignment names must be known before deployment (What-If), so they hash the identity's resource id,
// not its principal id.
var principalId = identity.properties.principalId

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName
}

resource archiveTopic 'Microsoft.EventGrid/topics@2025-02-15' existing = {
  name: archiveTopicName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource storageAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in items(storageRoles): {
  name: guid(storage.id, identity.id, role.value)
  scope: storage
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role.value)
    description: role.key
  }
}]

resource topicSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(archiveTopic.id, identity.id, eventGridDataSender)
  scope: archiveTopic
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', eventGridDataSender)
    description: 'eventGridDataSender'
  }
}

resource telemetryPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, identity.id, monitoringMetricsPublisher)
  scope: appInsights
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisher)
    description: 'monitoringMetricsPublisher'
  }
}
