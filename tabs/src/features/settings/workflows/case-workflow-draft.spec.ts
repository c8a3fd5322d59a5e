import { describe, expect, it } from "vitest";
import { draftOf, isDirty, newSlaRule, newTransition, removeAt, replaceAt, statusChoices, withEscalation, withStatuses, withUnanswered } from "./case-workflow-draft";
import type { CaseWorkflow, StoredCaseWorkflow } from "./workflow-api";

const draft: CaseWorkflow = { statuses: ["New", "Waiting", "Closed"], unansweredStatuses: ["New", "Waiting"], transitions: [], sla: [] };
const stored: StoredCaseWorkflow = { ...draft, configured: true, etag: 'W/"c1"' };

describe("the case workflow while it is edited", () => {
  it("sends only the workflow, and has something to save when changed or never saved", () => {
    expect(draftOf(stored)).toEqual(draft);
    expect(isDirty(stored, draft)).toBe(false);
    expect(isDirty(stored, { ...draft, statuses: ["New"] })).toBe(true);
    expect(isDirty({ ...stored, configured: false }, draft)).toBe(true);
  });

  it("offers the form's statuses first, then those only the workflow names", () => {
    expect(statusChoices(["New", "Closed", "Reopened"], draft)).toEqual(["New", "Closed", "Reopened", "Waiting"]);
  });

  it("keeps statuses in the choices' order, and unanswered ones among those in use", () => {
    const choices = ["New", "Waiting", "Closed"];
    expect(withStatuses(draft, choices, ["Closed", "New"])).toEqual({ ...draft, statuses: ["New", "Closed"], unansweredStatuses: ["New"] });
    expect(withUnanswered(draft, ["Closed", "New"]).unansweredStatuses).toEqual(["New", "Closed"]);
  });

  it("starts a move from any status for Owners, and an SLA on the first priority without one", () => {
    expect(newTransition(draft)).toEqual({ from: "*", to: "New", roleIds: ["owner"] });
    const withLow = { ...draft, sla: [newSlaRule(draft, ["Low", "High"])] };
    expect(withLow.sla[0]).toEqual({ priority: "Low", respondWithin: { amount: 4, unit: "hours" }, escalate: { notify: { kind: "role", roleId: "owner" } } });
    expect(newSlaRule(withLow, ["Low", "High"]).priority).toBe("High");
    expect(newSlaRule(draft, []).priority).toBe("");
  });

  it("leaves out an escalation's parts set to nothing", () => {
    expect(withEscalation({ notify: { kind: "owner" }, setStatus: "Waiting" }, { notify: undefined, setStatus: "" })).toEqual({});
    expect(withEscalation({}, { reassignToUserId: "max" })).toEqual({ reassignToUserId: "max" });
  });

  it("replaces and removes by position", () => {
    expect(replaceAt(["a", "b"], 1, "c")).toEqual(["a", "c"]);
    expect(removeAt(["a", "b"], 0)).toEqual(["b"]);
  });
});
