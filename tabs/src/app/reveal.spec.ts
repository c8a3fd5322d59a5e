import { describe, expect, it } from "vitest";
import { scrollLeftToReveal } from "./reveal";

const strip = { left: 40, right: 280 };

describe("scrollLeftToReveal (the header's sideways-scrolling navigation)", () => {
  it("leaves an item that is already in view alone", () => {
    expect(scrollLeftToReveal(strip, { left: 60, right: 150 }, 30)).toBe(30);
  });
  it("scrolls just enough to show an item past either edge, with a margin", () => {
    expect(scrollLeftToReveal(strip, { left: 300, right: 380 }, 0)).toBe(108);
    expect(scrollLeftToReveal(strip, { left: 0, right: 90 }, 200)).toBe(152);
    expect(scrollLeftToReveal(strip, { left: 10, right: 90 }, 20)).toBe(0);
  });
  it("keeps the start of an item wider than the strip in view", () => {
    expect(scrollLeftToReveal(strip, { left: 100, right: 500 }, 0)).toBe(52);
  });
});
