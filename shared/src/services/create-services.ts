/**
 * Wires storage, policy and services together: one set per process, shared by the
 * API and the bot. The workflow engine is part of it: RecordService asks the case
 * workflow's status guard, the engine hears every change and acts through the same
 * services, and the API and the bot reach workflows through `workflows`.
 */
import { randomUUID } from "node:crypto";
import type { DomainEvents } from "../storage/change-writer.js";
import { ChangeWriter } from "../storage/change-writer.js";
import { ConfigRepository } from "../storage/config-repository.js";
import { NoteRepository } from "../storage/note-repository.js";
import { RecordRepository } from "../storage/record-repository.js";
import type { TableStore } from "../storage/table-store.js";
import { AccessService } from "./access-service.js";
import { openWorkflowStores } from "../storage/workflow-stores.js";
import type { WorkflowEngineOptions } from "../workflows/engine/workflow-engine.js";
import { WorkflowEngine } from "../workflows/engine/workflow-engine.js";
import { ActorService } from "./actor-service.js";
import { AuditService } from "./audit-service.js";
import { caseStatusGuard } from "./case-status-guard.js";
import type { Clock } from "./clock.js";
import { systemClock } from "./clock.js";
import { ConfigService } from "./config-service.js";
import type { NotificationPort } from "./notifications.js";
import { RecordService } from "./record-service.js";
import { ReportService } from "./report-service.js";
import { WorkflowService } from "./workflow-service.js";

/**
 * Services only: no repository. `store` is the storage connection, for the bot's own
 * storage/, the server's leases and the health check; `events` is the change writer's
 * event stream and its outbox sweeper.
 */
export interface CrmServices {
  store: TableStore;
  clock: Clock;
  events: DomainEvents;
  actors: ActorService;
  records: RecordService;
  configuration: ConfigService;
  reports: ReportService;
  audit: AuditService;
  access: AccessService;
  workflows: WorkflowService;
  /** Started and stopped by the server; tests drive it with `tick`/`drain`. */
  workflowEngine: WorkflowEngine;
}

export interface ServiceOptions {
  /** Where workflows send notifications (the bot); without one they are stored for later delivery. */
  notifications?: NotificationPort;
  workflows?: WorkflowEngineOptions;
  /** Who this instance is, for the workflow worker's lease (random by default). */
  holderId?: string;
}

export function createServices(store: TableStore, clock: Clock = systemClock, options: ServiceOptions = {}): CrmServices {
  const changes = new ChangeWriter(store);
  const config = new ConfigRepository(store, changes);
  const recordRepository = new RecordRepository(store, changes);
  const notes = new NoteRepository(store, changes);
  const workflowStores = openWorkflowStores(store, changes, clock, options.holderId ?? randomUUID());
  const records = new RecordService(recordRepository, notes, config, changes, clock, caseStatusGuard(workflowStores.definitions, changes.audit, clock));
  const actors = new ActorService(config, clock);
  const configuration = new ConfigService(config, recordRepository, records, changes, clock);
  const workflowEngine = new WorkflowEngine({ clock, changes, records, recordRepository, notes, config, actors }, workflowStores, options.notifications, options.workflows).attach();
  return {
    store,
    clock,
    events: changes,
    actors,
    records,
    configuration,
    reports: new ReportService(records, config),
    audit: new AuditService(changes.audit, recordRepository, configuration, clock),
    access: new AccessService(config, actors, records, configuration),
    workflows: new WorkflowService(workflowEngine, { clock, records, config, configuration, actors, audit: changes.audit }),
    workflowEngine,
  };
}
