#!/usr/bin/env node
// `npm test`: build what the tests serve (server, tab), run every vitest project
// (node, tabs, e2e) once, and end with one line "N passed, N failed".
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";

const run = (command, args) => spawnSync(command, args, { stdio: "inherit", shell: false }).status ?? 1;
const summaryFile = "test-results/summary.txt";
mkdirSync("test-results", { recursive: true });

function finish(passed, failed, skipped, code) {
  const line = `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`;
  writeFileSync(summaryFile, `${line}\n`);
  console.log(line);
  process.exit(code);
}

run("bash", ["scripts/ensure-chromium.sh"]);
if (run("npx", ["tsc", "-b"]) !== 0) {
  console.error("TypeScript build failed: fix the errors above.");
  finish(0, 1, 0, 1);
}
if (run("npm", ["run", "build", "-w", "tabs"]) !== 0) {
  console.error("The tab did not build: fix the errors above.");
  finish(0, 1, 0, 1);
}
if (existsSync("tabs/tsconfig.json") && run("npm", ["run", "typecheck", "-w", "tabs", "--if-present"]) !== 0) {
  console.error("The tab does not typecheck: fix the errors above.");
  finish(0, 1, 0, 1);
}

const report = "test-results/vitest.json";
const code = run("npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...process.argv.slice(2)]);
if (!existsSync(report)) finish(0, 1, 0, code || 1);
const result = JSON.parse(readFileSync(report, "utf8"));
const failedSuites = (result.testResults ?? []).filter((suite) => suite.status === "failed" && (suite.assertionResults ?? []).length === 0).length;
finish(result.numPassedTests, result.numFailedTests + failedSuites, result.numPendingTests + (result.numTodoTests ?? 0), code);
