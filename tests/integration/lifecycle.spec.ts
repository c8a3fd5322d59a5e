/**
 * The process as `npm start` runs it: the built server on a disk data folder,
 * stopped by SIGTERM, started again on the same folder.
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startTestServer } from "../support/test-server.js";

const parentDir = mkdtempSync(path.join(tmpdir(), "crm-lifecycle-"));
// Not there yet, like `.data` in a fresh clone: the server makes it.
const dataDir = path.join(parentDir, "data");
afterAll(() => rmSync(parentDir, { recursive: true, force: true }));

function startBuiltServer(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ["server/dist/main.js"], {
    env: { ...process.env, PORT: "0", CRM_DATA_DIR: dataDir, LOG_LEVEL: "warn", AAD_APP_CLIENT_ID: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`server did not start: ${output}`)), 30_000);
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1]! });
      }
    });
    child.on("exit", (code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
}

const stop = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    child.removeAllListeners("exit");
    child.on("exit", (code) => resolve(code));
    child.kill("SIGTERM");
  });

async function signIn(url: string): Promise<string> {
  const response = await fetch(`${url}/api/dev/token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ tenantId: "life", userId: "owner", displayName: "Owner" }),
  });
  return ((await response.json()) as { token: string }).token;
}

describe("server lifecycle", () => {
  it("flushes storage on SIGTERM: a lead written just before is there after a restart", { timeout: 90_000 }, async () => {
    const first = await startBuiltServer();
    const token = await signIn(first.url);
    const created = await fetch(`${first.url}/api/leads`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "Written just before SIGTERM" }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect(await stop(first.child)).toBe(0);

    const second = await startBuiltServer();
    try {
      // The signing key is new after a restart, so sign in again; the data is what must survive.
      const again = await signIn(second.url);
      const read = await fetch(`${second.url}/api/leads/${id}`, { headers: { authorization: `Bearer ${again}` } });
      expect(read.status).toBe(200);
      expect(((await read.json()) as { name: string }).name).toBe("Written just before SIGTERM");
      const stale = await fetch(`${second.url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
      expect(stale.status).toBe(401);
    } finally {
      expect(await stop(second.child)).toBe(0);
    }
  });

  it("reports 503 on /api/health when storage is gone", async () => {
    const server = await startTestServer();
    try {
      expect((await server.call("GET", "/api/health")).status).toBe(200);
      await server.services.store.close();
      const response = await server.call("GET", "/api/health");
      expect(response.status).toBe(503);
      expect(response.body).toEqual({ status: "degraded", storage: "unreachable" });
    } finally {
      await server.app.close();
    }
  });
});
