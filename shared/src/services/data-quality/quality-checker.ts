/**
 * Keeps a record's findings in step with the record: run on each change event (at least
 * once per change, so every step recomputes from what is stored now and a redelivery
 * changes nothing) and by the full scan. A finding that no longer applies resolves
 * itself; one that applies again reopens; a dismissed one stays dismissed while it
 * applies. A deleted record takes its findings and index rows with it.
 *
 * Cost of one change: the rules, the form, the record, its quality state and its
 * findings (one small range), plus one point read per duplicate value; writes only
 * for what changed.
 */
import { checkRecord, duplicateKeys } from "../../domain/data-quality/check.js";
import type { CheckContext, RecordProblem } from "../../domain/data-quality/check.js";
import type { Finding } from "../../domain/data-quality/finding.js";
import type { DuplicateRule, QualityRules } from "../../domain/data-quality/rules.js";
import { findingKey, ruleLabels } from "../../domain/data-quality/rules.js";
import type { CrmRecord } from "../../domain/records.js";
import { entityLabels } from "../../policy/model.js";
import type { EntityType } from "../../policy/model.js";
import type { ConfigRepository } from "../../storage/config-repository.js";
import type { QualityRepository, RecordQualityState, StoredFinding } from "../../storage/quality-repository.js";
import { valueHash } from "../../storage/quality-repository.js";
import type { RecordRepository } from "../../storage/record-repository.js";
import type { WorkflowRepository } from "../../storage/workflow-repository.js";
import { durationMs } from "../../workflows/model.js";
import type { Clock } from "../clock.js";
import type { NotificationPort } from "../notifications.js";
import type { QualityRouting } from "./quality-routing.js";

/** How many other records of one duplicate group get their finding updated by one change. */
const peerLimit = 20;

interface CheckerParts {
  quality: QualityRepository;
  records: Pick<RecordRepository, "get">;
  config: Pick<ConfigRepository, "getForm" | "listPipelines">;
  caseWorkflows: Pick<WorkflowRepository, "getCaseWorkflow">;
  routing: QualityRouting;
  notifications: NotificationPort;
  clock: Clock;
}

/** What the tenant's configuration says, read once per check (or once per scan batch). */
interface TenantQualityContext {
  rules: QualityRules;
  forms: Map<EntityType, CheckContext["form"]>;
  closedStages: Set<string>;
  caseSla: CheckContext["caseSla"];
}

export class QualityChecker {
  constructor(private readonly parts: CheckerParts) {}

  /** Reads what the checks need of the tenant's configuration; only what `entity` needs when given. */
  async tenantContext(tenantId: string, entity?: EntityType): Promise<TenantQualityContext> {
    const { quality, config, caseWorkflows } = this.parts;
    const entities: EntityType[] = entity ? [entity] : ["lead", "opportunity", "case"];
    const [rules, forms] = await Promise.all([quality.getRules(tenantId), Promise.all(entities.map(async (one) => [one, (await config.getForm(tenantId, one)).fields] as const))]);
    const closedStages = new Set<string>();
    if (entities.includes("opportunity")) {
      for (const pipeline of await config.listPipelines(tenantId)) for (const stage of pipeline.stages) if (stage.won || stage.lost) closedStages.add(stage.id);
    }
    let caseSla: CheckContext["caseSla"] = { unansweredStatuses: ["New"], byPriority: new Map() };
    if (entities.includes("case")) {
      const workflow = await caseWorkflows.getCaseWorkflow(tenantId);
      if (workflow) caseSla = { unansweredStatuses: workflow.unansweredStatuses, byPriority: new Map(workflow.sla.map((rule) => [rule.priority, durationMs(rule.respondWithin)])) };
    }
    return { rules, forms: new Map(forms), closedStages, caseSla };
  }

  /** Checks the record as it is stored now; `activityAt` is a note just added. */
  async checkStored(tenantId: string, entity: EntityType, recordId: string, activityAt?: string, context?: TenantQualityContext): Promise<void> {
    const record = await this.parts.records.get(tenantId, entity, recordId);
    if (!record) return this.forget(tenantId, entity, recordId);
    await this.check(tenantId, record, context ?? (await this.tenantContext(tenantId, entity)), activityAt);
  }

