import { fireEvent, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { pipelines } from "../../testing/fake-server";
import { renderInTheme } from "../../testing/render";
import { StagePicker } from "./stage-picker";

describe("an opportunity's stage", () => {
  it("offers the pipeline's stages with their probability and reports the one picked", () => {
    const onChange = vi.fn();
    renderInTheme(<StagePicker pipeline={pipelines[0]!} stageId="prospecting" disabled={false} onChange={onChange} />);
    const stage = screen.getByRole<HTMLSelectElement>("combobox", { name: "Stage" });
    expect([...stage.options].map((option) => option.text)).toEqual(["Prospecting (10%)", "Proposal (50%)", "Closed won (100%)"]);
    fireEvent.change(stage, { target: { value: "proposal" } });
    expect(onChange).toHaveBeenCalledWith("proposal");
  });

  it("can be locked", () => {
    renderInTheme(<StagePicker pipeline={pipelines[0]!} stageId="prospecting" disabled onChange={vi.fn()} />);
    expect(screen.getByRole("combobox", { name: "Stage" })).toHaveProperty("disabled", true);
  });
});
