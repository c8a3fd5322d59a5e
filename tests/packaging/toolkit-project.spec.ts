// No Bicep compiler can be installed from the registries this project uses, so
// the infrastructure is checked by what the toolkit relies on: every parameter
// that teamsapp.yml passes exists in the Bicep, every value it reads later is
// an output or was written by an earlier step, and the yml files match the
// toolkit's own schema for their declared version (fixtures/teamsapp-yaml-v1.13.schema.json,
// copied from @microsoft/m365agentstoolkit-cli 1.1.17, MIT licence: the newest it ships).
// The resource types and API versions are held against a list kept by hand (below).
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import { parse as parseYaml } from "yaml";
import { describe, expect, it } from "vitest";
import { parseEnvFile, repoRoot } from "../../scripts/package.mjs";

interface Action {
  uses: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  writeToEnvironmentFile?: Record<string, string>;
}
interface ProjectFile {
  version: string;
  provision: Action[];
  deploy: Action[];
  publish?: Action[];
}

const read = (path: string) => readFileSync(join(repoRoot, path), "utf8");
const placeholdersIn = (text: string) => new Set([...text.matchAll(/\$\{\{\s*(\w+)\s*\}\}/g)].map((match) => match[1] as string));
const projectFile = (path: string) => parseYaml(read(path)) as ProjectFile;

/** `param name type` and `output NAME type` declarations, with whether a param has a default. */
function bicepDeclarations(path: string) {
  const text = read(path);
  const params = new Map<string, { hasDefault: boolean }>();
  for (const match of text.matchAll(/^param (\w+) \w+( =.*)?$/gm)) params.set(match[1] as string, { hasDefault: Boolean(match[2]) });
  const outputs = new Set([...text.matchAll(/^output (\w+) /gm)].map((match) => match[1] as string));
  return { text, params, outputs };
}

/** The keys of a `params: { ... }` block of a module call in azure.bicep. */
function moduleArguments(bicepText: string, modulePath: string): string[] {
  const start = bicepText.indexOf(`'${modulePath}'`);
  const block = /params: \{\n([\s\S]*?)\n {2}\}/.exec(bicepText.slice(start));
  return [...(block?.[1] ?? "").matchAll(/^\s+(\w+):/gm)].map((match) => match[1] as string);
}

// aadApp/update makes up the access_as_user scope's id when the variable is empty.
const generatedScopeId = "AAD_APP_ACCESS_AS_USER_PERMISSION_ID";

/** Names that an action makes available to the actions after it. */
function producedBy(action: Action): string[] {
  const written = Object.values(action.writeToEnvironmentFile ?? {});
  if (action.uses === "arm/deploy") {
    const templates = (action.with?.templates ?? []) as { path: string }[];
    return [...written, ...templates.flatMap((template) => [...bicepDeclarations(template.path).outputs])];
  }
  if (action.uses === "script") {
    return [...written, ...[...String(action.with?.run).matchAll(/::set-teamsfx-env (\w+)=/g)].map((match) => match[1] as string)];
  }
  if (action.uses === "aadApp/update") return [...written, generatedScopeId];
  return written;
}

/** Placeholders an action needs, including those of the files it reads. */
function neededBy(action: Action): Set<string> {
  const needed = placeholdersIn(JSON.stringify({ with: action.with, env: action.env }));
  const withFile = (path: unknown) => {
    if (typeof path === "string" && /\.json$/.test(path)) for (const name of placeholdersIn(read(path))) needed.add(name);
  };
  withFile(action.with?.manifestPath);
  for (const template of (action.with?.templates ?? []) as { parameters?: string }[]) withFile(template.parameters);
  if (action.uses === "aadApp/update") needed.delete(generatedScopeId);
  return needed;
}

/**
 * Walks the stages in order and reports every placeholder used before anything
 * sets it. `given` are values a person provides or the toolkit asks for.
 */
