import { Type } from "typebox";
import { requires } from "../../policy/requirement.js";
import type { DevTokenIssuer } from "../../auth/dev-tokens.js";
import { TenantId, UserId } from "../schemas.js";
import type { Router } from "./router.js";
import { errorResponses } from "./router.js";

/**
 * Dev mode only: a token for any tenant and user. The dev-mode guard
 * (api/dev-mode-guard.ts) answers every request of a dev-mode server, this one
 * included, only when it comes straight from this machine.
 */
export function registerDevTokenRoute(app: Router, issuer: DevTokenIssuer): void {
  app.post(
    "/api/dev/token",
    {
      config: { requires: requires.public("dev mode only, from this machine only") },
      schema: {
        tags: ["dev"],
        summary: "Sign in as any user of any tenant (dev mode only)",
        security: [],
        body: Type.Object(
          {
            tenantId: TenantId,
            userId: UserId,
            displayName: Type.String({ minLength: 1, maxLength: 200 }),
            email: Type.Optional(Type.String({ maxLength: 254, format: "email" })),
            mfa: Type.Optional(Type.Boolean({ description: "A token that says the user just signed in with multi-factor authentication (the tab's \"Confirm it's you\")." })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ token: Type.String() }), ...errorResponses(400, 403) },
      },
    },
    async (request) => ({ token: await issuer.issue(request.body) }),
  );
}
