// Azure resources for one environment of the CRM (teamsapp.yml, arm/deploy):
// App Service on Linux (Node 22 LTS) running the one server (tab, API, bot),
// health-checked on /api/health, with basic-auth publishing off; Application
// Insights (workspace-based) receiving the server's OpenTelemetry traces; a storage
// account reached only through the app's user-assigned managed identity (shared
// keys off); the single-tenant Azure Bot with its Teams channel, whose identity is
// that same managed identity. No secret exists: the bot is the identity, and the
// Entra app trusts the identity as a federated credential (teamsapp.yml adds it).

@maxLength(20)
@minLength(4)
@description('Prefix of every resource name; teamsapp.yml makes it unique per environment.')
param resourceBaseName string

@description('App Service plan size; B1 or above (Always On).')
param webAppSku string = 'B1'

@maxLength(42)
param botDisplayName string

@description('Client id of the Entra app behind tab SSO (aadApp/create).')
param aadAppClientId string

@description('Tenant of that Entra app.')
param aadAppTenantId string

@description('Entra ID host, e.g. https://login.microsoftonline.com.')
param aadAppOauthAuthorityHost string = 'https://login.microsoftonline.com'

@description('Optional comma-separated tenant ids allowed to call the API; empty allows the Entra app\'s own audience.')
param allowedTenants string = ''

@description('Minutes a multi-factor sign-in stays recent enough for sensitive actions (role grants, audit log); see docs/governance.md.')
param stepUpMaxAgeMinutes string = '15'

@description('Optional Conditional Access authentication context (c1..c99) whose policy requires MFA; v2.0 tokens prove the step-up with it in acrs.')
param stepUpAuthContext string = ''

param location string = resourceGroup().location

var storageTableDataContributorRoleId = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: resourceBaseName
  location: location
}

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: resourceBaseName
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: resourceBaseName
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
  }
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: 'st${uniqueString(resourceGroup().id, resourceBaseName)}'
  location: location
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
  }
}

resource tableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, storageTableDataContributorRoleId)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageTableDataContributorRoleId)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource serverfarm 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: resourceBaseName
  location: location
  kind: 'linux'
  sku: {
    name: webAppSku
  }
  properties: {
    reserved: true
  }
}

resource webApp 'Microsoft.Web/sites@2024-04-01' = {
  name: resourceBaseName
  location: location
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: serverfarm.id
    httpsOnly: true
    siteConfig: {
      linuxFxVersion: 'NODE|22-lts'
      appCommandLine: 'node server/dist/main.js'
      // App Service takes an instance that fails this out of the load balancer.
      healthCheckPath: '/api/health'
      alwaysOn: true
      http20Enabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
  }
}

// Publishing with a user name and password is off: deploys authenticate with Entra.
resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: webApp
  name: 'scm'
  properties: {
    allow: false
  }
}

resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: webApp
  name: 'ftp'
  properties: {
    allow: false
  }
}

// A child resource, so that the settings can name the site's own host name.
resource webAppSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: webApp
  name: 'appsettings'
  properties: {
    WEBSITE_RUN_FROM_PACKAGE: '1'
    SCM_DO_BUILD_DURING_DEPLOYMENT: 'false'
    NODE_ENV: 'production'
    // App Service forwards to the container's PORT on its own address, not loopback.
    HOST: '0.0.0.0'
    AZURE_TABLES_ENDPOINT: storage.properties.primaryEndpoints.table
    AZURE_CLIENT_ID: identity.properties.clientId
    AAD_APP_CLIENT_ID: aadAppClientId
    // The app's token requests are signed with the managed identity (AZURE_CLIENT_ID).
    AAD_APP_CREDENTIAL: 'managed-identity'
    AAD_APP_TENANT_ID: aadAppTenantId
    AAD_APP_ID_URI: 'api://${webApp.properties.defaultHostName}/${aadAppClientId}'
    AAD_APP_OAUTH_AUTHORITY_HOST: aadAppOauthAuthorityHost
    BOT_ID: identity.properties.clientId
    BOT_TENANT_ID: identity.properties.tenantId
    BOT_TYPE: 'UserAssignedMsi'
    ALLOWED_TENANTS: allowedTenants
    STEP_UP_MAX_AGE_MINUTES: stepUpMaxAgeMinutes
    STEP_UP_AUTH_CONTEXT: stepUpAuthContext
    APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
  }
  dependsOn: [
    tableDataContributor
  ]
}

module azureBotRegistration './botRegistration/azurebot.bicep' = {
  name: 'Azure-Bot-registration'
  params: {
    resourceBaseName: resourceBaseName
    botDisplayName: botDisplayName
    botAppType: 'UserAssignedMSI'
    botAppId: identity.properties.clientId
    botAppTenantId: identity.properties.tenantId
    botAppMsiResourceId: identity.id
    botAppDomain: webApp.properties.defaultHostName
  }
}

// Written to env/.env.<name> by arm/deploy, under these names.
output AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id
output TAB_DOMAIN string = webApp.properties.defaultHostName
output TAB_ENDPOINT string = 'https://${webApp.properties.defaultHostName}'
output BOT_DOMAIN string = webApp.properties.defaultHostName
output BOT_ENDPOINT string = 'https://${webApp.properties.defaultHostName}'
output BOT_ID string = identity.properties.clientId
output BOT_TENANT_ID string = identity.properties.tenantId
output AZURE_CLIENT_ID string = identity.properties.clientId
output AZURE_IDENTITY_PRINCIPAL_ID string = identity.properties.principalId
output AZURE_TABLES_ENDPOINT string = storage.properties.primaryEndpoints.table
output AAD_APP_ID_URI string = 'api://${webApp.properties.defaultHostName}/${aadAppClientId}'
