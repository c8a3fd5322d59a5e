import { describe, expect, it } from "vitest";
import { commands } from "../commands/index.js";
import { editDistance, matchCommand, suggestCommand } from "./command-matcher.js";

describe("command matching", () => {
  it("takes the longest command the text starts with, case-insensitively", () => {
    expect(matchCommand(commands, "New Lead Ada, Acme")).toMatchObject({ command: { name: "new lead" }, args: "Ada, Acme" });
    expect(matchCommand(commands, "lead Ada")).toMatchObject({ command: { name: "lead" }, args: "Ada" });
    expect(matchCommand(commands, "MY   OPPORTUNITIES")).toMatchObject({ command: { name: "my opportunities" }, args: "" });
    expect(matchCommand(commands, "why can’t I assign leads")).toMatchObject({ command: { name: "why can't i" }, args: "assign leads" });
    expect(matchCommand(commands, "leads")).toBeUndefined();
  });

  it("suggests near misses only", () => {
    expect(suggestCommand(commands, "my leds")?.command.name).toBe("my leads");
    expect(suggestCommand(commands, "forcast")?.command.name).toBe("forecast");
    expect(suggestCommand(commands, "fnd acme")).toMatchObject({ command: { name: "find" }, args: "acme" });
    expect(suggestCommand(commands, "weather tomorrow")).toBeUndefined();
  });

  it("measures edit distance", () => {
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("same", "same")).toBe(0);
  });
});
