import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderInTheme } from "../../../testing/render";
import { anEditorContext } from "../../../testing/workflow-editor-context";
import { PlainWords } from "./plain-words";
import type { WorkflowInput } from "./workflow-api";

const draft: WorkflowInput = {
  name: "Hot leads",
  entity: "lead",
  trigger: { type: "created" },
  conditions: { match: "any", rules: [{ field: "status", op: "equals", value: "Qualified" }] },
  actions: [{ type: "assign", strategy: "user", userId: "max" }],
};

describe("the workflow in plain words", () => {
  it("reads the trigger, the conditions with their match, and the actions, with the tenant's names", () => {
    const { container } = renderInTheme(<PlainWords draft={draft} names={anEditorContext().names} />);
    expect(container.textContent).toContain("if any of:");
    expect(screen.getAllByRole("listitem").map((item) => item.textContent)).toEqual([expect.stringContaining("Status"), expect.stringContaining("Max Member")]);
    expect(container.querySelector("[aria-live=polite]")?.textContent).toContain("then");
  });

  it("says when there is nothing to do yet", () => {
    renderInTheme(<PlainWords draft={{ ...draft, conditions: { match: "all", rules: [] }, actions: [] }} names={anEditorContext().names} />);
    expect(screen.getByRole("listitem").textContent).toBe("(nothing yet)");
  });
});
