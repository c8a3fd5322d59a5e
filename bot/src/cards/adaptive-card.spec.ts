/** Every card stays an Adaptive Card 1.5 under Teams' 28 KB, however large the record or form. */
import { describe, expect, it } from "vitest";
import type { FieldDefinition } from "@crm/shared/domain";
import { cardBytes, maxCardBytes } from "./adaptive-card.js";
import type { AdaptiveCard } from "./adaptive-card.js";
import { renderRecordDetail, renderRecordList } from "./record-cards.js";
import { renderRecordForm } from "./record-form-card.js";

const cardOf = (reply: { kind: string; card?: AdaptiveCard }): AdaptiveCard => reply.card!;
const long = (length: number) => "x".repeat(length);

describe("card size", () => {
  it("keeps a detail card of 80 long fields and 50 assignees under the limit, saying what was left out", () => {
    const reply = renderRecordDetail({
      entity: "lead",
      id: "0000000000000000001",
      etag: "W/1",
      title: long(1000),
      facts: Array.from({ length: 80 }, (_, index) => [`Field ${index} ${long(60)}`, long(1000)] as [string, string]),
      status: { choices: Array.from({ length: 100 }, (_, index) => `Status ${index}`) },
      canAddNote: true,
      assignees: Array.from({ length: 50 }, (_, index) => ({ id: `user-${index}`, name: long(200) })),
    });
    const card = cardOf(reply);
    expect(card.version).toBe("1.5");
    expect(cardBytes(card)).toBeLessThan(maxCardBytes);
    expect(JSON.stringify(card)).toMatch(/\d+ more fields are in the tab/);
  });

  it("keeps a list of a full page under the limit", () => {
    const items = Array.from({ length: 25 }, (_, index) => ({ entity: "lead" as const, id: `id${index}`, title: long(1000), subtitle: long(1000) }));
    expect(cardBytes(cardOf(renderRecordList({ title: long(500), items, empty: "", more: { crm: "more", entity: "lead", token: long(1000) } })))).toBeLessThan(maxCardBytes);
  });

  it("shrinks a huge form to its required fields, or sends the user to the tab", () => {
    const choice = (key: string, required: boolean): FieldDefinition => ({
      key,
      label: key,
      type: "choice",
      required,
      order: 0,
      options: Array.from({ length: 100 }, (_, index) => `${long(90)}${index}`),
    });
    const fields = [{ key: "name", label: "Name", type: "text", required: true, order: 0 } as FieldDefinition, ...Array.from({ length: 20 }, (_, index) => choice(`c${index}`, false))];
    const shrunk = cardOf(renderRecordForm({ entity: "lead", fields, values: {}, problems: [] }));
    expect(cardBytes(shrunk)).toBeLessThan(maxCardBytes);
    expect(JSON.stringify(shrunk)).toContain('"id":"f_name"');
    expect(JSON.stringify(shrunk)).not.toContain('"id":"f_c0"');
    const hopeless = cardOf(renderRecordForm({ entity: "lead", fields: fields.map((field) => ({ ...field, required: true })), values: {}, problems: [] }));
    expect(JSON.stringify(hopeless)).toContain("too large for a chat card");
  });
});
