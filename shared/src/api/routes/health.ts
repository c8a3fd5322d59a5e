import { Type } from "typebox";
import { requires } from "../../policy/requirement.js";
import type { CrmServices } from "../../services/create-services.js";
import type { Router } from "./router.js";

export function registerHealthRoute(app: Router, services: CrmServices): void {
  app.get(
    "/api/health",
    {
      config: { requires: requires.public("liveness") },
      schema: {
        tags: ["system"],
        summary: "Liveness and storage reachability",
        security: [],
        response: { 200: Type.Object({ status: Type.Literal("ok"), storage: Type.Literal("ok") }), 503: Type.Object({ status: Type.String(), storage: Type.String() }) },
      },
    },
    async (_request, reply) => {
      const storageOk = await services.store.health();
      if (!storageOk) return reply.code(503).send({ status: "degraded", storage: "unreachable" });
      return { status: "ok" as const, storage: "ok" as const };
    },
  );
}
