import { describe, expect, it } from "vitest";
import { describeAction, describeCondition, namePeople, namePeopleLoosely, peopleIn, personRef, referencedPeople } from "./describe.js";

const names = new Map([
  ["ann", "Ann Lee"],
  ["ann.lee", "Another Ann"],
  ["bob", "Bob Stone"],
]);
const person = (id: string) => names.get(id) ?? id;

describe("people in workflow texts", () => {
  it("describes actions and conditions with the names it is given, ids without", () => {
    const notify = { type: "notify", to: { kind: "user", userId: "ann" }, message: "ask bob" } as const;
    expect(describeAction(notify, person)).toBe('Tell Ann Lee: "ask bob"');
    expect(describeAction(notify)).toBe('Tell ann: "ask bob"');
    expect(describeAction({ type: "assign", strategy: "roundRobin", pool: { userIds: ["ann", "bob"], roleId: "member" } }, person)).toBe(
      "Assign in turn among Ann Lee, Bob Stone, role member (inactive users skipped)",
    );
    expect(describeCondition({ field: "ownerId", op: "in", value: ["ann", "zed"] }, person)).toBe('ownerId is one of "Ann Lee", "zed"');
    expect(describeCondition({ field: "assigneeId", op: "equals", value: "bob" }, person, new Set(["assigneeId"]))).toBe('assigneeId is "Bob Stone"');
    expect(describeCondition({ field: "company", op: "equals", value: "bob" }, person)).toBe('company is "bob"');
    expect(peopleIn(notify)).toEqual(["ann"]);
  });

  it("names marked references exactly, and leaves look-alike words in quoted text alone", () => {
    const stored = `${describeAction({ type: "notify", to: { kind: "user", userId: "ann.lee" }, message: "tell bob" }, personRef)}; told ${personRef("ann.lee")}, ${personRef("gone")}`;
    expect(referencedPeople(stored)).toEqual(["ann.lee", "ann.lee", "gone"]);
    expect(namePeople(stored, person)).toBe('Tell Another Ann: "tell bob"; told Another Ann, gone');
  });

  it("names unmarked ids only where they stand alone", () => {
    expect(namePeopleLoosely("ann.lee and ann, not annie, bob@x.org or x.bob. Bye bob.", names.keys(), person)).toBe("Another Ann and Ann Lee, not annie, bob@x.org or x.bob. Bye Bob Stone.");
  });
});
