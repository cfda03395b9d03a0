// Log Analytics + workspace-based Application Insights: the function app's requests, traces and failures.
@description('Azure region of the resources.')
param location string

@description('Tags for every resource.')
param tags object

@description('Name of the Log Analytics workspace.')
param workspaceName string

@description('Name of the Application Insights component.')
param appInsightsName string

@description('Days Log Analytics keeps data; 30 is within the free retention, so idle costs nothing.')
param retentionInDays int = 30

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: workspaceName
  location: location
  tags: tags
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: retentionInDays
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    // Only Microsoft Entra-authenticated telemetry is accepted: the connection string alone cannot write to it.
    // The app authenticates with its managed identity (APPLICATIONINSIGHTS_AUTHENTICATION_STRING).
    // https://learn.microsoft.com/azure/azure-monitor/app/azure-ad-authentication
    DisableLocalAuth: true
  }
}

output appInsightsName string = appInsights.name
output connectionString string = appInsights.properties.ConnectionString
