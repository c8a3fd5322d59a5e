/**
 * Dev mode serves this machine only. A dev-mode server (no Entra app: it signs its own
 * tokens for anyone who asks) runs this guard before everything else on every request:
 * the API, the dev token endpoint, the tab's files, the bot. The bot without a Bot
 * Framework registration accepts unauthenticated activities, so it puts the same guard
 * on /api/messages even when the API itself has an Entra app.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { LoopbackRefusal } from "../auth/loopback-only.js";
import { loopbackOnlyRefusal } from "../auth/loopback-only.js";
import { AppError } from "../errors/app-error.js";

/** Who runs in dev mode: the whole server, or only the bot. */
type DevModePart = "server" | "bot";

const whyDevMode: Record<DevModePart, string> = {
  server: "This CRM runs in development mode (no Microsoft Entra app is configured), so it only answers requests made directly on the computer that runs it.",
  bot: "The bot has no Bot Framework registration (BOT_ID is not set), so it runs in development mode and only answers requests made directly on the computer that runs it.",
};

const howToGoFurther: Record<DevModePart, string> = {
  server: "Open it at http://localhost on that computer, or set up its Entra app to use it from elsewhere (see docs/deploy-to-azure.md).",
  bot: "Talk to it from that computer (npm run playground), or register the bot (BOT_ID and BOT_PASSWORD, see docs/deploy-to-azure.md) to reach it through a tunnel.",
};

const shorten = (text: string): string => (text.length > 100 ? `${text.slice(0, 100)}…` : text);

function whatWasWrong(refusal: LoopbackRefusal): string {
  switch (refusal.reason) {
    case "remote_address":
      return `This request came from another computer (${shorten(refusal.address)}).`;
    case "forwarded":
      return `This request came through a proxy or tunnel (it carries a ${refusal.header} header).`;
    case "foreign_host":
      return refusal.host ? `This request is addressed to "${shorten(refusal.host)}", not to this computer (localhost or 127.0.0.1).` : "This request does not say which address it is for.";
    case "foreign_origin":
      return `This request was sent by a page of another site (${shorten(refusal.origin)}).`;
  }
}

/** Throws 403 unless the request came straight from this machine. */
function refuseUnlessDirectlyLocal(request: FastifyRequest, part: DevModePart): void {
  const refusal = loopbackOnlyRefusal({ remoteAddress: request.socket.remoteAddress, headers: request.headers });
  if (!refusal) return;
  const { reason, ...what } = refusal;
  throw new AppError("forbidden", `${whyDevMode[part]} ${whatWasWrong(refusal)} ${howToGoFurther[part]}`, {
    details: { reason: `dev_mode_${reason}`, ...what },
    logMessage: `dev mode refused a request: ${reason}`,
  });
}

/** The bot's dev mode: a route-level hook for /api/messages. */
export const botDevModeGuard = async (request: FastifyRequest): Promise<void> => refuseUnlessDirectlyLocal(request, "bot");

/** The server's dev mode: first hook of the instance, so nothing runs for a refused request. */
export function registerDevModeGuard(app: FastifyInstance): void {
  app.addHook("onRequest", async (request) => refuseUnlessDirectlyLocal(request, "server"));
}
