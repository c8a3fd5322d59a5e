/**
 * The colours a chart draws with. A canvas is not restyled by the theme or by forced
 * colours, so they are read when the chart is drawn: from Fluent's tokens (set on the
 * FluentProvider), or, when the system forces colours, from the system colours.
 */
interface ChartPalette {
  text: string;
  grid: string;
  bar: string;
}

/** `read(name)` gives a CSS custom property (`--token`) or a system colour (`CanvasText`) as a colour. */
export function chartPalette(read: (name: string) => string, forcedColors: boolean): ChartPalette {
  if (forcedColors) return { text: read("CanvasText") || "#ffffff", grid: read("GrayText") || "#808080", bar: read("Highlight") || "#1aebff" };
  return {
    text: read("--colorNeutralForeground2") || "#424242",
    grid: read("--colorNeutralStroke2") || "#e0e0e0",
    // The brand *foreground* keeps 3:1 against the card in light, dark and Teams' contrast theme.
    bar: read("--colorBrandForeground1") || "#5b5fc7",
  };
}

/** Reads tokens and system colours as they apply to `element`. */
export function colourReader(element: HTMLElement): (name: string) => string {
  return (name) => {
    if (name.startsWith("--")) return getComputedStyle(element).getPropertyValue(name).trim();
    const probe = element.ownerDocument.createElement("span");
    probe.style.color = name;
    probe.style.display = "none";
    // Else forced colours would force the probe's own colour to CanvasText.
    probe.style.setProperty("forced-color-adjust", "none");
    element.appendChild(probe);
    const colour = getComputedStyle(probe).color;
    probe.remove();
    return colour;
  };
}

export const forcedColorsActive = (): boolean => typeof window.matchMedia === "function" && window.matchMedia("(forced-colors: active)").matches;
