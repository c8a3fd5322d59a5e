import { act, fireEvent, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderInTheme } from "../testing/render";
import { StepUpDialog } from "./step-up-dialog";
import { StepUpPrompt } from "./step-up-prompt";

function open() {
  const prompt = new StepUpPrompt();
  renderInTheme(<StepUpDialog prompt={prompt} displayName="Olivia Owner" />);
  expect(screen.queryByRole("dialog")).toBeNull();
  let answer: Promise<boolean> = Promise.resolve(false);
  act(() => {
    answer = prompt.ask();
  });
  return { prompt, answer, dialog: screen.getByRole("dialog", { name: "Confirm it's you" }) };
}

describe("Confirm it's you (dev mode)", () => {
  it("says why and what Confirm does, and resolves true on Confirm", async () => {
    const { answer, dialog } = open();
    expect(dialog.textContent).toContain("This change needs a recent multi-factor sign-in. Nothing is saved until you confirm.");
    expect(dialog.textContent).toContain("Confirm signs Olivia Owner in again");
    fireEvent.click(within(dialog).getByRole("button", { name: "Confirm" }));
    await expect(answer).resolves.toBe(true);
    expect(screen.queryByRole("dialog")).toBeNull();
  });

  it("resolves false on Cancel and on Escape", async () => {
    const first = open();
    fireEvent.click(within(first.dialog).getByRole("button", { name: "Cancel" }));
    await expect(first.answer).resolves.toBe(false);
    let second: Promise<boolean> = Promise.resolve(true);
    act(() => {
      second = first.prompt.ask();
    });
    fireEvent.keyDown(screen.getByRole("dialog"), { key: "Escape" });
    await expect(second).resolves.toBe(false);
  });

  it("a second question cancels the one still open", async () => {
    const prompt = new StepUpPrompt();
    const first = prompt.ask();
    const second = prompt.ask();
    await expect(first).resolves.toBe(false);
    expect(prompt.isAsking()).toBe(true);
    prompt.answer(true);
    await expect(second).resolves.toBe(true);
  });
});
