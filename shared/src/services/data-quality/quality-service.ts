/**
 * Data quality as callers see it: findings within what they may read, dismiss and
 * reopen, the rules, and a scan on request. Also the checker's ear on change events.
 *
 * Visibility: a finding shows only when the reader may read its record (an own-scope
 * reader: records they own; team scope: a point read per record; all: none) and every
 * field it is about; related records show only when readable. A finding the reader may
 * not see answers 404, like a record.
 */
import { AppError, invalidInput, notFound } from "../../errors/app-error.js";
import type { Finding, FindingState } from "../../domain/data-quality/finding.js";
import { dismissReasonLimit } from "../../domain/data-quality/finding.js";
import type { QualityRules, RuleId } from "../../domain/data-quality/rules.js";
import { checkQualityRules, defaultReminderDays, ruleIds, ruleLabels } from "../../domain/data-quality/rules.js";
import { timeOfId } from "../../domain/ids.js";
import { titleField } from "../../domain/forms.js";
import { decideOnEntity, fieldAccess } from "../../policy/decide.js";
import type { Actor, ConfigPermission, EntityType } from "../../policy/model.js";
import type { AuditRepository } from "../../storage/audit-repository.js";
import type { DomainEvent } from "../../storage/change-writer.js";
import type { QualityRepository, StoredFinding } from "../../storage/quality-repository.js";
import type { Clock } from "../clock.js";
import { configChange } from "../config-change.js";
import type { RecordService } from "../record-service.js";
import type { QualityChecker } from "./quality-checker.js";
import type { NotificationPort } from "../notifications.js";
import type { QualityScan } from "./quality-scan.js";

interface FindingQuery {
  state?: FindingState;
  rule?: RuleId;
  /** "me" or a user id. */
  owner?: string;
  /** Only findings open at least this many days. */
  olderThanDays?: number;
  pageSize?: number;
}

type FindingView = Omit<Finding, "routedTo" | "dismissedBy"> & { ruleLabel: string; recordTitle?: string };

interface ServiceParts {
  quality: QualityRepository;
  checker: QualityChecker;
  scan: QualityScan;
  records: RecordService;
  audit: AuditRepository;
  clock: Clock;
  requireConfig: (actor: Actor, permission: ConfigPermission, action: string) => Promise<void>;
  /** Who is Accountable for data cleanup (the RACI chart's "A", the Owners standing in). */
  accountable: (tenantId: string) => Promise<string[]>;
  actorOf: (tenantId: string, userId: string) => Promise<Actor | undefined>;
  notifications: NotificationPort;
}

/** Checking data quality is a configuration concern of those who shape the forms. */
const rulesPermission: ConfigPermission = "forms";
const trendDays = 14;
const dayMs = 86_400_000;
const checkedEvents: readonly string[] = ["record.created", "record.updated", "record.assigned", "record.deleted", "record.noteAdded"];

export class QualityService {
  /** The last change checked, so the several events of one change (updated, assigned) cost one check. */
  private lastChecked = "";
  private readonly nightlyScheduled = new Set<string>();

  constructor(private readonly parts: ServiceParts) {
    parts.scan.setReminder((tenantId, window) => this.remindAccountable(tenantId, window));
  }

  /**
   * The daily reminder: findings still open that came of age (open the rules' days) within
   * the window are told to data cleanup's Accountable, one message per person counting
   * those they may see, by rule. Consecutive windows tell each finding once.
   */
  async remindAccountable(tenantId: string, window: { since: number; until: number }): Promise<void> {
    const { quality, notifications } = this.parts;
    const days = (await quality.getRules(tenantId)).accountableReminder?.days ?? defaultReminderDays;
    const age = days * dayMs;
    const { items } = await quality.listFindings(tenantId, { state: "open" });
    const due = items.filter((finding) => {
      const cameOfAge = Date.parse(finding.foundAt) + age;
      return finding.state === "open" && cameOfAge > window.since && cameOfAge <= window.until;
    });
    if (due.length === 0) return;
    for (const userId of await this.parts.accountable(tenantId)) {
      const actor = await this.parts.actorOf(tenantId, userId);
      const seen = actor ? await this.visibleTo(actor, due) : [];
      if (seen.length === 0) continue;
      const counts = ruleIds.map((rule) => [rule, seen.filter((finding) => finding.rule === rule).length] as const).filter(([, count]) => count > 0);
      await notifications.enqueue({
        tenantId,
        recipient: { kind: "user", userId },
        dedupeKey: `quality-remind|${new Date(window.until).toISOString().slice(0, 16)}|${userId}`,
        title: `Data quality: ${seen.length} ${seen.length === 1 ? "finding" : "findings"} open over ${days} days`,
        text: `You are Accountable for data cleanup. Still open after ${days} days: ${counts.map(([rule, count]) => `${ruleLabels[rule]}: ${count}`).join("; ")}. See the Data quality screen in the CRM tab.`,
      });
    }
  }

