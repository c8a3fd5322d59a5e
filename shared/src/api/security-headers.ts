/**
 * Security headers on every response of the instance: the tab's files and its
 * index.html fallback, API JSON, errors and 404s.
 *
 * - `X-Content-Type-Options: nosniff` and `Referrer-Policy: strict-origin-when-cross-origin`
 *   everywhere: no content sniffing, and other sites see at most our origin, never
 *   a path or query (the auth pages carry a login hint in theirs).
 * - The tab (its pages, the index.html fallback, its files) gets `tabContentSecurityPolicy`:
 *   scripts, styles, images and API calls from our own origin only, no plugins, no
 *   `<base>`, and framing only by ourselves and Microsoft's Teams / Microsoft 365 /
 *   Outlook hosts. Fluent UI v9 (Griffel) and FluentProvider insert empty `<style>`
 *   elements and fill them through CSSOM `insertRule`, which CSP does not restrict;
 *   but Chromium refuses even an empty inline style element under style-src 'self'
 *   (it then has no sheet and Fluent's rules go nowhere). The hash of the empty
 *   string allows exactly those empty elements and no inline CSS text, so style-src
 *   needs no 'unsafe-inline'; the pages themselves carry no inline script or style
 *   (tabs/src/page.css). teams-js talks to Teams by postMessage, but on load it
 *   fetches the list of valid Teams origins from Microsoft's CDN (validOriginsCdnEndpoint
 *   in teams-js' internal/constants.js), hence that one host in connect-src.
 *   auth-start.html leaves for Entra by navigation, which CSP does not govern.
 * - The API (everything under /api/, errors and 404s included) gets `default-src 'none';
 *   frame-ancestors 'none'`: nothing an API answer could make a browser run or frame.
 *
 * Deliberately not sent:
 * - X-Frame-Options: it can only say DENY or SAMEORIGIN (browsers dropped ALLOW-FROM),
 *   either of which stops Teams from showing the tab. CSP frame-ancestors replaces it
 *   and can list the Teams hosts.
 * - helmet's defaults: Cross-Origin-Opener-Policy: same-origin would cut the
 *   `window.opener` link between the tab and the sign-in window that teams-js
 *   (`authentication.authenticate` / `notifySuccess`) needs, and helmet's CSP and
 *   X-Frame-Options would forbid framing by Teams.
 */
import type { FastifyInstance, FastifyReply } from "fastify";

/**
 * Hosts allowed to frame the tab, as listed in Microsoft's "Prerequisites" for Teams
 * tabs (learn.microsoft.com/microsoftteams/platform/tabs/how-to/tab-requirements,
 * checked 2026): all Microsoft 365 hosts (*.cloud.microsoft, where Teams, Outlook and
 * Microsoft 365 are moving), Teams, the Microsoft 365 app, and Outlook.
 * Without a scheme, a source matches the tab's own scheme: only https ancestors when
 * the tab is served over https, as it is in Teams.
 */
const teamsFrameAncestors = [
  "*.cloud.microsoft",
  "teams.microsoft.com",
  "*.teams.microsoft.com",
  "*.microsoft365.com",
  "*.office.com",
  "outlook.office.com",
  "outlook.office365.com",
  "outlook-sdf.office.com",
  "outlook-sdf.office365.com",
] as const;

/** Where teams-js (2.x) fetches the valid origins list (it falls back to a built-in copy when refused). */
const teamsJsOriginListHost = "https://res.cdn.office.net";

/** sha256 of "": an empty `<style>` element, as Griffel creates them. */
const emptyInlineStyle = "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='";

export const tabContentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  `style-src 'self' ${emptyInlineStyle}`,
  "img-src 'self'",
  "font-src 'self'",
  `connect-src 'self' ${teamsJsOriginListHost}`,
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  `frame-ancestors 'self' ${teamsFrameAncestors.join(" ")}`,
].join("; ");

export const apiContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";

/**
 * Chosen by path, not by content type: a browser revalidating the tab's index.html gets
 * a 304 without a content type, and the headers of a 304 replace the cached ones, so a
 * policy picked by content type would give the reloaded tab the API's `default-src 'none'`.
 * On the tab's scripts and style sheets the tab's policy is simply unused (CSP governs
 * documents and workers).
 */
const policyFor = (url: string): string => (url.startsWith("/api/") ? apiContentSecurityPolicy : tabContentSecurityPolicy);

/** Sets the headers on one reply; also used where Fastify answers before any hook runs. */
export function applySecurityHeaders(reply: FastifyReply, policy: string = policyFor(reply.request.url)): void {
  reply.header("x-content-type-options", "nosniff");
  reply.header("referrer-policy", "strict-origin-when-cross-origin");
  reply.header("content-security-policy", policy);
}

export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook("onSend", async (_request, reply, payload) => {
    applySecurityHeaders(reply);
    return payload;
  });
}