function unsetPlaceholders(file: ProjectFile, given: string[]): string[] {
  const known = new Set(["TEAMSFX_ENV", "AZURE_SUBSCRIPTION_ID", "AZURE_RESOURCE_GROUP_NAME", ...given]);
  const problems: string[] = [];
  for (const stage of ["provision", "deploy", "publish"] as const) {
    for (const action of file[stage] ?? []) {
      for (const name of neededBy(action)) if (!known.has(name)) problems.push(`${stage} ${action.uses}: ${name}`);
      for (const name of producedBy(action)) known.add(name);
    }
  }
  return problems;
}

const committedEnv = (name: string) => parseEnvFile(read(`env/.env.${name}`));
const setIn = (env: Record<string, string>) => Object.keys(env).filter((key) => env[key] !== "");

const schemaVersion = "v1.13";

describe("teamsapp.yml, teamsapp.local.yml and teamsapp.testtool.yml", () => {
  const ajv = new Ajv({ allowUnionTypes: true, strict: false });
  ajv.addKeyword("deprecationMessage");
  const validate = ajv.compile(JSON.parse(read(`tests/packaging/fixtures/teamsapp-yaml-${schemaVersion}.schema.json`)) as object);

  it.each(["teamsapp.yml", "teamsapp.local.yml", "teamsapp.testtool.yml"])(`%s declares and matches the toolkit's ${schemaVersion} schema`, (path) => {
    expect(projectFile(path).version).toBe(schemaVersion);
    expect(read(path).split("\n")[0]).toBe(`# yaml-language-server: $schema=https://aka.ms/m365-agents-toolkits/${schemaVersion}/yaml.schema.json`);
    const valid = validate(projectFile(path));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it("fails the schema check on an action the toolkit does not know (the check itself can fail)", () => {
    const file = projectFile("teamsapp.yml");
    file.provision.push({ uses: "aadApp/createSecretless" });
    expect(validate(file)).toBe(false);
  });

  it("creates the Entra app without a secret in Azure, and trusts the managed identity once it exists", () => {
    const provision = projectFile("teamsapp.yml").provision;
    const create = provision.find((action) => action.uses === "aadApp/create");
    expect(create?.with?.generateClientSecret).toBe(false);
    expect(Object.values(create?.writeToEnvironmentFile ?? {}).some((name) => name.startsWith("SECRET_"))).toBe(false);
    const trust = provision.findIndex((action) => action.uses === "script" && String(action.with?.run).includes("scripts/federated-credential.mjs"));
    expect(trust).toBeGreaterThan(provision.findIndex((action) => action.uses === "arm/deploy"));
    expect(read("teamsapp.yml")).not.toMatch(/CLIENT_SECRET/);
  });

  it("gives the playground environment its own file, build steps and env file", () => {
    expect(projectFile("teamsapp.testtool.yml").deploy.map((action) => action.with?.args)).toEqual(["ci --no-audit --no-fund", "run build"]);
    expect(committedEnv("playground").TEAMSFX_ENV).toBe("playground");
  });

  it("provisions everything a real deployment needs, in a workable order", () => {
    const steps = projectFile("teamsapp.yml").provision.map((action) => action.uses);
    const order = ["teamsApp/create", "aadApp/create", "arm/deploy", "aadApp/update", "teamsApp/validateManifest", "teamsApp/zipAppPackage", "teamsApp/update"];
    const positions = order.map((step) => steps.indexOf(step));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it("deploys by building and zip-deploying to the App Service, and publishes the package", () => {
    const file = projectFile("teamsapp.yml");
    expect(file.deploy.map((action) => action.uses)).toEqual(["cli/runNpmCommand", "cli/runNpmCommand", "azureAppService/zipDeploy"]);
    expect(file.deploy[1]?.with?.args).toBe("run build");
    expect(file.publish?.map((action) => action.uses)).toContain("teamsApp/publishAppPackage");
  });

  it("locally registers its own bot app and a bot for the tunnel", () => {
    const steps = projectFile("teamsapp.local.yml").provision.map((action) => action.uses);
    expect(steps).toEqual(expect.arrayContaining(["botAadApp/create", "botFramework/create", "aadApp/update"]));
  });

  it("never reads a value in teamsapp.yml before provision, env/.env.dev or the person sets it", () => {
    const given = [...setIn(committedEnv("dev")), "ALLOWED_TENANTS", "RESOURCE_SUFFIX"];
    expect(unsetPlaceholders(projectFile("teamsapp.yml"), given)).toEqual([]);
  });

  it("never reads a value in teamsapp.local.yml before provision, env/.env.local or the tunnel sets it", () => {
    const given = [...setIn(committedEnv("local")), "ALLOWED_TENANTS", "BOT_ENDPOINT", "BOT_DOMAIN"];
    expect(unsetPlaceholders(projectFile("teamsapp.local.yml"), given)).toEqual([]);
  });

  it("catches a step moved before what it needs (the check itself can fail)", () => {
    const file = projectFile("teamsapp.yml");
    const update = file.provision.findIndex((action) => action.uses === "aadApp/update");
    const [moved] = file.provision.splice(update, 1);
    file.provision.unshift(moved as Action);
    expect(unsetPlaceholders(file, setIn(committedEnv("dev")))).toContain("provision aadApp/update: TAB_DOMAIN");
  });
});

describe("infra/azure.bicep", () => {
  const main = bicepDeclarations("infra/azure.bicep");
  const bot = bicepDeclarations("infra/botRegistration/azurebot.bicep");
  const parameters = (JSON.parse(read("infra/azure.parameters.json")) as { parameters: Record<string, unknown> }).parameters;

  it("declares every parameter of azure.parameters.json, and gets every required one from it", () => {
    expect(Object.keys(parameters).filter((name) => !main.params.has(name))).toEqual([]);
    const required = [...main.params].filter(([, param]) => !param.hasDefault).map(([name]) => name);
    expect(required.filter((name) => !(name in parameters))).toEqual([]);
  });

  it("passes the bot module exactly the parameters it declares", () => {
    const passed = moduleArguments(main.text, "./botRegistration/azurebot.bicep");
    expect(passed.filter((name) => !bot.params.has(name))).toEqual([]);
    const required = [...bot.params].filter(([, param]) => !param.hasDefault).map(([name]) => name);
    expect(required.filter((name) => !passed.includes(name))).toEqual([]);
  });

  it("outputs what deploy and the app package read", () => {
    for (const name of ["AZURE_APP_SERVICE_RESOURCE_ID", "TAB_DOMAIN", "BOT_ID", "BOT_DOMAIN", "AZURE_TABLES_ENDPOINT"]) {
      expect(main.outputs).toContain(name);
    }
  });

  it("gives the App Service every setting the server reads", () => {
    const settings = /name: 'appsettings'\n\s+properties: \{\n([\s\S]*?)\n {2}\}/.exec(main.text)?.[1] ?? "";
    const names = [...settings.matchAll(/^\s+(\w+):/gm)].map((match) => match[1]);
    expect(names).toEqual(
      expect.arrayContaining([
        "AZURE_TABLES_ENDPOINT",
        "AZURE_CLIENT_ID",
        "AAD_APP_CLIENT_ID",
        "AAD_APP_CREDENTIAL",
        "AAD_APP_TENANT_ID",
        "AAD_APP_ID_URI",
        "BOT_ID",
        "BOT_TENANT_ID",
        "BOT_TYPE",
        "NODE_ENV",
        "ALLOWED_TENANTS",
      ]),
    );
  });

  it("keeps the storage account keyless and TLS 1.2, reached through the identity's table role", () => {
    expect(main.text).toMatch(/allowSharedKeyAccess: false/);
    expect(main.text).toMatch(/minimumTlsVersion: 'TLS1_2'/);
    expect(main.text).toContain("0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3");
  });

  it("runs Node 22 LTS, health-checked on /api/health, with basic-auth publishing off", () => {
    expect(main.text).toMatch(/linuxFxVersion: 'NODE\|22-lts'/);
    expect(main.text).toMatch(/healthCheckPath: '\/api\/health'/);
    for (const name of ["scm", "ftp"]) {
      expect(main.text).toMatch(new RegExp(`basicPublishingCredentialsPolicies@[\\d-]+' = \\{\\n\\s+parent: webApp\\n\\s+name: '${name}'\\n\\s+properties: \\{\\n\\s+allow: false`));
    }
  });

  it("holds no secret: no secure parameter, the Entra app signed for by the managed identity, Application Insights by its connection string", () => {
    expect(main.text).not.toMatch(/@secure\(\)/);
    expect(main.text).not.toMatch(/SECRET|PASSWORD/);
    expect(main.text).toMatch(/AAD_APP_CREDENTIAL: 'managed-identity'/);
    expect(main.text).toMatch(/AZURE_CLIENT_ID: identity\.properties\.clientId/);
    expect(main.text).toMatch(/APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights\.properties\.ConnectionString/);
    expect(main.text).toMatch(/WorkspaceResourceId: logs\.id/);
    expect(main.outputs).toContain("AZURE_IDENTITY_PRINCIPAL_ID");
  });

  // Kept by hand: each resource type the templates use, with the API version last
  // checked against Azure's published versions (reviewed 2026-12). Changing a version in
  // the Bicep means checking it and changing it here.
  const apiVersions: Record<string, string> = {
    "Microsoft.ManagedIdentity/userAssignedIdentities": "2023-01-31",
    "Microsoft.OperationalInsights/workspaces": "2023-09-01",
    "Microsoft.Insights/components": "2020-02-02",
    "Microsoft.Storage/storageAccounts": "2023-05-01",
    "Microsoft.Authorization/roleAssignments": "2022-04-01",
    "Microsoft.Web/serverfarms": "2024-04-01",
    "Microsoft.Web/sites": "2024-04-01",
    "Microsoft.Web/sites/basicPublishingCredentialsPolicies": "2024-04-01",
    "Microsoft.Web/sites/config": "2024-04-01",
    "Microsoft.BotService/botServices": "2022-09-15",
    "Microsoft.BotService/botServices/channels": "2022-09-15",
  };
  const resourcesIn = (text: string) => [...text.matchAll(/^resource \w+ '([\w./]+)@([\w-]+)'/gm)].map((match) => ({ type: match[1] as string, version: match[2] as string }));

  it("uses only resource types and API versions from the reviewed list", () => {
    const used = [...resourcesIn(main.text), ...resourcesIn(bot.text)];
    expect(used.length).toBeGreaterThanOrEqual(11);
    expect(used.filter((resource) => apiVersions[resource.type] !== resource.version)).toEqual([]);
  });

  it("catches a resource whose API version is not the reviewed one (the check itself can fail)", () => {
    const stale = resourcesIn(main.text.replace("Microsoft.Web/sites@2024-04-01", "Microsoft.Web/sites@2018-11-01"));
    expect(stale.filter((resource) => apiVersions[resource.type] !== resource.version)).toEqual([{ type: "Microsoft.Web/sites", version: "2018-11-01" }]);
  });

  it("registers a single-tenant bot with the Teams channel", () => {
    expect(bot.text).toMatch(/msaAppType: botAppType/);
    expect(bot.text).not.toMatch(/MultiTenant/);
    expect(bot.text).toMatch(/channelName: 'MsTeamsChannel'/);
  });
});

describe("aad.manifest.json", () => {
  const manifest = JSON.parse(read("aad.manifest.json")) as {
    identifierUris: string[];
    oauth2Permissions: { value: string; id: string }[];
    accessTokenAcceptedVersion: number;
    signInAudience: string;
    optionalClaims: { accessToken: { name: string }[] };
  };

  it("exposes access_as_user on api://<tab domain>/<client id>, with v2 tokens", () => {
    expect(manifest.identifierUris).toEqual(["api://${{TAB_DOMAIN}}/${{AAD_APP_CLIENT_ID}}"]);
    expect(manifest.oauth2Permissions.map((permission) => permission.value)).toEqual(["access_as_user"]);
    expect(manifest.accessTokenAcceptedVersion).toBe(2);
  });

  it("puts auth_time and acrs in access tokens: v2.0 tokens carry no amr, so step-up sign-in reads these", () => {
    expect(manifest.optionalClaims.accessToken.map((claim) => claim.name)).toEqual(expect.arrayContaining(["auth_time", "acrs"]));
  });

  it("has the audience that aadApp/create asks for", () => {
    for (const path of ["teamsapp.yml", "teamsapp.local.yml"]) {
      const create = projectFile(path).provision.find((action) => action.uses === "aadApp/create");
      expect(create?.with?.signInAudience).toBe(manifest.signInAudience);
    }
  });
});

describe("env files", () => {
  it.each(["dev", "local", "playground"])("env/.env.%s is committed without secrets", (name) => {
    const env = committedEnv(name);
    expect(Object.keys(env).filter((key) => key.startsWith("SECRET_"))).toEqual([]);
    expect(env.TEAMSFX_ENV).toBe(name);
  });

  it("keeps the .user files, where the toolkit writes secrets, out of git", () => {
    const ignored = execFileSync("git", ["check-ignore", "env/.env.dev.user", "env/.env.local.server.user"], { cwd: repoRoot, encoding: "utf8" });
    expect(ignored.trim().split("\n")).toEqual(["env/.env.dev.user", "env/.env.local.server.user"]);
  });
});

describe(".vscode (F5 with the Agents Toolkit)", () => {
  // VS Code's JSON with comments: every comment here is a whole line.
  const jsonc = (path: string) => JSON.parse(read(path).replace(/^\s*\/\/.*$/gm, "")) as Record<string, unknown>;
  const launch = jsonc(".vscode/launch.json") as { configurations: { name: string }[]; compounds: { name: string; configurations: string[]; preLaunchTask: string }[] };
  const tasks = (jsonc(".vscode/tasks.json") as { tasks: { label: string; type?: string; command?: string; dependsOn?: string[]; args?: { env?: string } }[] }).tasks;
  const labels = new Set(tasks.map((task) => task.label));

  it("offers Teams and the playground, each compound naming configurations and tasks that exist", () => {
    expect(launch.compounds.map((compound) => compound.name)).toEqual(expect.arrayContaining(["Debug in Teams (Edge)", "Debug in Microsoft 365 Agents Playground"]));
    const configurations = new Set(launch.configurations.map((configuration) => configuration.name));
    for (const compound of launch.compounds) {
      expect(compound.configurations.filter((name) => !configurations.has(name))).toEqual([]);
      expect(labels.has(compound.preLaunchTask)).toBe(true);
    }
    expect(tasks.flatMap((task) => task.dependsOn ?? []).filter((label) => !labels.has(label))).toEqual([]);
  });

  it("runs prerequisites, the dev tunnel, provision and deploy of the local environment, then the server", () => {
    const local = tasks.find((task) => task.label === "Start App Locally")?.dependsOn ?? [];
    const steps = local.map((label) => tasks.find((task) => task.label === label));
    expect(steps.map((task) => task?.command)).toEqual(["debug-check-prerequisites", "debug-start-local-tunnel", "provision", "deploy", expect.stringContaining("server/dist/main.js")]);
    expect(steps.filter((task) => task?.type === "teamsfx" && task.args?.env).map((task) => task?.args?.env)).toEqual(["local", "local", "local"]);
  });
});
