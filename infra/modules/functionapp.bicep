// The function app: a Flex Consumption plan (scales to zero, per-second billing), the site, and the user-assigned
// managed identity it uses for everything (storage, the deployment package, Event Grid, Application Insights).
// https://learn.microsoft.com/azure/azure-functions/flex-consumption-plan
@description('Azure region of the resources.')
param location string

@description('Tags for the plan and identity; the site adds azd-service-name.')
param tags object

@description('Name of the function app (its host name is <name>.azurewebsites.net).')
param name string

@description('Name of the Flex Consumption plan.')
param planName string

@description('Name of the user-assigned managed identity.')
param identityName string

@description('The azd service this app deploys (azure.yaml services key).')
param azdServiceName string

@description('Primary blob endpoint (https://<account>.blob.core.windows.net/).')
param blobEndpoint string

@description('Table endpoint.')
param tableEndpoint string

@description('Queue endpoint (the blob trigger extension and the host use queues).')
param queueEndpoint string

@description('Read-only secondary blob endpoint in the paired region (RA-GZRS/RA-GRS); GET/HEAD retries go there.')
param secondaryBlobEndpoint string

@description('URL of the blob container that holds the deployment package.')
param deploymentContainerUrl string

@description('Container of the instances (Archive__InstancesContainer).')
param instancesContainerName string

@description('Prefix of the index tables (Archive__TablePrefix).')
param tablePrefix string

@description('Endpoint of the custom topic for the archive\'s own events.')
param archiveTopicEndpoint string

@description('Application Insights connection string (not a secret with local auth off: only Entra-authenticated telemetry is accepted).')
param appInsightsConnectionString string

@description('Largest request body, in bytes, for both the Functions host and the worker\'s Kestrel (STOW-RS uploads).')
param maxRequestBodyBytes int

@description('Most instances the plan scales out to (Flex Consumption accepts 40 to 1000).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int

@description('Memory per instance, in MB.')
@allowed([ 512, 2048, 4096 ])
param instanceMemoryMB int

@description('Origins allowed to call the DICOMweb API from a browser (viewers).')
param corsAllowedOrigins string[]

@description('Client id of a Microsoft Entra app registration; when set, App Service authentication requires an Entra token for the whole app.')
param entraClientId string

@description('Tenant of that app registration.')
param entraTenantId string

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: identityName
  location: location
  tags: tags
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true // Linux: Flex Consumption runs only on Linux
  }
}

// Identity-based connections only: <connection>__credential/__clientId/__<service>ServiceUri; no connection string,
// no key. ArchiveStorage is read by our code (ArchiveStorageOptions) and by the blob trigger extension (queue too);
// AzureWebJobsStorage is the host's own state. Flex Consumption rejects FUNCTIONS_WORKER_RUNTIME and
// FUNCTIONS_EXTENSION_VERSION (functionAppConfig.runtime replaces them).
// https://learn.microsoft.com/azure/azure-functions/functions-reference#configure-an-identity-based-connection
var appSettings = {
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identity.properties.clientId
  AzureWebJobsStorage__blobServiceUri: blobEndpoint
  AzureWebJobsStorage__queueServiceUri: queueEndpoint
  AzureWebJobsStorage__tableServiceUri: tableEndpoint
  ArchiveStorage__credential: 'managedidentity'
  ArchiveStorage__clientId: identity.properties.clientId
  ArchiveStorage__blobServiceUri: blobEndpoint
  ArchiveStorage__queueServiceUri: queueEndpoint
  ArchiveStorage__tableServiceUri: tableEndpoint
  ArchiveStorage__secondaryBlobServiceUri: secondaryBlobEndpoint
  // RetrieveURL, BulkDataURI and STOW's answers are absolute URLs. Behind the App Service front end (TLS ends there)
  // and the Functions host's proxy to the worker, the worker's request may carry http or a local host instead of
  // https://<app>.azurewebsites.net, so the base URL is stated rather than taken from each request (a custom domain
  // replaces this setting).
  Archive__PublicBaseUrl: 'https://${site.properties.defaultHostName}'
  Archive__InstancesContainer: instancesContainerName
  Archive__TablePrefix: tablePrefix
  Archive__EventTopicEndpoint: archiveTopicEndpoint
  Archive__MaxRequestBodyBytes: string(maxRequestBodyBytes)
  // The host's limit (default 100 MB; over it the host answers 500). The worker's Kestrel gets the same number above.
  FUNCTIONS_REQUEST_BODY_SIZE_LIMIT: string(maxRequestBodyBytes)
  APPLICATIONINSIGHTS_CONNECTION_STRING: appInsightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identity.properties.clientId};Authorization=AAD'
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': azdServiceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identity.id}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    publicNetworkAccess: 'Enabled'
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      cors: {
        allowedOrigins: corsAllowedOrigins
        supportCredentials: false
      }
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
    }
  }
}

resource settings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: site
  name: 'appsettings'
  properties: appSettings
}

// No FTP or basic-auth deployment: azd deploys with a Microsoft Entra token.
resource ftp 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'ftp'
  properties: { allow: false }
}

resource scm 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'scm'
  properties: { allow: false }
}

// Optional: Microsoft Entra ID in front of the whole app (App Service authentication). Unauthenticated calls get 401.
// The blob trigger's webhook is excluded: Event Grid cannot present an Entra token to it, and it is protected by the
// blobs_extension system key instead. https://learn.microsoft.com/azure/app-service/configure-authentication-provider-aad
resource auth 'Microsoft.Web/sites/config@2024-04-01' = if (!empty(entraClientId)) {
  parent: site
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
      runtimeVersion: '~1'
    }
    globalValidation: {
      requireAuthentication: true
      unauthenticatedClientAction: 'Return401'
      excludedPaths: [ '/runtime/webhooks/blobs' ]
    }
    httpSettings: {
      requireHttps: true
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: entraClientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${entraTenantId}/v2.0'
        }
        validation: {
          allowedAudiences: [ 'api://${entraClientId}', entraClientId ]
        }
      }
    }
    login: {
      tokenStore: { enabled: false }
    }
  }
}

output name string = site.name
output defaultHostName string = site.properties.defaultHostName
output identityPrincipalId string = identity.properties.principalId
output identityClientId string = identity.properties.clientId
