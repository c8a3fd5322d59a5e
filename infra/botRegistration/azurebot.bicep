// The Azure Bot registration (single tenant) and its Microsoft Teams channel.

@maxLength(20)
@minLength(4)
param resourceBaseName string

@maxLength(42)
param botDisplayName string

param botServiceName string = resourceBaseName
param botServiceSku string = 'F0'

@description('UserAssignedMSI: the bot is the managed identity (no secret). SingleTenant: an Entra app of one tenant.')
@allowed([
  'UserAssignedMSI'
  'SingleTenant'
])
param botAppType string = 'UserAssignedMSI'

param botAppId string
param botAppTenantId string

@description('Resource id of the managed identity; only for UserAssignedMSI.')
param botAppMsiResourceId string = ''

@description('Host name that serves /api/messages.')
param botAppDomain string

resource botService 'Microsoft.BotService/botServices@2022-09-15' = {
  name: botServiceName
  kind: 'azurebot'
  location: 'global'
  sku: {
    name: botServiceSku
  }
  properties: {
    displayName: botDisplayName
    endpoint: 'https://${botAppDomain}/api/messages'
    msaAppType: botAppType
    msaAppId: botAppId
    msaAppTenantId: botAppTenantId
    msaAppMSIResourceId: botAppType == 'UserAssignedMSI' ? botAppMsiResourceId : null
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: botService
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
  }
}