  /** The change writer's sink: at least once per change, idempotent. */
  async onEvent(event: DomainEvent, changeId: string): Promise<void> {
    if (!checkedEvents.includes(event.type) || typeof event.entity !== "string" || typeof event.recordId !== "string") return;
    const entity = event.entity as EntityType;
    const once = `${changeId}|${entity}|${event.recordId}`;
    if (once === this.lastChecked) return;
    this.lastChecked = once;
    const { checker, clock } = this.parts;
    if (event.type === "record.deleted") await checker.forget(event.tenantId, entity, event.recordId);
    else {
      const activityAt = event.type === "record.noteAdded" ? new Date(timeOfId(changeId) ?? clock.now().getTime()).toISOString() : undefined;
      await checker.checkStored(event.tenantId, entity, event.recordId, activityAt);
    }
    const night = `${event.tenantId}|${clock.now().toISOString().slice(0, 10)}`;
    if (!this.nightlyScheduled.has(night)) {
      await this.parts.scan.scheduleNightly(event.tenantId);
      this.nightlyScheduled.add(night);
    }
  }

  async list(actor: Actor, query: FindingQuery) {
    const { quality, clock } = this.parts;
    const ownerId = query.owner === "me" ? actor.userId : query.owner;
    const { items, truncated } = await quality.listFindings(actor.tenantId, { ...(query.rule ? { rule: query.rule } : {}), ...(ownerId ? { ownerId } : {}) });
    const visible = await this.visibleTo(actor, items);
    const now = clock.now().getTime();
    const state = query.state ?? "open";
    const aged = (finding: StoredFinding) => query.olderThanDays === undefined || now - Date.parse(finding.foundAt) >= query.olderThanDays * dayMs;
    const matching = visible.filter((finding) => finding.state === state && aged(finding));
    const byRule = Object.fromEntries(ruleIds.map((rule) => [rule, 0])) as Record<RuleId, number>;
    for (const finding of visible) if (finding.state === "open" && aged(finding)) byRule[finding.rule] += 1;
    matching.sort((a, b) => a.foundAt.localeCompare(b.foundAt));
    const page = matching.slice(0, query.pageSize ?? 50);
    return {
      items: await this.views(actor, page),
      counts: { total: matching.length, open: visible.filter((finding) => finding.state === "open").length, byRule },
      trend: trendOf(visible, now),
      truncated,
    };
  }

  /**
   * One finding as the reader may see it (the bot's card), and whether they may dismiss
   * it (the dismiss route's own check: update on the record). 404 exactly as the list hides it.
   */
  async get(actor: Actor, entity: EntityType, recordId: string, key: string): Promise<{ finding: FindingView; mayDismiss: boolean }> {
    const finding = await this.parts.quality.getFinding(actor.tenantId, entity, recordId, key);
    const [visible] = finding ? await this.visibleTo(actor, [finding]) : [];
    if (!visible) throw notFound("finding");
    let mayDismiss = visible.state === "open";
    if (mayDismiss) {
      try {
        await this.parts.records.load(actor, entity, recordId, "update");
      } catch (error) {
        if (!(error instanceof AppError) || (error.code !== "forbidden" && error.code !== "not_found")) throw error;
        mayDismiss = false;
      }
    }
    const [view] = await this.views(actor, [visible]);
    return { finding: view!, mayDismiss };
  }

  async dismiss(actor: Actor, entity: EntityType, recordId: string, key: string, reason: string) {
    const trimmed = reason.trim();
    if (trimmed === "" || trimmed.length > dismissReasonLimit) throw invalidInput([{ field: "reason", message: `Say why in 1 to ${dismissReasonLimit} characters.` }]);
    return this.changeState(actor, entity, recordId, key, "dismissed", trimmed);
  }

  reopen(actor: Actor, entity: EntityType, recordId: string, key: string) {
    return this.changeState(actor, entity, recordId, key, "open");
  }

