/**
 * Keeps the address index in step with the records: on each record change event
 * it reads the record and its form and indexes the record under the normalised
 * values of its email-type fields (a lead's email, any form field of type email);
 * a deleted record is dropped from the index. Runs at least once per change
 * (idempotent: it sets the record's addresses to what the record now holds).
 */
import type { ConfigRepository } from "../storage/config-repository.js";
import type { DomainEvent, DomainEvents } from "../storage/change-writer.js";
import type { MailRepository } from "../storage/mail-repository.js";
import type { RecordRepository } from "../storage/record-repository.js";
import type { EntityType } from "../policy/model.js";
import { normaliseAddress } from "./sanitize.js";

const recordEvents = new Set(["record.created", "record.updated", "record.deleted"]);
const entities = new Set<string>(["lead", "opportunity", "case"]);

export class MailAddressIndex {
  constructor(
    private readonly repository: MailRepository,
    private readonly records: Pick<RecordRepository, "get">,
    private readonly config: Pick<ConfigRepository, "getForm">,
  ) {}

  attach(events: Pick<DomainEvents, "onEvent">): this {
    events.onEvent((event) => this.onEvent(event));
    return this;
  }

  private async onEvent(event: DomainEvent): Promise<void> {
    if (!recordEvents.has(event.type) || typeof event.recordId !== "string" || !entities.has(String(event.entity))) return;
    await this.reindex(event.tenantId, event.entity as EntityType, event.recordId);
  }

  /** Sets the record's index rows to the addresses it now holds (none once deleted). */
  async reindex(tenantId: string, entity: EntityType, id: string): Promise<void> {
    const record = await this.records.get(tenantId, entity, id);
    const addresses = new Set<string>();
    if (record) {
      const form = await this.config.getForm(tenantId, entity);
      for (const field of form.fields) {
        if (field.type !== "email") continue;
        const address = normaliseAddress(typeof record.fields[field.key] === "string" ? (record.fields[field.key] as string) : undefined);
        if (address) addresses.add(address);
      }
    }
    await this.repository.indexAddresses(tenantId, { entity, id }, [...addresses]);
  }
}
