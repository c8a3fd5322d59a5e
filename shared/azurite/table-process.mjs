/**
 * The embedded table service in a process of its own, forked by the CRM server
 * (`supervised-azurite.ts`) for a data folder. The server's crash (even `kill -9`)
 * cannot lose what it acknowledged: its writes are already here, and when the
 * server's IPC channel closes, this process saves the store and exits.
 *
 * argv: the data folder, then the port (0 picks one). It reports `{ ready: url }`.
 * Signals are ignored while the server is connected: the server decides when the
 * store closes (after its last write), and a Ctrl-C to the process group reaches both.
 */
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { startTableServer } from "./table-server.mjs";

const [dataDir, portText = "0"] = process.argv.slice(2);
const pidFile = path.join(dataDir, "azurite.pid");

/** An earlier table process may still be saving this folder (its server was killed): wait for it to finish. */
async function waitForPreviousHolder() {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const pid = Number.parseInt(await readFile(pidFile, "utf8").catch(() => ""), 10);
    if (!Number.isInteger(pid) || pid === process.pid || !isAlive(pid)) return;
    if (Date.now() > deadline) throw new Error(`the data folder ${dataDir} is still held by process ${pid}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}

let server;
let ownsPidFile = false;
let closing;
function closeAndExit(code) {
  closing ??= (async () => {
    try {
      await server?.close();
    } finally {
      if (ownsPidFile) await rm(pidFile, { force: true });
      process.exit(code);
    }
  })();
  return closing;
}

process.on("SIGINT", () => process.connected || void closeAndExit(0));
process.on("SIGTERM", () => process.connected || void closeAndExit(0));
process.on("disconnect", () => void closeAndExit(0));
process.on("message", (message) => {
  if (message === "close") void closeAndExit(0);
});

try {
  // A fresh clone has no data folder yet.
  await mkdir(dataDir, { recursive: true });
  await waitForPreviousHolder();
  await writeFile(pidFile, String(process.pid));
  ownsPidFile = true;
  server = await startTableServer({ dataDir, port: Number(portText) });
  if (!process.connected) await closeAndExit(0);
  else process.send({ ready: server.url });
} catch (error) {
  process.send?.({ failed: error instanceof Error ? error.message : String(error) });
  await closeAndExit(1);
}
