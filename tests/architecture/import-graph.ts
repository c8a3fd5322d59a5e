/**
 * The import graph of the server-side packages, read from the sources: every
 * `import`/`export ... from`, `import type` included (a type-only cycle still ties
 * two modules together), and dynamic `import("...")`. Relative specifiers resolve to
 * the .ts file; `@crm/shared/<entry>` and `@crm/bot` to their entry points, so a cycle across
 * packages counts too.
 */
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** `@crm/shared/<entry>` (shared/package.json's exports, read from the source) and `@crm/bot`. */
const sharedExports = JSON.parse(readFileSync(path.join(repoRoot, "shared/package.json"), "utf8")).exports as Record<string, { default: string }>;
export const sharedEntryPoints: Record<string, string> = Object.fromEntries(
  Object.entries(sharedExports).map(([subpath, target]) => [`@crm/shared/${subpath.slice(2)}`, `shared/${target.default.replace(/^\.\/dist\//, "src/").replace(/\.js$/, ".ts")}`]),
);
const packages: Record<string, string> = { ...sharedEntryPoints, "@crm/bot": "bot/src/index.ts" };

export type ImportGraph = Map<string, string[]>;

/** Every .ts file under the given folders (relative to the repo), specs and test support included. */
export function sourceFiles(folders: readonly string[]): string[] {
  const files: string[] = [];
  const walk = (folder: string) => {
    for (const name of readdirSync(path.join(repoRoot, folder))) {
      const relative = path.join(folder, name);
      if (statSync(path.join(repoRoot, relative)).isDirectory()) {
        if (name !== "node_modules" && name !== "dist") walk(relative);
      } else if (name.endsWith(".ts") && !name.endsWith(".d.ts")) files.push(relative);
    }
  };
  for (const folder of folders) walk(folder);
  return files.sort();
}

const staticImport = /^\s*(?:import|export)\s+(?:type\s+)?(?:[^;]*?\s+from\s+)?["']([^"']+)["']/gm;
const dynamicImport = /\bimport\(\s*["']([^"']+)["']\s*\)/g;

/** The module specifiers a file names, in order. */
export function specifiersOf(text: string): string[] {
  return [...text.matchAll(staticImport), ...text.matchAll(dynamicImport)].map((match) => match[1]!);
}

/** Only the imports that remain in the emitted JavaScript (`import type` / `export type` are erased). */
export function runtimeSpecifiersOf(text: string): string[] {
  return [...text.matchAll(staticImport)].filter((match) => !/^\s*(?:import|export)\s+type\s/.test(match[0])).map((match) => match[1]!);
}

/** The repo-relative file a specifier in `from` names, or undefined for a package outside the repo. */
export function resolveSpecifier(from: string, specifier: string): string | undefined {
  if (packages[specifier]) return packages[specifier];
  if (!specifier.startsWith(".")) return undefined;
  const target = path.join(path.dirname(from), specifier).replace(/\.js$/, ".ts");
  return existsSync(path.join(repoRoot, target)) ? target : undefined;
}

export function importGraph(files: readonly string[]): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const file of files) {
    const text = readFileSync(path.join(repoRoot, file), "utf8");
    graph.set(file, [...new Set(specifiersOf(text).flatMap((specifier) => resolveSpecifier(file, specifier) ?? []))]);
  }
  return graph;
}

/** The cycles a depth-first walk meets (one per back edge), as the files around each (the first repeated at the end). */
export function findCycles(graph: ImportGraph): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, "open");
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === "open") cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, "done");
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return cycles;
}
