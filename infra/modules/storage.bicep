// The archive's storage account: instances (blobs), the index (tables), the Functions host's own state
// (blobs and queues) and the Flex Consumption deployment package. Keys are disabled: everything is Entra ID.
@description('Azure region of the account.')
param location string

@description('Tags for the account.')
param tags object

@description('Storage account name (3-24 lower-case letters and digits).')
param name string

@description('Redundancy. RA-GZRS keeps copies in three zones and a readable copy in the paired region; use RA-GRS where the region has no zones.')
@allowed([
  'Standard_RAGZRS'
  'Standard_RAGRS'
])
param skuName string

@description('Container that holds the instances (Archive__InstancesContainer).')
param instancesContainerName string

@description('Container that holds the function app package (Flex Consumption deployment storage).')
param deploymentContainerName string

@description('Index tables the code uses (ArchiveNames).')
param tableNames string[]

@description('Origins allowed to read blobs from a browser (viewers opening share links); empty adds no CORS rule.')
param corsAllowedOrigins string[]

@description('Instances not read for this many days move to the cool tier.')
@minValue(1)
param coolAfterDaysWithoutRead int

@description('Days a previous version of an instance is kept: versioning guards against overwrites, but each version is billed.')
@minValue(1)
param deletePreviousVersionsAfterDays int

@description('Days deleted blobs and containers can be restored.')
@minValue(1)
@maxValue(365)
param softDeleteRetentionDays int

resource account 'Microsoft.Storage/storageAccounts@2024-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: skuName }
  properties: {
    accessTier: 'Hot'
    // No account keys and so no key-signed SAS: every caller, the app included, uses Microsoft Entra ID.
    // Share links are user delegation SAS, signed with a key the app's identity obtains.
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    // Public endpoint stays on: Flex Consumption without a virtual network, Event Grid and share-link users
    // reach the account over the internet; RBAC and SAS decide who may do what.
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2024-01-01' = {
  parent: account
  name: 'default'
  properties: {
    isVersioningEnabled: true
    deleteRetentionPolicy: { enabled: true, days: softDeleteRetentionDays }
    containerDeleteRetentionPolicy: { enabled: true, days: softDeleteRetentionDays }
    // Needed by the lifecycle rule below ("not read for N days").
    // https://learn.microsoft.com/azure/storage/blobs/lifecycle-management-policy-configure#optionally-enable-access-time-tracking
    lastAccessTimeTrackingPolicy: {
      enable: true
      name: 'AccessTimeTracking'
      trackingGranularityInDays: 1
      blobType: [ 'blockBlob' ]
    }
    cors: {
      corsRules: empty(corsAllowedOrigins) ? [] : [
        {
          allowedOrigins: corsAllowedOrigins
          allowedMethods: [ 'GET', 'HEAD', 'OPTIONS' ]
          allowedHeaders: [ '*' ]
          exposedHeaders: [ '*' ]
          maxAgeInSeconds: 3600
        }
      ]
    }
  }
}

resource instances 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' = {
  parent: blobService
  name: instancesContainerName
  properties: { publicAccess: 'None' }
}

resource deployment 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: { publicAccess: 'None' }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2024-01-01' = {
  parent: account
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2024-01-01' = [for table in tableNames: {
  parent: tableService
  name: table
}]

resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2024-01-01' = {
  parent: account
  name: 'default'
  dependsOn: [ blobService ] // the rule needs access-time tracking on first
  properties: {
    policy: {
      rules: [
        {
          name: 'instances-to-cool-when-unread'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [ 'blockBlob' ]
              prefixMatch: [ '${instancesContainerName}/' ]
            }
            actions: {
              baseBlob: {
                tierToCool: { daysAfterLastAccessTimeGreaterThan: coolAfterDaysWithoutRead }
              }
              // Versions exist only for overwritten or deleted instances (STOW never overwrites); without this
              // rule they would be billed forever.
              version: {
                delete: { daysAfterCreationGreaterThan: deletePreviousVersionsAfterDays }
              }
            }
          }
        }
      ]
    }
  }
}

output name string = account.name
output id string = account.id
output blobEndpoint string = account.properties.primaryEndpoints.blob
output tableEndpoint string = account.properties.primaryEndpoints.table
output queueEndpoint string = account.properties.primaryEndpoints.queue
output secondaryBlobEndpoint string = account.properties.secondaryEndpoints.blob
output deploymentContainerUrl string = '${account.properties.primaryEndpoints.blob}${deployment.name}'
output instancesContainerName string = instances.name
