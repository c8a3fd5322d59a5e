// Builds the Teams app package: `npm run package -- --env <name>`.
// Fills the ${{PLACEHOLDERS}} of appPackage/manifest.json from env/.env.<name>
// (then env/.env.<name>.user, then the process environment for names the
// files lack), validates the result offline against the manifest's JSON
// schema, and writes build/appPackage/appPackage.<name>.zip.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { AppManifestUtils } from "@microsoft/app-manifest";
import { zipSync } from "fflate";

export const repoRoot = fileURLToPath(new URL("../", import.meta.url));
const placeholderPattern = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
/** Placeholders that may legitimately be empty (a production app has no name suffix). */
const mayBeEmpty = new Set(["APP_NAME_SUFFIX"]);
// Fixed timestamps keep the zip byte-identical for identical input.
const zipEntryTime = new Date("2024-01-01T00:00:00Z");

export class PackagingError extends Error {
  name = "PackagingError";
}

/** Parses a dotenv file: KEY=VALUE lines, `#` comments, optional quotes. */
export function parseEnvFile(text) {
  const values = {};
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (!line || line.startsWith("#")) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!match) continue;
    const [, key, rawValue] = match;
    const quoted = /^(["'])(.*)\1$/.exec(rawValue);
    values[key] = quoted ? quoted[2] : rawValue.replace(/\s+#.*$/, "").trim();
  }
  return values;
}

/** The values for environment `envName`: the env file, overridden by its `.user` file. */
export function readEnvironment(envName, { root = repoRoot, processEnv = process.env } = {}) {
  if (!/^[A-Za-z0-9_-]+$/.test(envName)) throw new PackagingError(`"${envName}" is not a valid environment name.`);
  const envFile = join(root, "env", `.env.${envName}`);
  if (!existsSync(envFile)) {
    throw new PackagingError(`env/.env.${envName} does not exist. Create it (see env/.env.dev) or pick another --env.`);
  }
  const userFile = `${envFile}.user`;
  const fromFiles = {
    ...parseEnvFile(readFileSync(envFile, "utf8")),
    ...(existsSync(userFile) ? parseEnvFile(readFileSync(userFile, "utf8")) : {}),
  };
  const fromProcess = Object.fromEntries(Object.entries(processEnv).filter(([key]) => !(key in fromFiles)));
  return { TEAMSFX_ENV: envName, ...fromProcess, ...fromFiles };
}

/** Replaces every ${{NAME}} in a JSON text; refuses if any has no value. */
export function fillPlaceholders(jsonText, values, envName = "the environment") {
  const missing = new Set();
  const filled = jsonText.replace(placeholderPattern, (_, name) => {
    const value = values[name];
    if (value === undefined || (value === "" && !mayBeEmpty.has(name))) {
      missing.add(name);
      return "";
    }
    return JSON.stringify(value).slice(1, -1);
  });
  if (missing.size > 0) {
    const names = [...missing].sort().join(", ");
    throw new PackagingError(
      `The manifest needs values for ${names}, which ${envName} does not set. ` + `Run the provision step first (teamsapp provision --env <name>) or set them in env/.env.<name>.`,
    );
  }
  return filled;
}

/** The JSON schema that the manifest names in `$schema`, read from @microsoft/app-manifest: no download. */
export function localSchemaFor(manifest) {
  const match = /\/json-schemas\/teams\/(v[\w.]+)\/MicrosoftTeams\.schema\.json$/.exec(manifest.$schema ?? "");
  if (!match) throw new PackagingError(`The manifest's $schema (${manifest.$schema}) is not a Teams manifest schema.`);
  const require = createRequire(import.meta.url);
  const packageDir = dirname(require.resolve("@microsoft/app-manifest/package.json"));
  const schemaFile = join(packageDir, "build", "json-schemas", "teams", match[1], "MicrosoftTeams.schema.json");
  if (!existsSync(schemaFile)) {
    throw new PackagingError(`@microsoft/app-manifest does not ship the ${match[1]} schema; update it or lower manifestVersion.`);
  }
  return JSON.parse(readFileSync(schemaFile, "utf8"));
}

/** Schema errors of a filled manifest (empty when valid). */
export async function validateManifest(manifest) {
  return AppManifestUtils.validateAgainstSchema(manifest, localSchemaFor(manifest));
}

/** Fills, validates and zips the package for one environment; returns what it wrote. */
export async function buildAppPackage(envName, { root = repoRoot, processEnv = process.env, outDir } = {}) {
  const values = readEnvironment(envName, { root, processEnv });
  const packageDir = join(root, "appPackage");
  const manifestText = fillPlaceholders(readFileSync(join(packageDir, "manifest.json"), "utf8"), values, `env/.env.${envName}`);
  const manifest = JSON.parse(manifestText);
  const errors = await validateManifest(manifest);
  if (errors.length > 0) {
    throw new PackagingError(`The filled manifest does not match its schema:\n  ${errors.join("\n  ")}`);
  }
  const files = { "manifest.json": Buffer.from(manifestText) };
  for (const icon of [manifest.icons.color, manifest.icons.outline]) {
    const iconPath = join(packageDir, icon);
    if (!existsSync(iconPath)) throw new PackagingError(`The manifest names appPackage/${icon}, which does not exist.`);
    files[icon] = readFileSync(iconPath);
  }
  const zip = zipSync(Object.fromEntries(Object.entries(files).map(([name, data]) => [name, [new Uint8Array(data), { mtime: zipEntryTime }]])), { level: 9 });
  const targetDir = outDir ?? join(root, "build", "appPackage");
  mkdirSync(targetDir, { recursive: true });
  const zipPath = join(targetDir, `appPackage.${envName}.zip`);
  const manifestPath = join(targetDir, `manifest.${envName}.json`);
  writeFileSync(zipPath, zip);
  writeFileSync(manifestPath, manifestText);
  return { zipPath, manifestPath, manifest };
}

function envNameFromArgs(args) {
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index];
    if (arg === "--env") return args[index + 1];
    if (arg.startsWith("--env=")) return arg.slice("--env=".length);
  }
  return undefined;
}

async function main() {
  const envName = envNameFromArgs(process.argv.slice(2));
  if (!envName) {
    console.error("Usage: npm run package -- --env <name>   (reads env/.env.<name>)");
    process.exit(2);
  }
  try {
    const { zipPath } = await buildAppPackage(envName);
    console.log(`Wrote ${resolve(zipPath).slice(repoRoot.length)}`);
  } catch (error) {
    if (!(error instanceof PackagingError)) throw error;
    console.error(`Cannot package the app: ${error.message}`);
    process.exit(1);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await main();
}
