/**
 * The built tab as the server sends it: scripts and styles compressed at build time
 * (brotli, else gzip, else plain, as the browser accepts), hashed assets cached for a
 * year, pages and client-side routes checked every time so a deploy shows at once.
 */
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawRequest } from "../support/raw-request.js";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";

const tabDir = path.resolve(import.meta.dirname, "..", "..", "tabs", "dist");
const entry = /<script type="module" crossorigin src="(\/assets\/index-[^"]+\.js)">/.exec(readFileSync(path.join(tabDir, "index.html"), "utf8"))![1]!;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ config: { tabDir } });
});
afterAll(async () => {
  await server?.close();
});

const get = (pathname: string, acceptEncoding?: string) => rawRequest({ url: `${server.url}${pathname}`, ...(acceptEncoding ? { headers: { "accept-encoding": acceptEncoding } } : {}) });

describe("the tab's files", () => {
  it("the build leaves a brotli and a gzip copy beside every script and style sheet worth compressing", () => {
    const assets = readdirSync(path.join(tabDir, "assets"));
    const scripts = assets.filter((name) => /\.(js|css)$/.test(name));
    expect(scripts.length).toBeGreaterThan(5);
    expect(assets).toContain(`${path.basename(entry)}.br`);
    expect(assets).toContain(`${path.basename(entry)}.gz`);
  });

  it("sends the entry script compressed as the browser accepts, and cached for a year", async () => {
    const plainSize = readFileSync(path.join(tabDir, entry)).length;
    const brotli = await get(entry, "gzip, deflate, br");
    expect(brotli.status).toBe(200);
    expect(brotli.headers["content-encoding"]).toBe("br");
    expect(Number(brotli.headers["content-length"])).toBeLessThan(plainSize / 3);
    expect(brotli.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(String(brotli.headers.vary)).toMatch(/accept-encoding/i);
    const gzip = await get(entry, "gzip");
    expect(gzip.headers["content-encoding"]).toBe("gzip");
    const plain = await get(entry);
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(Number(plain.headers["content-length"])).toBe(plainSize);
  });

  it("has pages and client-side routes checked every time", async () => {
    for (const pathname of ["/", "/index.html", "/auth-end.html", "/leads/some-route"]) {
      const page = await get(pathname, "br");
      expect(page.status, pathname).toBe(200);
      expect(page.headers["cache-control"], pathname).toBe("no-cache");
    }
  });
});
