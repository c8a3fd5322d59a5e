/**
 * Domain events in, jobs out. The change writer delivers each event at least once
 * with its change id; every job key derives from that id (whose time part is the
 * job's due time), so a redelivered event lands on the jobs already there.
 */
import { randomUUID } from "node:crypto";
import { timeOfId } from "../../domain/ids.js";
import type { Actor } from "../../policy/model.js";
import type { Clock } from "../../services/clock.js";
import type { DomainEvent } from "../../storage/change-writer.js";
import type { WorkflowQueue } from "../../storage/workflow-stores.js";
import type { WorkflowJob } from "../jobs.js";
import type { WorkflowDefinition } from "../model.js";
import { isTimeTrigger } from "../model.js";
import type { RecordEvent } from "../triggers.js";
import { canStart, isRecordEvent, reschedulingEvents } from "../triggers.js";
import { depthOf } from "./chain-depth.js";

/** The case workflow's row id, as `workflow.saved` events name it. */
const caseWorkflowId = "workflow|~case";

export class WorkflowIntake {
  constructor(
    private readonly queue: WorkflowQueue,
    private readonly clock: Clock,
    private readonly workflowsOf: (tenantId: string) => Promise<WorkflowDefinition[]>,
  ) {}

  /** One job per matching workflow: `event` for its trigger, `schedule` to move a time workflow's timer. */
  async onEvent(event: DomainEvent, changeId: string): Promise<void> {
    if (event.type === "workflow.saved") return this.onWorkflowSaved(event, changeId);
    if (!isRecordEvent(event)) return;
    const workflows = (await this.workflowsOf(event.tenantId)).filter((workflow) => workflow.enabled && workflow.entity === event.entity);
    if (workflows.length === 0) return;
    const causedAt = timeOfId(changeId) ?? this.clock.now().getTime();
    const meta = { depth: depthOf(event), enqueuedAt: this.clock.now().toISOString(), causedAt };
    for (const workflow of workflows) {
      if (canStart(workflow.trigger, event.type)) {
        const job: WorkflowJob = { kind: "event", workflowId: workflow.id, changeId, event: pickEvent(event) };
        await this.queue.enqueue(event.tenantId, `e|${changeId}|${event.type}|${workflow.id}`, job, causedAt, meta);
      }
      if (isTimeTrigger(workflow.trigger) && reschedulingEvents.includes(event.type)) {
        const activityAt = event.type === "record.noteAdded" ? new Date(causedAt).toISOString() : undefined;
        const job: WorkflowJob = { kind: "schedule", workflowId: workflow.id, entity: workflow.entity, recordId: event.recordId, ...(activityAt ? { activityAt } : {}) };
        await this.queue.enqueue(event.tenantId, `s|${changeId}|${event.type}|${workflow.id}`, job, causedAt, meta);
      }
    }
  }

  /** A time-triggered workflow just enabled (or a case workflow with SLA rules saved): work out its timers for the records that exist. */
  private async onWorkflowSaved(event: DomainEvent, changeId: string): Promise<void> {
    if (!event.enabled) return;
    const workflows = (await this.workflowsOf(event.tenantId)).filter(
      (workflow) => workflow.enabled && isTimeTrigger(workflow.trigger) && (workflow.id === event.workflowId || (event.workflowId === caseWorkflowId && workflow.id.startsWith("sla"))),
    );
    const now = this.clock.now();
    for (const workflow of workflows) {
      const job: WorkflowJob = { kind: "backfill", workflowId: workflow.id, entity: workflow.entity };
      await this.queue.enqueue(event.tenantId, `b|${changeId}|${workflow.id}`, job, now.getTime(), { depth: 0, enqueuedAt: now.toISOString() });
    }
  }

  /** Starts a workflow on one record now ("run on this record"); returns the job's key. */
  async enqueueManual(actor: Actor, workflow: WorkflowDefinition, recordId: string): Promise<string> {
    const now = this.clock.now();
    const key = `m|${randomUUID()}`;
    const job: WorkflowJob = { kind: "manual", workflowId: workflow.id, entity: workflow.entity, recordId, requestedBy: actor.userId };
    await this.queue.enqueue(actor.tenantId, key, job, now.getTime(), { depth: 0, enqueuedAt: now.toISOString() });
    return key;
  }
}

/** Only what a job needs from the event, so a job row stays small. */
function pickEvent(event: RecordEvent): RecordEvent {
  return {
    type: event.type,
    tenantId: event.tenantId,
    entity: event.entity,
    recordId: event.recordId,
    ...(event.from !== undefined ? { from: event.from } : {}),
    ...(event.to !== undefined ? { to: event.to } : {}),
    ...(event.actorId !== undefined ? { actorId: event.actorId } : {}),
  };
}
