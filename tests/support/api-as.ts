/** Short calls for API suites: `call(who, method, path, body?, headers?)` and `created(who, path, body)` (expects 201). */
import { expect } from "vitest";
import type { ApiResponse, TestServer } from "./test-server.js";

export type Who = { tenantId: string; userId: string };

export function apiAs(server: () => TestServer) {
  const call = (who: Who, method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    server().call(method, path, { as: who, ...(body !== undefined ? { body } : {}), ...(headers ? { headers } : {}) });
  async function created(who: Who, path: string, body: unknown): Promise<ApiResponse> {
    const response = await call(who, "POST", path, body);
    expect(response.status, response.text).toBe(201);
    return response;
  }
  return { call, created };
}
