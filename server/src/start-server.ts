/**
 * The one process: REST API, bot and tab on one port, over one storage account.
 * Tests start it on port 0 with in-memory Azurite and stop it themselves.
 */
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";
import { DevTokenIssuer, createEntraTokenVerifier, createGraphAppDirectory, createGraphOnBehalfOf } from "@crm/shared/auth";
import { GraphTeamDirectory, createServices, systemClock } from "@crm/shared/services";
import { LeaseManager, RetentionSweeper, TableStore } from "@crm/shared/storage";
import { createApi } from "@crm/shared/api";
import { GraphMailClient, createAppTokenSource } from "@crm/shared/email";
import { requires } from "@crm/shared/policy";
import type { Clock, CrmServices, NotificationPort, TeamDirectory } from "@crm/shared/services";
import type { TokenVerifier } from "@crm/shared/auth";
import type { WorkflowEngine, WorkflowEngineOptions } from "@crm/shared/workflows";
import { ConfigurationError } from "./config.js";
import type { ServerConfig } from "./config.js";

export interface RunningServer {
  url: string;
  app: FastifyInstance;
  services: CrmServices;
  devIssuer?: DevTokenIssuer;
  workflows: WorkflowEngine;
  close(): Promise<void>;
}

export interface StartOptions {
  config: ServerConfig;
  /** Production token validation; when absent the server runs in dev mode with its own issuer. */
  verifier?: TokenVerifier;
  clock?: Clock;
  /** Reads Teams team members; by default Graph on behalf of the user when the Entra app has a secret. */
  teamDirectory?: TeamDirectory;
  logger?: boolean | { level: string };
  /** Extra routes inside the same instance (the bot). */
  extend?: (app: FastifyInstance, services: CrmServices) => Promise<void>;
  sweepIntervalMs?: number;
  /** Where workflows send notifications (the bot); without one they are stored for later delivery. */
  notifications?: NotificationPort;
  /** The workflow engine's settings (the bench reads each job's lag through `onJobDone`). */
  workflowOptions?: WorkflowEngineOptions;
  /** How often the workflow and access workers look for due work (real time); 0 leaves it to tests calling tick/drain. */
  workflowPollMs?: number;
  /** Reads shared mailboxes for email sync; by default application access with the Entra app's secret (docs/email-sync.md). */
  mailClient?: GraphMailClient;
}

const outboxTables = ["records", "notes", "config"] as const;

export async function startServer(options: StartOptions): Promise<RunningServer> {
  const { config } = options;
  if (config.production) refuseDevPathsInProduction(options);
  const store = await TableStore.open({
    ...(config.connectionString ? { connectionString: config.connectionString } : {}),
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    dataDir: config.dataDir,
    inMemory: config.inMemoryStorage,
  });
  const mailClient = options.mailClient ?? (config.graph ? new GraphMailClient(createAppTokenSource(config.graph)) : undefined);
  const services = createServices(store, options.clock ?? systemClock, {
    ...(options.notifications ? { notifications: options.notifications } : {}),
    decisionsNeedStepUp: config.stepUp !== undefined,
    ...(options.workflowOptions ? { workflows: options.workflowOptions } : {}),
    ...(config.graph ? { rosterGraph: createGraphAppDirectory(config.graph) } : {}),
    ...(mailClient ? { mailClient } : {}),
  });
  const workflows = services.workflowEngine;
  const production = options.verifier ?? (config.entra ? createEntraTokenVerifier(config.entra) : undefined);
  const devIssuer = production ? undefined : await DevTokenIssuer.create();
  const teamDirectory = options.teamDirectory ?? (config.graph ? new GraphTeamDirectory(createGraphOnBehalfOf(config.graph)) : undefined);
  const app = await createApi({
    services,
    verifier: production ?? devIssuer!,
    ...(devIssuer ? { devIssuer } : {}),
    ...(teamDirectory ? { teamDirectory } : {}),
    logger: options.logger ?? false,
    rateLimitPerMinute: config.rateLimitPerMinute,
    ...(config.stepUp ? { stepUp: config.stepUp } : {}),
    extend: async (instance) => {
      if (options.extend) await options.extend(instance, services);
      serveTab(instance, config.tabDir);
    },
  });
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : config.port;

  const sweeper = startOutboxSweeper(services, options.sweepIntervalMs ?? 30_000);
  const retention = startRetentionSweeper(services, config.retention);
  if ((options.workflowPollMs ?? 1000) > 0) {
    workflows.start(options.workflowPollMs ?? 1000);
    services.accessJobs.start(options.workflowPollMs ?? 1000);
    services.qualityScan.start(options.workflowPollMs ?? 1000);
    services.leaverJobs.start(options.workflowPollMs ?? 1000);
    services.rosterReconciliation.start();
    services.mail.jobs?.start(Math.max(options.workflowPollMs ?? 1000, 5_000));
  }
  return {
    url: `http://${config.host}:${port}`,
    app,
    services,
    ...(devIssuer ? { devIssuer } : {}),
    workflows,
    close: async () => {
      clearInterval(sweeper);
      clearInterval(retention);
      services.rosterReconciliation.stop();
      // Side by side: background work stops after the job in hand while the requests in flight finish
      // (and any that arrive meanwhile get 503); leases are handed back, then storage is flushed.
      await Promise.all([workflows.stop(), services.accessJobs.stop(), services.qualityScan.stop(), services.leaverJobs.stop(), services.mail.jobs?.stop(), app.close()]);
      await store.close();
    },
  };
}

