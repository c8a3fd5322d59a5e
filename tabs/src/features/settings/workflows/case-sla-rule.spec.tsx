import { fireEvent, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { renderInTheme } from "../../../testing/render";
import { editorRoles, editorUsers } from "../../../testing/workflow-editor-context";
import type { CaseSlaRuleProps } from "./case-sla-rule";
import { CaseSlaRule } from "./case-sla-rule";
import { FieldErrors } from "./describe";
import type { SlaRule } from "./workflow-api";

const rule: SlaRule = { priority: "High", respondWithin: { amount: 4, unit: "hours" }, escalate: { notify: { kind: "role", roleId: "owner" } } };

function show(props: Partial<CaseSlaRuleProps> = {}) {
  const handlers = { onChange: vi.fn(), onRemove: vi.fn() };
  renderInTheme(
    <CaseSlaRule index={0} rule={rule} priorities={["Low", "High"]} statuses={["New", "Escalated"]} users={editorUsers} roles={editorRoles} errors={new FieldErrors()} {...handlers} {...props} />,
  );
  return handlers;
}

describe("one SLA of the case workflow", () => {
  it("sets the priority and how soon to answer", () => {
    const { onChange } = show();
    fireEvent.change(screen.getByRole("combobox", { name: "SLA 1: priority" }), { target: { value: "Low" } });
    expect(onChange).toHaveBeenLastCalledWith({ ...rule, priority: "Low" });
    fireEvent.change(screen.getByRole("spinbutton", { name: "SLA 1: answer within: amount" }), { target: { value: "2" } });
    expect(onChange).toHaveBeenLastCalledWith({ ...rule, respondWithin: { amount: 2, unit: "hours" } });
  });

  it("escalates by telling, reassigning or setting a status; nothing chosen is left out", () => {
    const { onChange } = show();
    fireEvent.change(screen.getByRole("combobox", { name: "SLA 1: notify" }), { target: { value: "" } });
    expect(onChange).toHaveBeenLastCalledWith({ ...rule, escalate: {} });
    fireEvent.change(screen.getByRole("combobox", { name: "SLA 1: reassign to" }), { target: { value: "max" } });
    expect(onChange).toHaveBeenLastCalledWith({ ...rule, escalate: { ...rule.escalate, reassignToUserId: "max" } });
    fireEvent.change(screen.getByRole("combobox", { name: "SLA 1: set status" }), { target: { value: "Escalated" } });
    expect(onChange).toHaveBeenLastCalledWith({ ...rule, escalate: { ...rule.escalate, setStatus: "Escalated" } });
  });

  it("says what is wrong with the escalation as a whole, and removes itself", () => {
    const { onRemove } = show({ errors: new FieldErrors([{ field: "sla[0].escalate", message: "Escalate somehow: tell, reassign or set a status." }]) });
    expect(screen.getByRole("alert").textContent).toBe("Escalate somehow: tell, reassign or set a status.");
    fireEvent.click(screen.getByRole("button", { name: "Remove SLA 1" }));
    expect(onRemove).toHaveBeenCalledOnce();
  });
});
