#!/usr/bin/env node
/**
 * Measures the tab's initial JavaScript: the entry scripts of dist/index.html plus every
 * chunk they import statically (dynamic import() chunks load on demand and are excluded).
 * Prints one line per chunk and a total; `--json` prints { initialGzipBytes, ... } instead.
 * Exits 1 when the total exceeds the budget (200 kB gzip) or dist is missing.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

const budgetBytes = 200 * 1024;
const dist = path.resolve(import.meta.dirname, "..", "dist");
const indexFile = path.join(dist, "index.html");
if (!existsSync(indexFile)) {
  console.error("tabs/dist/index.html is missing: run `npm run build -w tabs` first.");
  process.exit(1);
}

const html = readFileSync(indexFile, "utf8");
const entries = [...html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g), ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)].map((match) => match[1]);

const staticImport = /(?:^|[;}\s)])import\s*(?:[\w$*{}\s,]+?\s*from\s*)?["']([^"']+\.js)["']/g;
const seen = new Map();
const visit = (file) => {
  if (seen.has(file)) return;
  const code = readFileSync(file);
  seen.set(file, { raw: code.length, gzip: gzipSync(code, { level: 9 }).length });
  for (const match of code.toString("utf8").matchAll(staticImport)) visit(path.resolve(path.dirname(file), match[1]));
};
for (const entry of entries) visit(path.join(dist, entry.replace(/^\//, "")));

const files = [...seen.entries()].map(([file, size]) => ({ file: path.relative(dist, file), ...size })).sort((a, b) => b.gzip - a.gzip);
const initialGzipBytes = files.reduce((sum, file) => sum + file.gzip, 0);
const initialRawBytes = files.reduce((sum, file) => sum + file.raw, 0);
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} kB`;

if (process.argv.includes("--json")) {
  console.log(JSON.stringify({ initialGzipBytes, initialRawBytes, budgetBytes, files }));
} else {
  for (const file of files) console.log(`${kb(file.gzip).padStart(9)} gzip  ${file.file}`);
  console.log(`initial JS: ${kb(initialGzipBytes)} gzip (${kb(initialRawBytes)} raw) in ${files.length} files; budget ${kb(budgetBytes)}`);
}
process.exit(initialGzipBytes <= budgetBytes ? 0 : 1);
