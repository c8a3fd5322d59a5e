/** Ready workflows an Owner can start from. Pure: each builds a WorkflowInput from a few choices. */
import type { WorkflowInput } from "./model.js";

export interface TemplateOptions {
  /** Users to spread leads over (round-robin); otherwise the holders of `roleId`. */
  userIds?: string[];
  roleId?: string;
  /** The Teams channel to tell (deal won). */
  channelId?: string;
}

interface WorkflowTemplate {
  id: string;
  name: string;
  description: string;
  /** What the Owner must supply, by option name. */
  needs: (keyof TemplateOptions)[];
  build: (options: TemplateOptions) => WorkflowInput;
}

export const workflowTemplates: readonly WorkflowTemplate[] = [
  {
    id: "round-robin-new-leads",
    name: "Round-robin new leads",
    description: "Every new lead goes to the next sales person in turn (inactive users are skipped), who is told in Teams.",
    needs: [],
    build: (options) => ({
      name: "Round-robin new leads",
      description: "Spreads new leads fairly across the team.",
      entity: "lead",
      trigger: { type: "created" },
      conditions: { match: "all", rules: [] },
      actions: [
        { type: "assign", strategy: "roundRobin", pool: options.userIds?.length ? { userIds: options.userIds } : { roleId: options.roleId ?? "member" } },
        { type: "notify", to: { kind: "owner" }, message: "A new lead is yours: {record}." },
      ],
      template: "round-robin-new-leads",
    }),
  },
  {
    id: "stale-opportunity-reminder",
    name: "Remind the owner of a stalled opportunity",
    description: "When an open opportunity has not moved for 14 days, its owner gets a reminder in Teams and a follow-up task.",
    needs: [],
    build: () => ({
      name: "Stalled opportunity reminder",
      description: "Nothing has happened on this opportunity for 14 days.",
      entity: "opportunity",
      trigger: { type: "noActivity", after: { amount: 14, unit: "days" } },
      conditions: { match: "all", rules: [{ field: "stageId", op: "notIn", value: ["won", "lost"] }] },
      actions: [
        { type: "notify", to: { kind: "owner" }, message: "{record} has not moved for 14 days." },
        { type: "createTask", kind: "reminder", title: "Follow up on {record}", due: { amount: 1, unit: "days" }, assignTo: { kind: "owner" } },
      ],
      template: "stale-opportunity-reminder",
    }),
  },
  {
    id: "escalate-unanswered-cases",
    name: "Escalate high-priority cases not answered in 4 hours",
    description: "A High or Critical case still unanswered 4 hours after it was opened is marked Escalated and the Owners are told.",
    needs: [],
    build: (options) => ({
      name: "Escalate unanswered high-priority cases",
      description: "High and Critical cases get an answer within 4 hours.",
      entity: "case",
      trigger: { type: "timeAfterField", field: "createdAt", after: { amount: 4, unit: "hours" } },
      conditions: {
        match: "all",
        rules: [
          { field: "priority", op: "in", value: ["High", "Critical"] },
          { field: "status", op: "notIn", value: ["In progress", "Waiting on customer", "Escalated", "Resolved", "Closed"] },
        ],
      },
      actions: [
        { type: "setField", field: "status", value: "Escalated" },
        { type: "notify", to: { kind: "role", roleId: options.roleId ?? "owner" }, message: "{priority} case {record} has had no answer for 4 hours." },
      ],
      template: "escalate-unanswered-cases",
    }),
  },
  {
    id: "deal-won-to-channel",
    name: "Tell a channel when a deal is won",
    description: "When an opportunity reaches the won stage, a Teams channel hears about it.",
    needs: ["channelId"],
    build: (options) => ({
      name: "Deal won: tell the channel",
      description: "Celebrate won deals where the team sees them.",
      entity: "opportunity",
      trigger: { type: "stageChanged", to: "won" },
      conditions: { match: "all", rules: [] },
      actions: [{ type: "notify", to: { kind: "channel", channelId: options.channelId ?? "" }, message: "Deal won: {record} ({amount})." }],
      template: "deal-won-to-channel",
    }),
  },
];

export const findWorkflowTemplate = (id: string): WorkflowTemplate | undefined => workflowTemplates.find((template) => template.id === id);
