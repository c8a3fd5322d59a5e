import { describe, expect, it } from "vitest";
import { pickLeastOpen, pickRoundRobin, poolMembers } from "./assignment.js";

const users = [
  { userId: "dan", active: true, roleIds: ["member"] },
  { userId: "ann", active: true, roleIds: ["member"] },
  { userId: "eve", active: false, roleIds: ["member"] },
  { userId: "bob", active: true, roleIds: ["owner"] },
];

describe("assignment pools", () => {
  it("takes named users and role holders, active only, in a stable order", () => {
    expect(poolMembers({ roleId: "member" }, users)).toEqual(["ann", "dan"]);
    expect(poolMembers({ userIds: ["bob", "eve"], roleId: "member" }, users)).toEqual(["ann", "bob", "dan"]);
    expect(poolMembers({ userIds: ["zed"] }, users)).toEqual([]);
  });

  it("round-robin walks the members in turn", () => {
    expect([0, 1, 2, 3].map((counter) => pickRoundRobin(["ann", "bob", "dan"], counter))).toEqual(["ann", "bob", "dan", "ann"]);
    expect(pickRoundRobin([], 3)).toBeUndefined();
  });

  it("least-open picks the fewest open records, ties in turn", () => {
    const counts = new Map([
      ["ann", 3],
      ["bob", 1],
      ["dan", 1],
    ]);
    expect(pickLeastOpen(["ann", "bob", "dan"], counts, 0)).toBe("bob");
    expect(pickLeastOpen(["ann", "bob", "dan"], counts, 1)).toBe("dan");
  });
});
