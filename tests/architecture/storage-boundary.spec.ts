/**
 * Table Storage only in shared/src/storage (and the bot's own storage/): no other file
 * imports @azure/data-tables, and workflows and services never hold the TableStore
 * (they use repositories, which build their own keys); only createServices, which
 * opens the repositories, takes it.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot, resolveSpecifier, sourceFiles, specifiersOf } from "./import-graph.js";

const imports = (file: string) => specifiersOf(readFileSync(path.join(repoRoot, file), "utf8"));

describe("the storage boundary", () => {
  it("@azure/data-tables is imported only under shared/src/storage and the bot's storage/", () => {
    const outsideStorage = sourceFiles(["shared/src", "bot/src", "server/src"]).filter((file) => !file.startsWith("shared/src/storage/") && !file.startsWith("bot/src/storage/"));
    expect(outsideStorage.filter((file) => imports(file).includes("@azure/data-tables"))).toEqual([]);
  });

  it("workflows and services reach tables only through repositories", () => {
    const files = sourceFiles(["shared/src/workflows", "shared/src/services"]).filter((file) => file !== "shared/src/services/create-services.ts");
    const holdingTheStore = files.filter((file) => imports(file).some((specifier) => resolveSpecifier(file, specifier) === "shared/src/storage/table-store.ts"));
    expect(holdingTheStore).toEqual([]);
  });

  it("CrmServices hands out services, not repositories or the change writer", () => {
    const text = readFileSync(path.join(repoRoot, "shared/src/services/create-services.ts"), "utf8");
    const body = /export interface CrmServices \{([^}]*)\}/.exec(text)?.[1] ?? "";
    const members = [...body.matchAll(/^\s*(\w+):\s*([\w<>]+);/gm)].map((match) => `${match[1]}: ${match[2]}`);
    expect(members.length).toBeGreaterThan(5);
    expect(members.filter((member) => /Repository|ChangeWriter/.test(member))).toEqual([]);
  });
});
