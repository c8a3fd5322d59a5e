/**
 * Provision step (teamsapp.yml): makes the web app's user-assigned managed identity a
 * federated credential of the CRM's Entra app, so the server signs its msal-node
 * requests (on-behalf-of, client credentials) with a managed-identity token instead
 * of a client secret. Runs the Azure CLI, signed in to the app's tenant; a second
 * run finds the credential and changes nothing.
 *
 *   node scripts/federated-credential.mjs <app object id> <tenant id> <identity principal id> [authority host]
 */
import { execFileSync } from "node:child_process";
import { pathToFileURL } from "node:url";

const federatedCredentialName = "crm-web-app-managed-identity";

/** The credential Entra expects for a managed identity of the same tenant. */
function federatedCredential({ tenantId, principalId, authorityHost = "https://login.microsoftonline.com" }) {
  return {
    name: federatedCredentialName,
    issuer: `${new URL(authorityHost).origin}/${tenantId}/v2.0`,
    subject: principalId,
    audiences: ["api://AzureADTokenExchange"],
    description: "The CRM web app's managed identity signs the app's token requests; no client secret exists.",
  };
}

const az = (args) => execFileSync("az", args, { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });

function main([objectId, tenantId, principalId, authorityHost]) {
  const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  for (const [name, value] of Object.entries({ objectId, tenantId, principalId })) {
    if (!guid.test(value ?? "")) {
      console.error(`${name} is missing or not a GUID; provision the Entra app and the Azure resources first.`);
      process.exit(2);
    }
  }
  const wanted = federatedCredential({ tenantId, principalId, ...(authorityHost ? { authorityHost } : {}) });
  const existing = JSON.parse(az(["ad", "app", "federated-credential", "list", "--id", objectId, "--output", "json"]));
  const same = existing.find((credential) => credential.issuer === wanted.issuer && credential.subject === wanted.subject);
  if (same) {
    console.log(`The managed identity is already a credential of the Entra app (${same.name}).`);
    return;
  }
  const stale = existing.find((credential) => credential.name === wanted.name);
  if (stale) az(["ad", "app", "federated-credential", "delete", "--id", objectId, "--federated-credential-id", stale.id ?? stale.name]);
  az(["ad", "app", "federated-credential", "create", "--id", objectId, "--parameters", JSON.stringify(wanted), "--output", "none"]);
  console.log("The managed identity is now the Entra app's credential; no client secret is needed.");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) main(process.argv.slice(2));
