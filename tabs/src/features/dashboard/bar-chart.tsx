/**
 * A bar chart (Chart.js, tree-shaken, loaded with the dashboard only) with a data table for
 * screen readers. Its colours follow the theme live: a theme change redraws the canvas.
 */
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from "chart.js";
import { makeStyles } from "@fluentui/react-components";
import { useEffect, useRef } from "react";
import { useHostTheme } from "../../app/theme-context";
import { chartPalette, colourReader, forcedColorsActive } from "./chart-palette";
import type { Series } from "./dashboard-model";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

const useStyles = makeStyles({
  frame: { position: "relative", height: "220px" },
  srOnly: { position: "absolute", width: "1px", height: "1px", overflow: "hidden", clip: "rect(0 0 0 0)", whiteSpace: "nowrap" },
});

export function BarChart(props: { title: string; series: Series; horizontal?: boolean; counts?: boolean }) {
  const styles = useStyles();
  // A theme change rebuilds the chart: Fluent has already written the new theme's
  // variables by the time this effect runs, so the colours read here are the new ones.
  const theme = useHostTheme();
  const canvas = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const element = canvas.current;
    if (!element) return;
    const palette = chartPalette(colourReader(element.parentElement ?? element), forcedColorsActive());
    element.dataset.palette = `${theme}: ${palette.text} ${palette.grid} ${palette.bar}`;
    const axis = (precision: boolean) => ({
      ticks: { color: palette.text, ...(precision ? { precision: 0 } : {}) },
      grid: { color: palette.grid },
      border: { color: palette.grid },
      beginAtZero: true,
    });
    const chart = new Chart(element, {
      type: "bar",
      data: {
        labels: props.series.labels,
        datasets: [{ label: props.title, data: props.series.values, backgroundColor: palette.bar, borderColor: palette.bar, borderWidth: 1, borderRadius: 4, maxBarThickness: 40 }],
      },
      options: {
        indexAxis: props.horizontal ? "y" : "x",
        maintainAspectRatio: false,
        animation: false,
        plugins: { tooltip: { enabled: true } },
        scales: { x: axis(Boolean(props.counts && props.horizontal)), y: axis(Boolean(props.counts && !props.horizontal)) },
      },
    });
    return () => chart.destroy();
  }, [theme, props.series, props.title, props.horizontal, props.counts]);

  const summary = props.series.labels.map((label, index) => `${label}: ${props.series.values[index]?.toLocaleString()}`).join(", ");
  return (
    <div className={styles.frame}>
      <canvas ref={canvas} role="img" aria-label={`${props.title}. ${summary || "No data."}`} />
      <table className={styles.srOnly}>
        <caption>{props.title}</caption>
        <tbody>
          {props.series.labels.map((label, index) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td>{props.series.values[index]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
