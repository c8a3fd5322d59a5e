/**
 * `#/config`: the manifest's `configurationUrl` for the channel and group chat tab. Teams
 * opens it when the tab is added (or its settings are changed) to choose what it shows.
 */
import { useEffect, useState } from "react";

export function isConfigHash(hash: string): boolean {
  return hash.replace(/^#?\/?/, "").split(/[/?]/)[0] === "config";
}

export function useConfigPage(): boolean {
  const [config, setConfig] = useState(() => isConfigHash(window.location.hash));
  useEffect(() => {
    const changed = () => setConfig(isConfigHash(window.location.hash));
    window.addEventListener("hashchange", changed);
    return () => window.removeEventListener("hashchange", changed);
  }, []);
  return config;
}