  async check(tenantId: string, record: CrmRecord, context: TenantQualityContext, activityAt?: string): Promise<void> {
    const { quality } = this.parts;
    const [state, existing] = await Promise.all([quality.recordState(tenantId, record.entity, record.id), quality.findingsOf(tenantId, record.entity, record.id)]);
    const lastActivityAt = [state.lastActivityAt, activityAt]
      .filter((at): at is string => !!at)
      .sort()
      .pop();
    const form = context.forms.get(record.entity) ?? [];
    const problems = checkRecord(record, {
      form,
      rules: context.rules,
      now: this.parts.clock.now(),
      closedStages: context.closedStages,
      caseSla: context.caseSla,
      ...(lastActivityAt ? { lastActivityAt } : {}),
    });
    const related = new Map<string, string[]>();
    const keys = duplicateKeys(record, form, context.rules);
    const dupRows = keys.map((key) => ({ rule: key.rule, hash: valueHash(key.value) }));
    for (const left of state.dupRows.filter((row) => !dupRows.some((kept) => kept.rule === row.rule && kept.hash === row.hash))) {
      await this.leaveGroup(tenantId, record.entity, record.id, left);
    }
    for (const [index, key] of keys.entries()) {
      const members = await quality.changeValueMembers(tenantId, key.rule, record.entity, dupRows[index]!.hash, record.id, "add");
      const others = members.filter((id) => id !== record.id);
      if (others.length === 0) continue;
      related.set(key.rule, others);
      problems.push({ key: findingKey(key.rule), rule: key.rule, fields: key.fields, message: duplicateMessage(record.entity, key.rule, others.length) });
      for (const peer of others.slice(0, peerLimit)) await this.joinPeer(tenantId, record.entity, peer, key.rule, key.fields, record.id);
    }
    await this.reconcile(tenantId, record, existing, problems, related);
    const changed = lastActivityAt !== state.lastActivityAt || JSON.stringify(dupRows) !== JSON.stringify(state.dupRows);
    if (changed) await quality.saveRecordState(tenantId, record.entity, record.id, { dupRows, ...(lastActivityAt ? { lastActivityAt } : {}) });
  }

  /** The record is gone: its findings and index rows go, and its duplicates' findings lose it. */
  async forget(tenantId: string, entity: EntityType, recordId: string): Promise<void> {
    const { quality } = this.parts;
    const state = await quality.recordState(tenantId, entity, recordId);
    for (const row of state.dupRows) await this.leaveGroup(tenantId, entity, recordId, row);
    for (const finding of await quality.findingsOf(tenantId, entity, recordId)) await quality.deleteFinding(tenantId, finding);
    await quality.deleteRecordState(tenantId, entity, recordId);
  }

  /** Sets the record's findings to `problems`: new ones open (and are routed), gone ones resolve. */
  private async reconcile(tenantId: string, record: CrmRecord, existing: StoredFinding[], problems: RecordProblem[], related: Map<string, string[]>): Promise<void> {
    const now = this.parts.clock.now().toISOString();
    const byKey = new Map(existing.map((finding) => [finding.key, finding]));
    for (const problem of problems) {
      const before = byKey.get(problem.key);
      byKey.delete(problem.key);
      const next: Finding = {
        entity: record.entity,
        recordId: record.id,
        key: problem.key,
        rule: problem.rule,
        fields: problem.fields,
        message: problem.message,
        state: before?.state === "dismissed" ? "dismissed" : "open",
        foundAt: before && before.state !== "resolved" ? before.foundAt : now,
        updatedAt: now,
        ownerId: record.ownerId,
        related: related.get(problem.rule) ?? [],
        routedTo: before && before.state !== "resolved" ? before.routedTo : [],
        ...(before?.state === "dismissed" && before.reason !== undefined ? { reason: before.reason, ...(before.dismissedBy ? { dismissedBy: before.dismissedBy } : {}) } : {}),
      };
      if (before && sameFinding(before, next)) continue;
      if (!before || before.state === "resolved") next.routedTo = await this.route(tenantId, next);
      await this.parts.quality.putFinding(tenantId, next);
    }
    for (const gone of byKey.values()) {
      if (gone.state === "resolved") continue;
      const { etag: _etag, reason: _reason, dismissedBy: _by, ...rest } = gone;
      await this.parts.quality.putFinding(tenantId, { ...rest, state: "resolved", updatedAt: now, ownerId: record.ownerId });
    }
  }

