/** Wires storage, policy and services together: one set per process, shared by the API and the bot. */
import { ChangeWriter } from "../storage/change-writer.js";
import { ConfigRepository } from "../storage/config-repository.js";
import { NoteRepository } from "../storage/note-repository.js";
import { RecordRepository } from "../storage/record-repository.js";
import type { TableStore } from "../storage/table-store.js";
import { AccessService } from "./access-service.js";
import { ActorService } from "./actor-service.js";
import { AuditService } from "./audit-service.js";
import type { Clock } from "./clock.js";
import { systemClock } from "./clock.js";
import { ConfigService } from "./config-service.js";
import { RecordService } from "./record-service.js";
import { ReportService } from "./report-service.js";

export interface CrmServices {
  store: TableStore;
  clock: Clock;
  changes: ChangeWriter;
  config: ConfigRepository;
  recordRepository: RecordRepository;
  actors: ActorService;
  records: RecordService;
  configuration: ConfigService;
  reports: ReportService;
  audit: AuditService;
  access: AccessService;
}

export function createServices(store: TableStore, clock: Clock = systemClock): CrmServices {
  const changes = new ChangeWriter(store);
  const config = new ConfigRepository(store, changes);
  const recordRepository = new RecordRepository(store, changes);
  const notes = new NoteRepository(store, changes);
  const records = new RecordService(recordRepository, notes, config, changes, clock);
  const configuration = new ConfigService(config, recordRepository, records, changes, clock);
  const actors = new ActorService(config, clock);
  return {
    store,
    clock,
    changes,
    config,
    recordRepository,
    actors,
    records,
    configuration,
    reports: new ReportService(records, config),
    audit: new AuditService(changes.audit, recordRepository, configuration),
    access: new AccessService(config, actors, records, configuration),
  };
}
