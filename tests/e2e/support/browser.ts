/** Debian's chromium driven by playwright-core (the Playwright browser download does not work here). */
import { existsSync } from "node:fs";
import { chromium } from "playwright-core";
import type { Browser } from "playwright-core";

export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** `extraArgs`: more command-line switches, e.g. --host-resolver-rules to give a local server a public name. */
export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} is missing: run scripts/ensure-chromium.sh (apt-get install chromium).`);
  // playwright-core gives every launch a new, empty user-data-dir of its own.
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", ...extraArgs],
  });
}
