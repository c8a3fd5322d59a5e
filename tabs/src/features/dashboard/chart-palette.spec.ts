import { describe, expect, it } from "vitest";
import { chartPalette } from "./chart-palette";

describe("chartPalette", () => {
  const colours: Record<string, string> = {
    "--colorNeutralForeground2": "#d6d6d6",
    "--colorNeutralStroke2": "#525252",
    "--colorBrandForeground1": "#7f85f5",
    CanvasText: "rgb(255, 255, 255)",
    GrayText: "rgb(128, 128, 128)",
    Highlight: "rgb(26, 235, 255)",
  };
  const read = (name: string) => colours[name] ?? "";

  it("draws with the theme's tokens", () => {
    expect(chartPalette(read, false)).toEqual({ text: "#d6d6d6", grid: "#525252", bar: "#7f85f5" });
  });
  it("draws with the system colours when colours are forced", () => {
    expect(chartPalette(read, true)).toEqual({ text: "rgb(255, 255, 255)", grid: "rgb(128, 128, 128)", bar: "rgb(26, 235, 255)" });
  });
  it("falls back to light colours when nothing can be read", () => {
    expect(chartPalette(() => "", false)).toEqual({ text: "#424242", grid: "#e0e0e0", bar: "#5b5fc7" });
  });
});
