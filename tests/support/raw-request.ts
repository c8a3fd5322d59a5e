/**
 * One HTTP request with full control over what fetch() will not let a test choose:
 * the Host and Origin headers, proxy headers such as Via, and the local address the
 * connection comes from.
 */
import { request } from "node:http";

export interface RawRequest {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** The address the connection is made from (the server sees it as the remote address). */
  localAddress?: string;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  body: any;
}

export function rawRequest(options: RawRequest): Promise<RawResponse> {
  const url = new URL(options.url);
  const headers = { ...(options.body !== undefined ? { "content-type": "application/json" } : {}), ...options.headers };
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: options.method ?? "GET",
        headers,
        ...(options.localAddress ? { localAddress: options.localAddress } : {}),
        agent: false,
      },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (text += chunk));
        response.on("end", () => {
          let body: unknown;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            body = undefined;
          }
          resolve({ status: response.statusCode ?? 0, headers: response.headers, text, body });
        });
      },
    );
    outgoing.on("error", reject);
    outgoing.end(options.body);
  });
}
