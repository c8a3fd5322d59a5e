import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { unzipSync } from "fflate";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PackagingError, buildAppPackage, fillPlaceholders, parseEnvFile, repoRoot, validateManifest } from "../../scripts/package.mjs";

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const testEnv = {
  TEAMS_APP_ID: "0b3d5f7a-9c1e-4a2b-8d4f-6e8a0c2e4a6b",
  BOT_ID: "1c4e6a8b-0d2f-4b3c-9e5a-7f9b1d3f5b7c",
  AAD_APP_CLIENT_ID: "2d5f7b9c-1e3a-4c4d-8f6b-8a0c2e4a6c8d",
  TAB_DOMAIN: "crm-test.azurewebsites.net",
  APP_NAME_SUFFIX: "-test",
};

interface Manifest {
  $schema: string;
  manifestVersion: string;
  id: string;
  icons: { color: string; outline: string };
  staticTabs: { entityId: string; contentUrl?: string; websiteUrl?: string; scopes: string[] }[];
  configurableTabs: { configurationUrl: string; scopes: string[] }[];
  bots: { botId: string; scopes: string[]; commandLists: { scopes: string[]; commands: { title: string }[] }[] }[];
  validDomains: string[];
  webApplicationInfo: { id: string; resource: string };
  developer: Record<string, string>;
}

const manifestTemplate = readFileSync(join(repoRoot, "appPackage", "manifest.json"), "utf8");
const filledManifest = (values: Record<string, string> = testEnv): Manifest => JSON.parse(fillPlaceholders(manifestTemplate, values)) as Manifest;

/** A copy of the app package with its own env folder, so the repo's build/ stays untouched. */
let workRoot: string;
beforeAll(() => {
  workRoot = mkdtempSync(join(tmpdir(), "crm-package-"));
  cpSync(join(repoRoot, "appPackage"), join(workRoot, "appPackage"), { recursive: true });
  mkdirSync(join(workRoot, "env"));
  const lines = Object.entries(testEnv).map(([key, value]) => `${key}=${value}`);
  writeFileSync(join(workRoot, "env", ".env.test"), `# test environment\n${lines.join("\n")}\n`);
});
afterAll(() => rmSync(workRoot, { recursive: true, force: true }));

describe("appPackage/manifest.json", () => {
  it("names the newest Teams schema that @microsoft/app-manifest ships, and validates against it offline", async () => {
    const manifest = filledManifest();
    const require = createRequire(import.meta.url);
    const schemas = join(dirname(require.resolve("@microsoft/app-manifest/package.json")), "build", "json-schemas", "teams");
    const shipped = readdirSync(schemas)
      .filter((name) => /^v1\.\d+$/.test(name))
      .map((name) => Number(name.slice("v1.".length)));
    expect(manifest.manifestVersion).toBe(`1.${Math.max(...shipped)}`);
    expect(manifest.$schema).toContain(`/v${manifest.manifestVersion}/`);
    expect(await validateManifest(manifest)).toEqual([]);
  });

  it("has a schema that catches mistakes (a bot id that is not a GUID)", async () => {
    const errors = await validateManifest(filledManifest({ ...testEnv, BOT_ID: "not-a-guid" }));
    expect(errors.join("\n")).toMatch(/\/bots\/0\/botId/);
  });

  it("uses exactly the placeholders provision fills", () => {
    const names = new Set([...manifestTemplate.matchAll(/\$\{\{(\w+)\}\}/g)].map((match) => match[1]));
    expect([...names].sort()).toEqual(["AAD_APP_CLIENT_ID", "APP_NAME_SUFFIX", "BOT_ID", "TAB_DOMAIN", "TEAMS_APP_ID"]);
  });

  it("has GUID ids once filled from an environment", () => {
    const manifest = filledManifest();
    expect(manifest.id).toMatch(guid);
    expect(manifest.bots[0]?.botId).toMatch(guid);
    expect(manifest.webApplicationInfo.id).toMatch(guid);
    expect(manifest.webApplicationInfo.resource).toBe(`api://${testEnv.TAB_DOMAIN}/${testEnv.AAD_APP_CLIENT_ID}`);
  });

  it("offers the personal tabs, the channel tab's configuration page and the bot in every scope", () => {
    const manifest = filledManifest();
    const pages = manifest.staticTabs.filter((tab) => tab.contentUrl).map((tab) => [tab.entityId, tab.contentUrl]);
    expect(pages).toEqual(["leads", "pipeline", "cases", "dashboard", "settings"].map((page) => [page, `https://${testEnv.TAB_DOMAIN}/index.html?clientId=${testEnv.AAD_APP_CLIENT_ID}#/${page}`]));
    // The client id lets the tab ask for consent when Teams' sign-in needs it (docs/tab.md).
    expect(manifest.configurableTabs[0]?.configurationUrl).toBe(`https://${testEnv.TAB_DOMAIN}/index.html?clientId=${testEnv.AAD_APP_CLIENT_ID}#/config`);
    const bot = manifest.bots[0];
    expect(bot?.scopes.sort()).toEqual(["groupChat", "personal", "team"]);
    expect(bot?.commandLists.flatMap((list) => list.commands.map((command) => command.title))).toEqual([
      "help",
      "my leads",
      "my opportunities",
      "my cases",
      "my tasks",
      "new lead",
      "find",
      "pipeline",
      "forecast",
      "my role",
      "request role",
      "my requests",
    ]);
  });

  it("lists every domain its URLs point to among validDomains", () => {
    const manifest = filledManifest();
    const urls = [
      ...manifest.staticTabs.flatMap((tab) => [tab.contentUrl, tab.websiteUrl]),
      ...manifest.configurableTabs.map((tab) => tab.configurationUrl),
      ...Object.values(manifest.developer).filter((value) => value.startsWith("https://")),
    ].filter((url): url is string => Boolean(url));
    for (const url of urls) expect(manifest.validDomains).toContain(new URL(url).host);
  });
});

