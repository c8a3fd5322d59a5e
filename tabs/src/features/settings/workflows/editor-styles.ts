/** The layout the workflow editors' pieces share (rows of controls, a bordered group per item), in Fluent tokens so Teams themes apply. */
import { makeStyles, tokens } from "@fluentui/react-components";

export const useEditorStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: "12px", minWidth: 0 },
  row: { display: "flex", flexWrap: "wrap", gap: "8px 12px", alignItems: "end" },
  grow: { flexGrow: 1, minWidth: "min(100%, 220px)" },
  step: { display: "flex", flexDirection: "column", gap: "8px", minWidth: 0 },
  item: {
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: "8px 12px 12px",
    margin: 0,
    minWidth: 0,
    display: "flex",
    flexDirection: "column",
    gap: "8px",
  },
  legend: { fontWeight: tokens.fontWeightSemibold, padding: "0 4px" },
  tools: { display: "flex", flexWrap: "wrap", gap: "4px" },
  buttons: { display: "flex", flexWrap: "wrap", gap: "8px", alignItems: "center" },
  summary: { margin: 0, paddingLeft: "20px", display: "flex", flexDirection: "column", gap: "2px" },
  muted: { color: tokens.colorNeutralForeground3 },
  problem: { color: tokens.colorPaletteRedForeground1 },
});
