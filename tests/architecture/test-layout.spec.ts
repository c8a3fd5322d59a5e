/**
 * Tests mirror the source: a spec inside a package sits beside the file it tests
 * (`x.ts` → `x.spec.ts`, or `x.<topic>.spec.ts` for one more suite of the same file);
 * suites across packages live in tests/, by API area, bot, workflows, security…
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./import-graph.js";

function specsUnder(folder: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(path.join(repoRoot, folder))) {
    const relative = path.join(folder, name);
    if (statSync(path.join(repoRoot, relative)).isDirectory()) {
      if (name !== "node_modules" && name !== "dist") found.push(...specsUnder(relative));
    } else if (/\.spec\.tsx?$/.test(name)) found.push(relative);
  }
  return found;
}

/** The source files a spec may be beside: `x.spec.ts` and `x.topic.spec.ts` both name `x.ts` or `x.tsx`. */
function subjectsOf(spec: string): string[] {
  const base = spec.replace(/\.spec\.tsx?$/, "");
  const bases = [base, base.replace(/\.[^./]+$/, "")];
  return bases.flatMap((candidate) => [`${candidate}.ts`, `${candidate}.tsx`]);
}

describe("test layout", () => {
  it("every spec inside a package sits beside the file it tests", () => {
    const specs = ["shared/src", "bot/src", "server/src", "tabs/src"].flatMap(specsUnder);
    expect(specs.length).toBeGreaterThan(50);
    expect(specs.filter((spec) => !subjectsOf(spec).some((subject) => existsSync(path.join(repoRoot, subject))))).toEqual([]);
  });
});
