/**
 * One workflow engine per set of services. The server installs it with the bot's
 * NotificationPort before the API is built; the API routes find it here, so the
 * API needs no extra wiring. Without a port, notifications are stored for later.
 */
import type { CrmServices } from "../services/index.js";
import type { NotificationPort } from "../services/notifications.js";
import type { WorkflowEngineOptions } from "./engine.js";
import { WorkflowEngine } from "./engine.js";
import { WorkflowService } from "./workflow-service.js";

const installed = new WeakMap<CrmServices, { engine: WorkflowEngine; service: WorkflowService }>();

export function installWorkflowEngine(services: CrmServices, notifications?: NotificationPort, options?: WorkflowEngineOptions): WorkflowEngine {
  const existing = installed.get(services);
  if (existing) return existing.engine;
  const engine = new WorkflowEngine(services, notifications, options).attach();
  installed.set(services, { engine, service: new WorkflowService(engine, services) });
  return engine;
}

export function workflowServiceOf(services: CrmServices): WorkflowService {
  installWorkflowEngine(services);
  return installed.get(services)!.service;
}
