/**
 * `npm run playground`: Microsoft 365 Agents Playground against the local bot.
 * Starts the CRM server (dev mode, no BOT_ID) unless one already answers on
 * PORT, then the playground on PLAYGROUND_PORT (a free port when unset or 0),
 * both on 127.0.0.1 only. Ctrl+C stops what this script started. CRM_INSPECT_PORT
 * starts that server with the Node debugger on that port (.vscode/tasks.json).
 */
import { spawn, spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const require = createRequire(import.meta.url);
const botPort = Number(process.env.PORT ?? 3978);
const botUrl = `http://127.0.0.1:${botPort}`;
const children = [];

const freePort = () =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });

async function botAnswers() {
  try {
    return (await fetch(`${botUrl}/api/health`, { signal: AbortSignal.timeout(2000) })).ok;
  } catch {
    return false;
  }
}

async function waitForBot(timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await botAnswers()) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the CRM server did not answer on ${botUrl} within ${timeoutMs / 1000} s`);
}

function stopAll(code) {
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  process.exitCode = code;
}
process.on("SIGINT", () => stopAll(0));
process.on("SIGTERM", () => stopAll(0));

if (process.env.BOT_ID) console.warn("BOT_ID is set: the bot will demand Bot Framework tokens, which the playground does not send. Unset it for the playground.");

if (await botAnswers()) {
  console.log(`Using the CRM server already running on ${botUrl}.`);
} else {
  console.log("Building and starting the CRM server (dev mode)...");
  const build = spawnSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-b"], { cwd: root, stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
  // CRM_INSPECT_PORT (VS Code's playground launch): the server, and only it, takes the debugger.
  const inspect = process.env.CRM_INSPECT_PORT ? [`--inspect=127.0.0.1:${Number(process.env.CRM_INSPECT_PORT)}`] : [];
  const server = spawn(process.execPath, [...inspect, path.join(root, "server", "dist", "main.js")], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, PORT: String(botPort), HOST: "127.0.0.1" },
  });
  children.push(server);
  server.on("exit", (code) => stopAll(code ?? 1));
  await waitForBot(60_000);
}

const requestedPort = Number(process.env.PLAYGROUND_PORT ?? 0);
const playgroundPort = requestedPort > 0 ? requestedPort : await freePort();
const cli = path.join(path.dirname(require.resolve("@microsoft/m365agentsplayground/package.json")), "cli.js");
const preload = path.join(root, "bot", "playground", "bind-loopback.cjs");
const playground = spawn(
  process.execPath,
  [
    cli,
    "--app-endpoint",
    `${botUrl}/api/messages`,
    "--channel-id",
    "msteams",
    "--port",
    String(playgroundPort),
    "--service-url",
    `http://127.0.0.1:${playgroundPort}/_connector`,
    "--disable-telemetry",
  ],
  {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
    env: {
      ...process.env,
      TEAMSAPPTESTER_BROWSER: process.env.TEAMSAPPTESTER_BROWSER ?? "none",
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --require ${JSON.stringify(preload)}`.trim(),
    },
  },
);
children.push(playground);
playground.stdout.on("data", (chunk) => {
  process.stdout.write(chunk);
  if (/Listening on/.test(String(chunk))) console.log(`Agents Playground: open http://127.0.0.1:${playgroundPort}/ and type "help".`);
});
playground.on("exit", (code) => stopAll(code ?? 0));
