/** No import cycles in shared/src, bot/src or server/src (type-only imports count). */
import { describe, expect, it } from "vitest";
import { findCycles, importGraph, resolveSpecifier, sourceFiles, specifiersOf } from "./import-graph.js";

describe("import cycles", () => {
  it("there are none in the server-side packages", () => {
    const files = sourceFiles(["shared/src", "bot/src", "server/src"]);
    expect(files.length).toBeGreaterThan(100);
    const cycles = findCycles(importGraph(files)).map((cycle) => cycle.join(" -> "));
    expect(cycles).toEqual([]);
  });

  it("the graph sees every kind of import, and a planted cycle is found", () => {
    const text = [
      'import { a } from "./a.js";',
      'import type {\n  B,\n} from "./b.js";',
      'export { c } from "./c.js";',
      'export type { D } from "./d.js";',
      'import "./e.js";',
      'const f = await import("./f.js");',
    ].join("\n");
    expect(specifiersOf(text)).toEqual(["./a.js", "./b.js", "./c.js", "./d.js", "./e.js", "./f.js"]);
    expect(resolveSpecifier("bot/src/index.ts", "@crm/shared/policy")).toBe("shared/src/policy/index.ts");
    expect(resolveSpecifier("bot/src/index.ts", "@crm/shared/errors")).toBe("shared/src/errors/index.ts");
    expect(resolveSpecifier("shared/src/services/create-services.ts", "./clock.js")).toBe("shared/src/services/clock.ts");
    const planted = new Map([
      ["x.ts", ["y.ts"]],
      ["y.ts", ["z.ts"]],
      ["z.ts", ["x.ts"]],
      ["w.ts", ["x.ts"]],
    ]);
    expect(findCycles(planted)).toEqual([["x.ts", "y.ts", "z.ts", "x.ts"]]);
  });
});
