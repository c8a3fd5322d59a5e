/**
 * Whether a request came straight from this machine: the rule of dev mode, where
 * anyone who reaches the server may sign in as anyone (see api/dev-mode-guard.ts).
 *
 * The socket address alone is not enough: a tunnel (Microsoft dev tunnels, ngrok,
 * Cloudflare Tunnel, Tailscale Funnel) or a reverse proxy running on this machine
 * connects from loopback while relaying requests from the internet. Dev tunnels even
 * rewrite Host to `localhost` by default. What gives them away is the forwarding
 * headers they add, so any of those refuses the request. A foreign Host (DNS
 * rebinding: a hostile name that resolves to 127.0.0.1) or a page of another site
 * (Origin) is refused too. Pure: no I/O.
 */
import { isLoopbackAddress } from "./identity.js";

export type LoopbackRefusal =
  { reason: "remote_address"; address: string } | { reason: "forwarded"; header: string } | { reason: "foreign_host"; host: string } | { reason: "foreign_origin"; origin: string };

/**
 * Headers that proxies, load balancers and tunnels add. Sources: RFC 7239 (Forwarded),
 * RFC 9110 (Via), the de-facto X-Forwarded-* family, ngrok's forwarded headers
 * (x-forwarded-for/-proto/-host), dev tunnels (x-forwarded-*, x-original-proto),
 * Cloudflare (cf-connecting-ip, cf-ray, cf-visitor, cdn-loop), Tailscale Serve/Funnel
 * (tailscale-user-*), Azure Front Door (x-azure-*) and App Service's front end
 * (x-client-ip, x-original-url, x-arr-ssl, x-waws-unencoded-url, disguised-host).
 */
const forwardingHeaders: ReadonlySet<string> = new Set([
  "forwarded",
  "via",
  "x-real-ip",
  "x-client-ip",
  "x-cluster-client-ip",
  "true-client-ip",
  "fastly-client-ip",
  "client-ip",
  "cdn-loop",
  "x-arr-ssl",
  "x-arr-log-id",
  "x-waws-unencoded-url",
  "disguised-host",
  "x-proxyuser-ip",
  "x-envoy-external-address",
]);
const forwardingPrefixes = ["x-forwarded-", "x-original-", "cf-", "x-azure-", "tailscale-"];

/** The forwarding header a request carries, if any (names are lowercase in Node). */
export function forwardingHeaderOf(headers: Readonly<Record<string, unknown>>): string | undefined {
  return Object.keys(headers).find((name) => forwardingHeaders.has(name) || forwardingPrefixes.some((prefix) => name.startsWith(prefix)));
}

const loopbackHost = /^(?:127\.0\.0\.1|localhost|\[::1\])(?::\d{1,5})?$/i;
const loopbackHostnames = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** 127.0.0.1, localhost or [::1], with an optional port: the names this machine is reached by. */
export const isLoopbackHost = (host: string | undefined): boolean => typeof host === "string" && loopbackHost.test(host);

function isLoopbackOrigin(origin: string): boolean {
  try {
    const url = new URL(origin);
    return (url.protocol === "http:" || url.protocol === "https:") && loopbackHostnames.has(url.hostname.toLowerCase());
  } catch {
    return false;
  }
}

/** Why this request did not come straight from this machine, or undefined when it did. */
export function loopbackOnlyRefusal(request: { remoteAddress: string | undefined; headers: Readonly<Record<string, string | string[] | undefined>> }): LoopbackRefusal | undefined {
  if (!isLoopbackAddress(request.remoteAddress)) return { reason: "remote_address", address: request.remoteAddress ?? "unknown" };
  const header = forwardingHeaderOf(request.headers);
  if (header) return { reason: "forwarded", header };
  const host = request.headers.host;
  if (typeof host !== "string" || !isLoopbackHost(host)) return { reason: "foreign_host", host: typeof host === "string" ? host : "" };
  const origin = request.headers.origin;
  if (origin !== undefined && (typeof origin !== "string" || !isLoopbackOrigin(origin))) return { reason: "foreign_origin", origin: String(origin) };
  return undefined;
}
