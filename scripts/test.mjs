#!/usr/bin/env node
// `npm test`: build what the tests serve (server, tab), type-check and lint everything,
// run every vitest project (node, tabs, e2e) once, and end with one line "N passed, N failed".
// A failed check (types, ESLint, Prettier, unused exports) counts as one failed test each; the tests still run.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";

const run = (command, args) => spawnSync(command, args, { stdio: "inherit", shell: false }).status ?? 1;
const summaryFile = "test-results/summary.txt";
mkdirSync("test-results", { recursive: true });

function finish(passed, failed, skipped, code) {
  const line = `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`;
  writeFileSync(summaryFile, `${line}\n`);
  console.log(line);
  process.exit(code);
}

/** Runs a check with its output held back, so two checks side by side do not interleave. */
function check(name, command, args) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], shell: false });
    const output = [];
    child.stdout.on("data", (chunk) => output.push(chunk));
    child.stderr.on("data", (chunk) => output.push(chunk));
    child.on("error", (error) => output.push(Buffer.from(`${error.message}\n`)));
    child.on("close", (status) => {
      const ok = status === 0;
      const seconds = Math.round((Date.now() - started) / 1000);
      process.stdout.write(Buffer.concat(output));
      console.log(ok ? `${name}: passed in ${seconds} s` : `${name}: FAILED in ${seconds} s: fix the errors above (\`npm run ${name}\`).`);
      resolve(ok);
    });
  });
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

// Side by side: each mostly keeps one core busy. The type check covers the tests and the tab;
// ESLint is type-aware, so it runs after the build; Prettier only checks.
const checks = await Promise.all([
  check("typecheck", "npm", ["run", "typecheck"]),
  check("lint:code", "npm", ["run", "lint:code"]),
  // knip after Prettier, in the same slot: the machine has two cores for four checks.
  check("lint:format", "npm", ["run", "lint:format"]).then(async (ok) => [ok, await check("lint:exports", "npm", ["run", "lint:exports"])]),
]);
const failedChecks = checks.flat().filter((ok) => !ok).length;

const report = "test-results/vitest.json";
rmSync(report, { force: true });
const code = run("npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...process.argv.slice(2)]);
if (!existsSync(report)) finish(0, 1 + failedChecks, 0, code || 1);
const result = JSON.parse(readFileSync(report, "utf8"));
const failedSuites = (result.testResults ?? []).filter((suite) => suite.status === "failed" && (suite.assertionResults ?? []).length === 0).length;
if (failedChecks) console.error(`${failedChecks} of the checks (typecheck, lint:code, lint:format and lint:exports) failed: see above.`);
finish(result.numPassedTests, result.numFailedTests + failedSuites + failedChecks, result.numPendingTests + (result.numTodoTests ?? 0), code || (failedChecks ? 1 : 0));
