/**
 * The embedded table service, so `npm start` needs no Docker and no second terminal.
 *
 * - In memory (tests): Azurite runs inside this process.
 * - On a data folder (`npm start`): Azurite runs in a child process of its own
 *   (`shared/azurite/table-process.mjs`). Every write this server acknowledges is
 *   already in the child; if this process dies, even by `kill -9`, the child sees its
 *   IPC channel close, saves the store and exits. The next start waits for it.
 *   The child's 5 s autosave no longer stalls the API's event loop either. If the
 *   child itself dies, it is started again on the same port and folder.
 *
 * What can still be lost: a power loss of the whole machine loses what the last
 * autosave had not written (at most about 5 s). Production runs on an Azure storage
 * account, which has none of this.
 */
import { fork } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { connectionStringFor, startTableServer } from "../../azurite/table-server.mjs";

export interface EmbeddedAzurite {
  /** Connection string for the well-known development account. */
  connectionString: string;
  url: string;
  close(): Promise<void>;
}

/** `dataDir` undefined keeps everything in memory, in this process; otherwise data survives restarts and crashes. */
export async function startEmbeddedAzurite(options: { dataDir?: string } = {}): Promise<EmbeddedAzurite> {
  if (options.dataDir === undefined) {
    const server = await startTableServer();
    return { url: server.url, connectionString: connectionStringFor(server.url), close: () => server.close() };
  }
  return startTableProcess(options.dataDir);
}

// The same relative path from src/storage and from dist/storage.
const tableProcessPath = fileURLToPath(new URL("../../azurite/table-process.mjs", import.meta.url));
/** Loading a large store, after waiting for a killed server's table process to finish saving. */
const startTimeoutMs = 90_000;
const closeTimeoutMs = 30_000;
/** A table process that keeps dying is not started again without end. */
const maxRestarts = 5;

async function startTableProcess(dataDir: string): Promise<EmbeddedAzurite> {
  let closing = false;
  let restarts = 0;
  let port = 0;
  let child: ChildProcess;

  const spawnChild = (port: number): Promise<string> =>
    new Promise((resolve, reject) => {
      child = fork(tableProcessPath, [dataDir, String(port)], { stdio: ["ignore", "inherit", "inherit", "ipc"], serialization: "json" });
      const timer = setTimeout(() => reject(new Error(`the embedded table service did not start within ${startTimeoutMs / 1000} s`)), startTimeoutMs);
      let ready = false;
      child.once("message", (message: { ready?: string; failed?: string }) => {
        clearTimeout(timer);
        ready = Boolean(message.ready);
        if (message.ready) resolve(message.ready);
        else reject(new Error(`the embedded table service did not start: ${message.failed ?? "unknown reason"}`));
      });
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`the embedded table service exited with code ${code}`));
        // Only a process that was serving is replaced; one that could not start says why above.
        if (ready && !closing) restart();
      });
    });

  const restart = () => {
    restarts += 1;
    if (restarts > maxRestarts) {
      console.error(`The embedded table service stopped ${restarts} times; it is not started again. Storage answers 503 until the server restarts.`);
      return;
    }
    console.error("The embedded table service stopped unexpectedly; starting it again on the same folder.");
    spawnChild(port).catch((error: Error) => console.error(error.message));
  };

  const url = await spawnChild(0);
  port = Number(new URL(url).port);
  return {
    url,
    connectionString: connectionStringFor(url),
    close: () =>
      new Promise<void>((resolve) => {
        closing = true;
        if (child.exitCode !== null || !child.connected) return resolve();
        const timer = setTimeout(() => {
          console.error(`The embedded table service did not finish saving within ${closeTimeoutMs / 1000} s.`);
          resolve();
        }, closeTimeoutMs);
        child.once("exit", () => {
          clearTimeout(timer);
          resolve();
        });
        child.send("close");
      }),
  };
}
