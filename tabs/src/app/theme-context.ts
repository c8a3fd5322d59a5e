/**
 * The theme the tab shows (Teams' theme, or the browser's colour scheme / forced colours),
 * for what Fluent's CSS variables do not reach: canvas drawings such as the charts.
 */
import { createContext, useContext } from "react";
import type { HostTheme } from "./teams-host";

export const HostThemeContext = createContext<HostTheme>("light");

export const useHostTheme = (): HostTheme => useContext(HostThemeContext);
