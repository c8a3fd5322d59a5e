/**
 * Wires storage, policy and services together: one set per process, shared by the
 * API and the bot. The workflow engine is part of it: RecordService asks the case
 * workflow's status guard, the engine hears every change and acts through the same
 * services, and the API and the bot reach workflows through `workflows`.
 */
import { randomUUID } from "node:crypto";
import type { DomainEvents } from "../storage/change-writer.js";
import { ChangeWriter } from "../storage/change-writer.js";
import { AccessRepository } from "../storage/access-repository.js";
import { RaciRepository } from "../storage/raci-repository.js";
import { ConfigRepository } from "../storage/config-repository.js";
import { LeaseManager } from "../storage/leases.js";
import { QualityRepository } from "../storage/quality-repository.js";
import { ReviewRepository } from "../storage/review-repository.js";
import { RosterRepository } from "../storage/roster-repository.js";
import { LeaverRepository, openLeaverQueue } from "../storage/leaver-repository.js";
import { NoteRepository } from "../storage/note-repository.js";
import { RecordRepository } from "../storage/record-repository.js";
import type { TableStore } from "../storage/table-store.js";
import { openAccessQueue } from "../storage/access-queue.js";
import { MailRepository } from "../storage/mail-repository.js";
import { MailAddressIndex } from "../email/address-index.js";
import type { GraphMailClient } from "../email/graph-mail-client.js";
import { MailJobs } from "../email/mail-jobs.js";
import { MailService } from "../email/mail-service.js";
import { MailSync } from "../email/mail-sync.js";
import { AccessJobs } from "./access-jobs.js";
import { AccessRequestService } from "./access-request-service.js";
import { AccessReviewService } from "./access-review-service.js";
import { AccessRulesService } from "./access-rules-service.js";
import { AccessService } from "./access-service.js";
import { RaciService } from "./raci-service.js";
import { openWorkflowStores } from "../storage/workflow-stores.js";
import type { WorkflowEngineOptions } from "../workflows/engine/workflow-engine.js";
import { WorkflowEngine } from "../workflows/engine/workflow-engine.js";
import { ActorService } from "./actor-service.js";
import { AuditService } from "./audit-service.js";
import { caseStatusGuard } from "./case-status-guard.js";
import type { Clock } from "./clock.js";
import { systemClock } from "./clock.js";
import { ConfigService } from "./config-service.js";
import { QualityChecker } from "./data-quality/quality-checker.js";
import type { QualityRouting } from "./data-quality/quality-routing.js";
import { raciRouting } from "./data-quality/quality-routing.js";
import { raciTaskKeys } from "../policy/raci.js";
import { QualityScan } from "./data-quality/quality-scan.js";
import type { ScanPlan, ScanQueue } from "./data-quality/quality-scan.js";
import { JobQueue, queueLayout } from "../storage/job-queue.js";
import { QualityService } from "./data-quality/quality-service.js";
import type { NotificationPort } from "./notifications.js";
import { RecordService } from "./record-service.js";
import { ReportService } from "./report-service.js";
import { RosterService } from "./roster-service.js";
import { RosterReconciliation } from "./roster-reconciliation.js";
import type { GraphAppDirectory } from "../auth/graph-app-directory.js";
import { LeaverJobs } from "./leaver-jobs.js";
import { LeaverService } from "./leaver-service.js";
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
  /** Approval policies, separation-of-duties rules and the conflict report. */
  accessRules: AccessRulesService;
  /** Access requests and time-bound grants. */
  accessRequests: AccessRequestService;
  /** Access review campaigns, their decisions and evidence. */
  accessReviews: AccessReviewService;
  /** The follow-ups of access requests and reviews (expiry, grants ending); started and stopped by the server like the workflow engine. */
  accessJobs: AccessJobs;
  /**
   * Responsibilities: the RACI chart, and `holdersOf(tenantId, taskKey, letter)`, who to
   * route a task's work to (the Owners when the chart names nobody).
   */
  raci: RaciService;
  /** Data-quality findings, rules and scans; the checker hears every change. */
  dataQuality: QualityService;
  /** The full data-quality scan's worker; started and stopped by the server like the workflow engine. */
  qualityScan: QualityScan;
  /** CRM users following the linked Teams teams (joiners, movers, leavers). */
  roster: RosterService;
  /** Leavers' open records and tasks, reassigned by the Owner's rule. */
  leavers: LeaverService;
  /** The leavers' queue worker; started and stopped by the server like the access jobs. */
  leaverJobs: LeaverJobs;
  /** The scheduled roster catch-up through Graph; off without the app's credentials. */
  rosterReconciliation: RosterReconciliation;
  /** Email sync: settings, status, a record's emails; `jobs` when the server has a Graph client for mail (docs/email-sync.md). */
  mail: EmailSync;
}

