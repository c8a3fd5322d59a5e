import { render } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { HostTheme } from "../../app/teams-host";
import { HostThemeContext } from "../../app/theme-context";
import { BarChart } from "./bar-chart";

const series = { labels: ["New", "Qualified"], values: [1, 2] };

describe("BarChart", () => {
  it("redraws when the theme changes, without new data", () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined); // happy-dom has no 2D canvas for Chart.js
    const chart = (theme: HostTheme) => (
      <HostThemeContext.Provider value={theme}>
        <BarChart title="Leads by status" series={series} counts />
      </HostThemeContext.Provider>
    );
    const view = render(chart("light"));
    const canvas = view.getByRole("img", { name: "Leads by status. New: 1, Qualified: 2" });
    expect(canvas.dataset.palette).toMatch(/^light: /);
    view.rerender(chart("dark"));
    expect(canvas.dataset.palette).toMatch(/^dark: /);
    view.rerender(chart("contrast"));
    expect(canvas.dataset.palette).toMatch(/^contrast: /);
  });
});
