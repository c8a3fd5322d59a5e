/**
 * What a production server (NODE_ENV=production) needs. Production has no fallback:
 * no dev sign-in, no unauthenticated bot, no embedded storage. So a setting that is
 * missing would leave users locked out or the bot deaf; the server refuses to start
 * instead and names, in one message, every setting to fix.
 */

/** NODE_ENV=production is the one switch (infra/azure.bicep sets it). */
export const isProductionEnv = (env: NodeJS.ProcessEnv): boolean => env.NODE_ENV?.trim().toLowerCase() === "production";

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const botTypes = ["SingleTenant", "MultiTenant", "UserAssignedMsi"] as const;

const value = (env: NodeJS.ProcessEnv, name: string): string | undefined => env[name]?.trim() || undefined;

/** One line per problem, each naming the setting and what it is for; empty when all is set. */
export function productionSettingProblems(env: NodeJS.ProcessEnv): string[] {
  return [...entraProblems(env), ...botProblems(env), ...storageProblems(env)];
}

/** What the Entra token verifier needs: the tab's app id, its home tenant and its id URI (token audiences). */
function entraProblems(env: NodeJS.ProcessEnv): string[] {
  const problems: string[] = [];
  const clientId = value(env, "AAD_APP_CLIENT_ID");
  if (!clientId) problems.push("AAD_APP_CLIENT_ID is not set: the client id (a GUID) of the tab's Microsoft Entra app. Only sign-ins for this app are accepted.");
  else if (!guid.test(clientId)) problems.push(`AAD_APP_CLIENT_ID must be the Entra app's client id, a GUID (it is "${clientId}").`);
  const tenantId = value(env, "AAD_APP_TENANT_ID");
  if (!tenantId) problems.push("AAD_APP_TENANT_ID is not set: the id (a GUID) of the Microsoft Entra tenant that registered the app.");
  else if (!guid.test(tenantId)) problems.push(`AAD_APP_TENANT_ID must be a tenant id, a GUID (it is "${tenantId}").`);
  const idUri = value(env, "AAD_APP_ID_URI");
  if (!idUri) problems.push("AAD_APP_ID_URI is not set: the Entra app's application id URI, api://<tab domain>/<client id>.");
  else if (!/^api:\/\/[^/\s]+\/[^/\s]+$/.test(idUri) || (clientId && !idUri.toLowerCase().endsWith(`/${clientId.toLowerCase()}`))) {
    problems.push(`AAD_APP_ID_URI must be api://<tab domain>/<client id>${clientId ? `, ending in ${clientId}` : ""} (it is "${idUri}").`);
  }
  return problems;
}

/** What the Bot Framework adapter needs to authenticate activities (botbuilder's rules per app type). */
function botProblems(env: NodeJS.ProcessEnv): string[] {
  const problems: string[] = [];
  const botId = value(env, "BOT_ID");
  if (!botId) problems.push("BOT_ID is not set: the bot's app id (in Azure, the managed identity's client id). Without it the bot would accept messages from anyone.");
  else if (!guid.test(botId)) problems.push(`BOT_ID must be the bot's app id, a GUID (it is "${botId}").`);
  const rawType = value(env, "BOT_TYPE");
  const type = rawType ? botTypes.find((known) => known.toLowerCase() === rawType.toLowerCase()) : "SingleTenant";
  if (!type) {
    problems.push(`BOT_TYPE must be one of ${botTypes.join(", ")} (it is "${rawType}").`);
    return problems;
  }
  const password = value(env, "BOT_PASSWORD");
  const tenant = value(env, "BOT_TENANT_ID");
  if (type === "UserAssignedMsi") {
    if (password) problems.push("BOT_PASSWORD must not be set when BOT_TYPE is UserAssignedMsi: the bot signs in as its managed identity.");
  } else if (!password) {
    problems.push(
      `BOT_PASSWORD is not set: the bot app's client secret, needed with BOT_TYPE ${type}${rawType ? "" : " (the default)"}. In Azure, use BOT_TYPE=UserAssignedMsi with the managed identity instead.`,
    );
  }
  if (type !== "MultiTenant" && !tenant) problems.push(`BOT_TENANT_ID is not set: the tenant id of the bot's registration, needed with BOT_TYPE ${type}.`);
  return problems;
}

function storageProblems(env: NodeJS.ProcessEnv): string[] {
  const problems: string[] = [];
  const endpoint = value(env, "AZURE_TABLES_ENDPOINT");
  if (!value(env, "AZURE_TABLES_CONNECTION_STRING") && !endpoint) {
    problems.push(
      "AZURE_TABLES_ENDPOINT (reached with the managed identity) or AZURE_TABLES_CONNECTION_STRING is not set: production keeps its data in an Azure Storage account, never in the embedded development storage.",
    );
  } else if (endpoint && !/^https:\/\/\S+$/i.test(endpoint)) {
    problems.push(`AZURE_TABLES_ENDPOINT must be an https address such as https://<account>.table.core.windows.net/ (it is "${endpoint}").`);
  }
  if (env.CRM_IN_MEMORY_STORAGE === "1") problems.push("CRM_IN_MEMORY_STORAGE=1 keeps data in memory only (for tests): remove it in production.");
  return problems;
}
