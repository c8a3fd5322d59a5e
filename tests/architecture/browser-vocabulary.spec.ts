/**
 * `@crm/shared/vocabulary` is what the tab compiles against (the workflow describe
 * functions among it): nothing it loads at run time may need Node.js or a server-side
 * package, or the tab's bundle breaks.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot, resolveSpecifier, runtimeSpecifiersOf } from "./import-graph.js";

/** Every module the file loads at run time, itself included, and the outside packages they name. */
function runtimeClosure(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const specifier of runtimeSpecifiersOf(readFileSync(path.join(repoRoot, file), "utf8"))) {
      const target = resolveSpecifier(file, specifier);
      if (target) visit(target);
      else packages.add(specifier);
    }
  };
  visit(entry);
  return { files: [...files].sort(), packages: [...packages].sort() };
}

describe("the browser vocabulary", () => {
  it("loads no Node.js module and no server-side package", () => {
    const { files, packages } = runtimeClosure("shared/src/vocabulary.ts");
    expect(files).toContain("shared/src/workflows/describe.ts");
    expect(packages).toEqual([]);
  });
});