/** Production has no dev sign-in and no embedded storage to fall back on (readServerConfig names what is missing). */
function refuseDevPathsInProduction(options: StartOptions): void {
  const { config } = options;
  const missing = [
    ...(options.verifier || config.entra ? [] : ["an Entra app (AAD_APP_CLIENT_ID): production has no dev sign-in"]),
    ...(config.connectionString || config.endpoint ? [] : ["a storage account (AZURE_TABLES_ENDPOINT or AZURE_TABLES_CONNECTION_STRING): production has no embedded storage"]),
  ];
  if (missing.length > 0) throw new ConfigurationError(`The server cannot start in production mode: it needs ${missing.join(", and ")}.`);
}

/** Finishes follow-up work that a crashed instance left in the outbox. */
function startOutboxSweeper(services: CrmServices, intervalMs: number): NodeJS.Timeout {
  const leases = new LeaseManager(services.store, randomUUID());
  const sweep = async () => {
    try {
      // Nothing left behind (the usual case): a read per table and no lease write, so an idle server writes nothing.
      const stale: (typeof outboxTables)[number][] = [];
      for (const table of outboxTables) if (await services.events.hasStale(table, 30_000)) stale.push(table);
      if (stale.length === 0 || !(await leases.tryAcquire("outbox-sweeper", intervalMs * 2))) return;
      for (const table of stale) await services.events.sweep(table, 30_000);
    } catch {
      // Storage unreachable: the next round tries again; health reports it meanwhile.
    }
  };
  const timer = setInterval(() => void sweep(), intervalMs);
  timer.unref();
  void sweep();
  return timer;
}

/** Deletes old run records, picks and Idempotency-Key answers, once per interval across all instances. */
function startRetentionSweeper(services: CrmServices, settings: ServerConfig["retention"]): NodeJS.Timeout {
  const leases = new LeaseManager(services.store, randomUUID());
  const sweeper = new RetentionSweeper(services.store, settings);
  const intervalMs = settings.sweepMinutes * 60_000;
  const timer = setInterval(() => {
    void (async () => {
      try {
        // Held longer than one interval, so one instance sweeps per interval even if another starts meanwhile.
        if (await leases.tryAcquire("retention-sweeper", intervalMs)) await sweeper.sweep();
      } catch {
        // Storage unreachable: the next interval tries again.
      }
    })();
  }, intervalMs);
  timer.unref();
  return timer;
}

/** The built tab at `/`, with client-side routes falling back to index.html. */
function serveTab(app: FastifyInstance, tabDir: string | undefined): void {
  if (!tabDir || !existsSync(path.join(tabDir, "index.html"))) {
    app.get("/", { config: { requires: requires.public("the tab's files") } }, async (_request, reply) => reply.type("text/plain").send("The tab is not built yet: run `npm run build`, then reload."));
    return;
  }
  void app.register(fastifyStatic, {
    root: tabDir,
    prefix: "/",
    wildcard: false,
    index: ["index.html"],
    // The build's .br/.gz copies to browsers that accept them (tabs/vite.config.ts makes them).
    preCompressed: true,
    cacheControl: false,
    // Hashed assets never change under their name: cached for a year. Pages are checked each time, so a deploy shows at once.
    setHeaders: (response, filePath) => {
      response.setHeader("cache-control", filePath.includes(`${path.sep}assets${path.sep}`) ? "public, max-age=31536000, immutable" : "no-cache");
      // One address, several encodings: caches must keep them apart.
      response.setHeader("vary", "accept-encoding");
    },
  });
  app.get("/*", { config: { requires: requires.public("the tab's files") } }, async (request, reply) => {
    if (request.url.startsWith("/api/")) {
      return reply.code(404).send({ error: { code: "not_found", message: `There is no ${request.method} ${request.url.split("?")[0]} in this API.` } });
    }
    return reply.sendFile("index.html");
  });
}
