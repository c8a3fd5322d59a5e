import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { FieldDefinition } from "../../api/types";
import { aRecord } from "../../testing/api-fixtures";
import { renderInTheme } from "../../testing/render";
import { RecordFields, fieldText } from "./record-fields";

const pipeline = { name: "Sales", stages: [{ id: "proposal", name: "Proposal" }] };
const field = (key: string, type: FieldDefinition["type"], label = key): FieldDefinition => ({ key, label, type, required: false, order: 0 });
const deal = aRecord("opportunity", { id: "opp00000000000000001", stageId: "proposal", pipelineId: "default", ownerId: "max", won: true });
const userName = (id: string) => (id === "max" ? "Max Member" : id);

describe("a record's details", () => {
  it("names the stage and pipeline, people by name, and nothing for an empty value", () => {
    expect(fieldText(field("stageId", "text"), deal, pipeline, userName)).toBe("Proposal");
    expect(fieldText(field("stageId", "text"), { ...deal, stageId: "gone" }, pipeline, userName)).toBe("gone");
    expect(fieldText(field("pipelineId", "text"), deal, pipeline, userName)).toBe("Sales");
    expect(fieldText(field("ownerId", "user"), deal, pipeline, userName)).toBe("Max Member");
    expect(fieldText(field("notes", "longText"), deal, pipeline, userName)).toBeUndefined();
  });

  it("lists each field under its label, an empty one as a dash, yes/no as a badge", () => {
    renderInTheme(
      <RecordFields fields={[field("stageId", "text", "Stage"), field("notes", "longText", "Notes"), field("won", "boolean", "Won")]} record={deal} pipeline={pipeline} userName={userName} />,
    );
    const values = screen.getAllByRole("definition").map((value) => value.textContent);
    expect(screen.getAllByRole("term").map((term) => term.textContent)).toEqual(["Stage", "Notes", "Won"]);
    expect(values).toEqual(["Proposal", "—", "Yes"]);
    expect(within(screen.getAllByRole("definition")[2]!).getByText("Yes").className).toMatch(/fui-Badge/);
  });
});