interface EmailSync {
  service: MailService;
  /** Started and stopped by the server; tests drive it with `drain`. */
  jobs?: MailJobs;
}

export interface ServiceOptions {
  /** Where workflows send notifications (the bot); without one they are stored for later delivery. */
  notifications?: NotificationPort;
  workflows?: WorkflowEngineOptions;
  /** Step-up sign-in is on: access decisions are made in the tab (the API asks for it), never from chat. */
  decisionsNeedStepUp?: boolean;
  /** Graph with the app's own permission, for the roster reconciliation; without it reconciliation is off. */
  rosterGraph?: GraphAppDirectory;
  /** Who this instance is, for the workflow worker's lease (random by default). */
  holderId?: string;
  /** Who hears about data-quality findings (the record's owner, and the Owners for duplicates, by default). */
  qualityRouting?: QualityRouting;
  /** The full scan's batch size, and a hook after each batch (tests). */
  qualityScan?: { batchSize?: number; onBatch?: (tenantId: string, plan: ScanPlan) => void };
  /** Reads shared mailboxes (application access); without one the sync's settings are kept but nothing is synced. */
  mailClient?: GraphMailClient;
}

export function createServices(store: TableStore, clock: Clock = systemClock, options: ServiceOptions = {}): CrmServices {
  const holderId = options.holderId ?? randomUUID();
  const changes = new ChangeWriter(store);
  const access = new AccessRepository(store, changes);
  const config = new ConfigRepository(store, changes);
  const recordRepository = new RecordRepository(store, changes);
  const notes = new NoteRepository(store, changes);
  const workflowStores = openWorkflowStores(store, changes, clock, holderId);
  const records = new RecordService(recordRepository, notes, config, changes, clock, caseStatusGuard(workflowStores.definitions, changes.audit, clock));
  const actors = new ActorService(config, clock);
  const accessRules = new AccessRulesService(access, config, changes, clock);
  const accessQueue = openAccessQueue(store);
  const notifications = options.notifications ?? workflowStores.storedNotifications;
  const accessRequests = new AccessRequestService({
    access,
    config,
    actors,
    rules: accessRules,
    changes,
    clock,
    notifications,
    queue: accessQueue,
    decisionsNeedStepUp: options.decisionsNeedStepUp ?? false,
  });
  const accessReviews = new AccessReviewService({
    reviews: new ReviewRepository(store, changes),
    config,
    records: recordRepository,
    audit: changes.audit,
    actors,
    rules: accessRules,
    requests: accessRequests,
    clock,
    notifications,
    queue: accessQueue,
  });
  const raci = new RaciService({ raci: new RaciRepository(store, changes), config, audit: changes.audit, clock, notifications, queue: accessQueue });
  // A new tenant's chart (the defaults until someone saves it) is reviewed from its first quarter on.
  changes.onEvent(async (event) => {
    if (event.type === "user.joined" && event.founder === true) await raci.scheduleReminder(event.tenantId);
  });
  const configuration = new ConfigService(config, recordRepository, records, changes, clock, { rules: accessRules, requests: accessRequests, raci });
  const quality = new QualityRepository(store, changes);
  const checker = new QualityChecker({
    quality,
    records: recordRepository,
    config,
    caseWorkflows: workflowStores.definitions,
    routing: options.qualityRouting ?? raciRouting(raci),
    notifications,
    clock,
  });
  const scanQueue: ScanQueue = new JobQueue(store, queueLayout("quality"));
  const qualityScan = new QualityScan(scanQueue, new LeaseManager(store, holderId), clock, recordRepository, checker, options.qualityScan);
  const dataQuality = new QualityService({
    quality,
    checker,
    scan: qualityScan,
    records,
    audit: changes.audit,
    clock,
    requireConfig: (actor, permission, action) => configuration.require(actor, permission, action),
    accountable: async (tenantId) => [...new Set((await raci.holdersOf(tenantId, raciTaskKeys.dataCleanup, "A")).map((holder) => holder.userId))],
    actorOf: (tenantId, userId) => actors.activeActor(tenantId, userId),
    notifications,
  });
  const leaverQueue = openLeaverQueue(store);
  const leavers = new LeaverService({ leavers: new LeaverRepository(store, changes), queue: leaverQueue, config, records: recordRepository, configuration, notifications, clock });
  // Delivered at least once (and again by the outbox sweeper): the job is keyed by the change.
  changes.onEvent(async (event, changeId) => {
    if (event.type === "user.deactivated" && typeof event.userId === "string") await leavers.deactivated(event.tenantId, event.userId, changeId);
  });
  const rosterRows = new RosterRepository(store, changes);
  const roster = new RosterService({ config, roster: rosterRows, rules: accessRules, configuration, notifications, clock });
  const mailRepository = new MailRepository(store);
  new MailAddressIndex(mailRepository, recordRepository, config).attach(changes);
  const mailJobs = options.mailClient
    ? new MailJobs(
        store,
        new LeaseManager(store, holderId),
        clock,
        new MailSync(mailRepository, options.mailClient, async (tenantId, caseId) => (await recordRepository.get(tenantId, "case", caseId)) !== undefined, clock),
        {
          isActive: async (tenantId, mailbox) => {
            const settings = await mailRepository.settings(tenantId);
            return settings.enabled && settings.sharedMailboxes.includes(mailbox);
          },
        },
      )
    : undefined;
  const workflowEngine = new WorkflowEngine({ clock, changes, records, recordRepository, notes, config, actors }, workflowStores, options.notifications, options.workflows).attach();
  // After the workflow engine's intake: a data-quality failure must not hold back workflows (the sweeper reruns both, each idempotent).
  changes.onEvent((event, changeId) => dataQuality.onEvent(event, changeId));
  return {
    store,
    clock,
    events: changes,
    actors,
    records,
    configuration,
    reports: new ReportService(records, config),
    audit: new AuditService(changes.audit, recordRepository, configuration, clock),
    access: new AccessService(config, actors, records, configuration, accessRules),
    workflows: new WorkflowService(workflowEngine, { clock, records, config, configuration, actors, audit: changes.audit }),
    workflowEngine,
    accessRules,
    accessRequests,
    accessReviews,
    accessJobs: new AccessJobs(accessQueue, new LeaseManager(store, holderId), clock, accessRequests, accessReviews, raci),
    raci,
    dataQuality,
    qualityScan,
    leavers,
    leaverJobs: new LeaverJobs(leaverQueue, new LeaseManager(store, holderId), clock, leavers),
    roster,
    rosterReconciliation: new RosterReconciliation({ roster, rosterRows, config, leases: new LeaseManager(store, holderId), ...(options.rosterGraph ? { graph: options.rosterGraph } : {}) }),
    mail: { service: new MailService(mailRepository, records, changes.audit, clock, mailJobs), ...(mailJobs ? { jobs: mailJobs } : {}) },
  };
}