  private async route(tenantId: string, finding: Finding): Promise<string[]> {
    const recipients = await this.parts.routing.recipients(tenantId, finding);
    for (const userId of recipients) {
      await this.parts.notifications.enqueue({
        tenantId,
        recipient: { kind: "user", userId },
        dedupeKey: `quality|${finding.entity}|${finding.recordId}|${finding.key}|${finding.foundAt}|${userId}`,
        title: `Data quality: ${ruleLabels[finding.rule]}`,
        text: finding.message,
        entity: finding.entity,
        recordId: finding.recordId,
        findingKey: finding.key,
      });
    }
    return recipients;
  }

  /** Another record now shares a value with `peer`: the peer's finding names it too. */
  private async joinPeer(tenantId: string, entity: EntityType, peer: string, rule: DuplicateRule, fields: string[], newcomer: string): Promise<void> {
    const { quality } = this.parts;
    const before = await quality.getFinding(tenantId, entity, peer, findingKey(rule));
    if (before && before.state !== "resolved" && before.related.includes(newcomer)) return;
    const record = await this.parts.records.get(tenantId, entity, peer);
    if (!record) return;
    const now = this.parts.clock.now().toISOString();
    const related = [...new Set([...(before && before.state !== "resolved" ? before.related : []), newcomer])];
    const reopened = !before || before.state === "resolved";
    const next: Finding = {
      entity,
      recordId: peer,
      key: findingKey(rule),
      rule,
      fields,
      message: duplicateMessage(entity, rule, related.length),
      state: before?.state === "dismissed" ? "dismissed" : "open",
      foundAt: reopened ? now : before.foundAt,
      updatedAt: now,
      ownerId: record.ownerId,
      related,
      routedTo: reopened ? [] : before.routedTo,
      ...(before?.state === "dismissed" && before.reason !== undefined ? { reason: before.reason } : {}),
    };
    if (reopened) next.routedTo = await this.route(tenantId, next);
    await quality.putFinding(tenantId, next);
  }

  /** The record left a value's group: the members left behind lose it, and a lone one's finding resolves. */
  private async leaveGroup(tenantId: string, entity: EntityType, recordId: string, row: RecordQualityState["dupRows"][number]): Promise<void> {
    const { quality } = this.parts;
    const remaining = await quality.changeValueMembers(tenantId, row.rule, entity, row.hash, recordId, "remove");
    const now = this.parts.clock.now().toISOString();
    for (const peer of remaining.slice(0, peerLimit)) {
      const finding = await quality.getFinding(tenantId, entity, peer, findingKey(row.rule));
      if (!finding || finding.state === "resolved" || !finding.related.includes(recordId)) continue;
      const { etag: _etag, ...rest } = finding;
      const related = finding.related.filter((id) => id !== recordId);
      if (related.length === 0) await quality.putFinding(tenantId, { ...rest, related, state: "resolved", updatedAt: now });
      else await quality.putFinding(tenantId, { ...rest, related, message: duplicateMessage(entity, row.rule, related.length), updatedAt: now });
    }
  }
}

const duplicateWhat: { readonly [R in DuplicateRule]: string } = { duplicateEmail: "email", duplicatePhone: "phone", duplicateNameCompany: "name and company" };

function duplicateMessage(entity: EntityType, rule: DuplicateRule, others: number): string {
  const label = entityLabels[entity];
  return `${others} other ${others === 1 ? label.one : label.many} ${others === 1 ? "has" : "have"} the same ${duplicateWhat[rule]}.`;
}

function sameFinding(before: StoredFinding, next: Finding): boolean {
  return (
    before.state === next.state &&
    before.message === next.message &&
    before.ownerId === next.ownerId &&
    JSON.stringify(before.fields) === JSON.stringify(next.fields) &&
    JSON.stringify(before.related) === JSON.stringify(next.related)
  );
}
