/**
 * `@crm/shared/api-types` is the tab's one source for the API's types: it must stay
 * types only (nothing of the server reaches the tab's bundle through it), and the tab
 * must not declare a type of its own under any of its names (a hand copy drifts).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
// Across packages (the shared package's entry point and the tab's sources), so here rather than beside api-types.ts.
const source = readFileSync(path.join(root, "shared/src/api-types.ts"), "utf8");
const apiTypeNames = [...source.matchAll(/^export type (\w+)/gm)].map((match) => match[1]!);

function tabFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? tabFiles(full) : /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

describe("@crm/shared/api-types", () => {
  it("exports types only", async () => {
    expect(apiTypeNames.length).toBeGreaterThan(40);
    expect(Object.keys(await import("@crm/shared/api-types"))).toEqual([]);
  });

  it("is where the tab's API types come from: the tab declares none of them itself", () => {
    const copies: string[] = [];
    for (const file of tabFiles(path.join(root, "tabs/src"))) {
      const text = readFileSync(file, "utf8");
      for (const name of apiTypeNames) {
        if (new RegExp(`^\\s*(export\\s+)?(interface|type)\\s+${name}\\b`, "m").test(text)) copies.push(`${path.relative(root, file)}: ${name}`);
      }
    }
    expect(copies).toEqual([]);
  });

  it("is, with the vocabulary, the only part of the shared package the tab imports", () => {
    const imports = tabFiles(path.join(root, "tabs/src")).flatMap((file) => [...readFileSync(file, "utf8").matchAll(/from\s+"(@crm\/[^"]+)"/g)].map((match) => `${match[1]}`));
    expect(imports.length).toBeGreaterThan(0);
    expect([...new Set(imports)].sort()).toEqual(["@crm/shared/api-types", "@crm/shared/vocabulary"]);
  });
});