  private async changeState(actor: Actor, entity: EntityType, recordId: string, key: string, state: "open" | "dismissed", reason?: string) {
    const { quality, records, audit, clock } = this.parts;
    // Changing a finding's state takes the right to change the record: 404 when it cannot be read, 403 when read-only.
    const record = await records.load(actor, entity, recordId, "update");
    const finding = await quality.getFinding(actor.tenantId, entity, recordId, key);
    if (!finding || !this.fieldsVisible(actor, finding)) throw notFound("finding");
    if (state === "open" && finding.state !== "dismissed") throw new AppError("conflict", "Only a dismissed finding can be reopened.");
    if (state === "dismissed" && finding.state !== "open") throw new AppError("conflict", "Only an open finding can be dismissed.");
    const now = clock.now();
    const { etag, reason: _reason, dismissedBy: _by, ...rest } = finding;
    const next: Finding = { ...rest, state, updatedAt: now.toISOString(), ...(reason ? { reason, dismissedBy: actor.userId } : {}) };
    try {
      await quality.putFinding(actor.tenantId, next, etag);
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 412) throw new AppError("precondition_failed", "The finding changed meanwhile. Reload, then try again.");
      throw error;
    }
    const change = configChange(clock, actor, state === "dismissed" ? "dataQuality.dismiss" : "dataQuality.reopen", { state: finding.state }, { state, ...(reason ? { reason } : {}) });
    await audit.append({ ...change.audit, entity, recordId, reason: `finding "${ruleLabels[finding.rule]}"` });
    const [view] = await this.views(actor, [{ ...next, etag: "" }], record.fields);
    return view!;
  }

  async getRules(actor: Actor) {
    await this.parts.requireConfig(actor, rulesPermission, "dataQuality.rules.read");
    const { changeIds: _c, ...rules } = await this.parts.quality.getRules(actor.tenantId);
    return rules;
  }

  async putRules(actor: Actor, rules: QualityRules, etag?: string) {
    await this.parts.requireConfig(actor, rulesPermission, "dataQuality.rules.update");
    const problems = checkQualityRules(rules);
    if (problems.length > 0) throw invalidInput(problems, "The data-quality rules cannot be saved.");
    const { quality, clock, scan } = this.parts;
    const current = await quality.getRules(actor.tenantId);
    if (etag && current.etag && etag !== current.etag) throw new AppError("precondition_failed", "Someone else changed the rules since you loaded them. Reload, then apply your change again.");
    const { etag: _e, changeIds: _c, ...before } = current;
    const saved = await quality.saveRules(actor.tenantId, rules, configChange(clock, actor, "dataQuality.rules.update", before, rules, current));
    // New rules mean new findings: a scan brings every record up to them.
    await scan.request(actor.tenantId);
    return { ...rules, etag: saved ?? "" };
  }

  async requestScan(actor: Actor) {
    await this.parts.requireConfig(actor, rulesPermission, "dataQuality.scan");
    return this.parts.scan.request(actor.tenantId);
  }

  private fieldsVisible(actor: Actor, finding: Pick<Finding, "entity" | "fields">): boolean {
    return finding.fields.every((field) => fieldAccess(actor, finding.entity, field) !== "hidden");
  }

  /** The findings the actor may see: their records readable, their fields not hidden. */
  private async visibleTo(actor: Actor, findings: StoredFinding[]): Promise<StoredFinding[]> {
    if (!actor.active) return [];
    const candidates = findings.filter((finding) => {
      const scope = decideOnEntity(actor, "read", finding.entity).scope;
      if (scope === "none" || (scope === "own" && finding.ownerId !== actor.userId)) return false;
      return this.fieldsVisible(actor, finding);
    });
    const readable = await this.parts.records.readableRecords(actor, candidates);
    return candidates.filter((finding) => readable.has(`${finding.entity}|${finding.recordId}`));
  }

  /** What the reader sees of each finding: related records they may read, the record's title if they may see it. */
  private async views(actor: Actor, findings: StoredFinding[], knownFields?: Record<string, unknown>): Promise<FindingView[]> {
    const { records } = this.parts;
    const refs = findings.flatMap((finding) => finding.related.map((recordId) => ({ entity: finding.entity, recordId })));
    const readable = await records.readableRecords(actor, refs);
    return Promise.all(
      findings.map(async ({ routedTo: _r, dismissedBy: _d, etag: _e, ...finding }) => {
        const title = titleField[finding.entity];
        const fields = knownFields ?? (await records.seenBy(actor, finding.entity, finding.recordId))?.record.fields;
        const recordTitle = fieldAccess(actor, finding.entity, title) !== "hidden" && fields && typeof fields[title] === "string" ? String(fields[title]) : undefined;
        return {
          ...finding,
          related: finding.related.filter((recordId) => readable.has(`${finding.entity}|${recordId}`)),
          ruleLabel: ruleLabels[finding.rule],
          ...(recordTitle !== undefined ? { recordTitle } : {}),
        };
      }),
    );
  }
}

/** Per day of the last two weeks: findings found, and findings resolved (their last change). */
function trendOf(findings: StoredFinding[], now: number): { day: string; found: number; resolved: number }[] {
  const days = Array.from({ length: trendDays }, (_, index) => new Date(now - (trendDays - 1 - index) * dayMs).toISOString().slice(0, 10));
  const found = new Map(days.map((day) => [day, 0]));
  const resolved = new Map(days.map((day) => [day, 0]));
  for (const finding of findings) {
    const day = finding.foundAt.slice(0, 10);
    if (found.has(day)) found.set(day, found.get(day)! + 1);
    const done = finding.updatedAt.slice(0, 10);
    if (finding.state === "resolved" && resolved.has(done)) resolved.set(done, resolved.get(done)! + 1);
  }
  return days.map((day) => ({ day, found: found.get(day)!, resolved: resolved.get(day)! }));
}
