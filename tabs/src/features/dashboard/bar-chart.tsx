/** A bar chart (Chart.js, tree-shaken, loaded with the dashboard only) with a data table for screen readers. */
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from "chart.js";
import { makeStyles } from "@fluentui/react-components";
import { useEffect, useRef } from "react";
import type { Series } from "./dashboard-model";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

const useStyles = makeStyles({
  frame: { position: "relative", height: "220px" },
  srOnly: { position: "absolute", width: "1px", height: "1px", overflow: "hidden", clip: "rect(0 0 0 0)", whiteSpace: "nowrap" },
});

function cssVar(element: Element, name: string, fallback: string): string {
  return getComputedStyle(element).getPropertyValue(name).trim() || fallback;
}

export function BarChart(props: { title: string; series: Series; horizontal?: boolean; counts?: boolean; themeKey: string }) {
  const styles = useStyles();
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const element = canvas.current;
    if (!element) return;
    const foreground = cssVar(element, "--colorNeutralForeground2", "#424242");
    const grid = cssVar(element, "--colorNeutralStroke2", "#e0e0e0");
    const chart = new Chart(element, {
      type: "bar",
      data: {
        labels: props.series.labels,
        datasets: [{ label: props.title, data: props.series.values, backgroundColor: cssVar(element, "--colorBrandBackground", "#5b5fc7"), borderRadius: 4, maxBarThickness: 40 }],
      },
      options: {
        indexAxis: props.horizontal ? "y" : "x",
        maintainAspectRatio: false,
        animation: false,
        plugins: { tooltip: { enabled: true } },
        scales: {
          x: { ticks: { color: foreground, ...(props.counts && props.horizontal ? { precision: 0 } : {}) }, grid: { color: grid }, beginAtZero: true },
          y: { ticks: { color: foreground, ...(props.counts && !props.horizontal ? { precision: 0 } : {}) }, grid: { color: grid }, beginAtZero: true },
        },
      },
    });
    return () => chart.destroy();
  }, [props.series, props.title, props.horizontal, props.counts, props.themeKey]);

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
