import { fireEvent, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { renderInTheme } from "../../../testing/render";
import { anEditorContext } from "../../../testing/workflow-editor-context";
import { RecipientPicker } from "./recipient-picker";
import type { Recipient } from "./workflow-api";

function show(value: Recipient | undefined, allowNone = false) {
  const onChange = vi.fn();
  renderInTheme(<RecipientPicker path="actions[0].to" label="Tell" value={value} context={anEditorContext()} onChange={onChange} allowNone={allowNone} />);
  return onChange;
}

describe("whom to tell", () => {
  it("starts each kind empty and asks for what it needs", () => {
    const onChange = show({ kind: "owner" });
    const kind = screen.getByRole("combobox", { name: "Tell" });
    for (const [choice, expected] of [
      ["user", { kind: "user", userId: "" }],
      ["role", { kind: "role", roleId: "" }],
      ["channel", { kind: "channel", channelId: "" }],
      ["owner", { kind: "owner" }],
    ] as const) {
      fireEvent.change(kind, { target: { value: choice } });
      expect(onChange).toHaveBeenLastCalledWith(expected);
    }
    expect([...(kind as HTMLSelectElement).options].map((option) => option.value)).not.toContain("");
  });

  it("takes a channel id without surrounding blanks", () => {
    const onChange = show({ kind: "channel", channelId: "" });
    fireEvent.change(screen.getByRole("textbox", { name: /Tell: channel id/ }), { target: { value: " 19:abc@thread.tacv2 " } });
    expect(onChange).toHaveBeenCalledWith({ kind: "channel", channelId: "19:abc@thread.tacv2" });
  });

  it("offers nobody where that is allowed", () => {
    const onChange = show({ kind: "role", roleId: "rep" }, true);
    expect(screen.getByRole<HTMLSelectElement>("combobox", { name: "Tell: role" }).value).toBe("rep");
    fireEvent.change(screen.getByRole("combobox", { name: "Tell" }), { target: { value: "" } });
    expect(onChange).toHaveBeenCalledWith(undefined);
  });
});