describe("icons", () => {
  const read = (file: string) => PNG.sync.read(readFileSync(join(repoRoot, "appPackage", file)));

  it("exist where the manifest says", () => {
    const { icons } = filledManifest();
    for (const file of [icons.color, icons.outline]) expect(existsSync(join(repoRoot, "appPackage", file))).toBe(true);
  });

  it("color.png is 192x192 and not blank", () => {
    const color = read("color.png");
    expect([color.width, color.height]).toEqual([192, 192]);
    const distinct = new Set<number>();
    for (let at = 0; at < color.data.length; at += 4) distinct.add(color.data.readUInt32BE(at));
    expect(distinct.size).toBeGreaterThan(2);
  });

  it("outline.png is 32x32, white on a transparent background", () => {
    const outline = read("outline.png");
    expect([outline.width, outline.height]).toEqual([32, 32]);
    let opaque = 0;
    let transparent = 0;
    for (let at = 0; at < outline.data.length; at += 4) {
      const alpha = outline.data[at + 3] ?? 0;
      if (alpha === 0) transparent += 1;
      else expect([outline.data[at], outline.data[at + 1], outline.data[at + 2]]).toEqual([255, 255, 255]);
      if (alpha === 255) opaque += 1;
    }
    expect(outline.data[3]).toBe(0); // the top-left corner is background
    expect(transparent).toBeGreaterThan(32 * 32 * 0.5);
    expect(opaque).toBeGreaterThan(32);
  });
});

describe("npm run package", () => {
  it("writes build/appPackage/appPackage.<env>.zip with exactly the manifest and the two icons", async () => {
    const { zipPath } = await buildAppPackage("test", { root: workRoot, processEnv: {} });
    expect(zipPath).toBe(join(workRoot, "build", "appPackage", "appPackage.test.zip"));
    const entries = unzipSync(new Uint8Array(readFileSync(zipPath)));
    expect(Object.keys(entries).sort()).toEqual(["color.png", "manifest.json", "outline.png"]);
    const zipped = JSON.parse(Buffer.from(entries["manifest.json"] ?? []).toString("utf8")) as Manifest;
    expect(zipped.id).toBe(testEnv.TEAMS_APP_ID);
    expect(JSON.stringify(zipped)).not.toContain("${{");
    expect(Buffer.from(entries["outline.png"] ?? []).equals(readFileSync(join(repoRoot, "appPackage", "outline.png")))).toBe(true);
  });

  it("refuses to package while a placeholder has no value, naming it", () => {
    expect(() => fillPlaceholders(manifestTemplate, { ...testEnv, BOT_ID: "" })).toThrow(PackagingError);
    expect(() => fillPlaceholders(manifestTemplate, { TAB_DOMAIN: "x" })).toThrow(/AAD_APP_CLIENT_ID, APP_NAME_SUFFIX, BOT_ID, TEAMS_APP_ID/);
  });

  it("lets the .user file override the committed env file", async () => {
    writeFileSync(join(workRoot, "env", ".env.test.user"), `TAB_DOMAIN=override.example.test\n`);
    try {
      const { manifest } = await buildAppPackage("test", { root: workRoot, processEnv: {} });
      expect((manifest as unknown as Manifest).validDomains).toEqual(["override.example.test"]);
    } finally {
      rmSync(join(workRoot, "env", ".env.test.user"));
    }
  });

  it("reads dotenv files with comments and quotes", () => {
    expect(parseEnvFile(`# c\nA=1\nB="two words"\nC= three # note\n\nD=\n`)).toEqual({ A: "1", B: "two words", C: "three", D: "" });
  });

  it("exits 1 with a clear message for an environment that is not there", () => {
    const run = spawnSync(process.execPath, [join(repoRoot, "scripts", "package.mjs"), "--env", "no-such-env"], {
      encoding: "utf8",
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("env/.env.no-such-env does not exist");
  });
});
