/**
 * One workflow engine per set of services. The server installs it with the bot's
 * NotificationPort before the API is built; the API routes find it here, so the
 * API needs no extra wiring. Without a port, notifications are stored for later.
 */
import { randomUUID } from "node:crypto";
import type { CrmServices } from "../services/index.js";
import type { NotificationPort } from "../services/notifications.js";
import { caseStatusGuard } from "../services/case-status-guard.js";
import { NoteRepository } from "../storage/note-repository.js";
import { openWorkflowStores } from "../storage/workflow-stores.js";
import type { WorkflowEngineOptions } from "./engine/workflow-engine.js";
import { WorkflowEngine } from "./engine/workflow-engine.js";
import { WorkflowService } from "./workflow-service.js";

const installed = new WeakMap<CrmServices, { engine: WorkflowEngine; service: WorkflowService }>();

export function installWorkflowEngine(services: CrmServices, notifications?: NotificationPort, options?: WorkflowEngineOptions & { holderId?: string }): WorkflowEngine {
  const existing = installed.get(services);
  if (existing) return existing.engine;
  const stores = openWorkflowStores(services.store, services.changes, services.clock, options?.holderId ?? randomUUID());
  const engine = new WorkflowEngine({ ...services, notes: new NoteRepository(services.store, services.changes) }, stores, notifications, options).attach();
  services.records.statusGuard = caseStatusGuard(stores.definitions, services.changes.audit, services.clock);
  installed.set(services, { engine, service: new WorkflowService(engine, services) });
  return engine;
}

export function workflowServiceOf(services: CrmServices): WorkflowService {
  installWorkflowEngine(services);
  return installed.get(services)!.service;
}
