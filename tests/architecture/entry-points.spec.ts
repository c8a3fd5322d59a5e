/**
 * Named entry points instead of a barrel: other packages reach @crm/shared only
 * through the subpaths its package.json exports (`@crm/shared/policy`, `/services`…),
 * each of which names what it hands out; nothing re-exports with `export *`; and
 * inside the shared package modules import each other directly, never an entry point,
 * so an entry point is only ever a door for the other packages.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot, resolveSpecifier, sharedEntryPoints, sourceFiles, specifiersOf } from "./import-graph.js";

const read = (file: string) => readFileSync(path.join(repoRoot, file), "utf8");
const serverSide = () => sourceFiles(["shared/src", "bot/src", "server/src", "tests"]);
const entryFiles = new Set(Object.values(sharedEntryPoints));

describe("entry points", () => {
  it("nothing re-exports a whole module", () => {
    expect(serverSide().filter((file) => /^\s*export\s+\*/m.test(read(file)))).toEqual([]);
  });

  it("other packages import @crm/shared only through an exported entry point", () => {
    const wrong = serverSide()
      .filter((file) => !file.startsWith("shared/src/"))
      .flatMap((file) =>
        specifiersOf(read(file))
          .filter((specifier) => specifier.startsWith("@crm/shared") && !sharedEntryPoints[specifier])
          .map((specifier) => `${file}: ${specifier}`),
      );
    expect(wrong).toEqual([]);
  });

  it("the shared package's own modules never import one of its entry points", () => {
    const wrong = sourceFiles(["shared/src"]).flatMap((file) =>
      specifiersOf(read(file))
        .filter((specifier) => entryFiles.has(resolveSpecifier(file, specifier) ?? ""))
        .map((specifier) => `${file}: ${specifier}`),
    );
    expect(wrong).toEqual([]);
  });
});
