// The tab's first render in Debian's chromium: navigation until the sign-in screen is
// drawn, against navigation to a plain static page of the same server (auth-end.html),
// each the median of a few fresh browser contexts (nothing cached). Loopback only.
import { existsSync } from "node:fs";
import { chromium } from "playwright-core";

const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Prints its figures through `report`; skipped (with a line saying why) without chromium or a built tab. */
export async function runTabBench({ url, report, samples = 7 }) {
  if (!existsSync(chromiumPath) || !existsSync("tabs/dist/index.html")) {
    console.log("tab first render: skipped (needs /usr/bin/chromium and a built tab)");
    return;
  }
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
  try {
    const time = async (path, ready) => {
      const times = [];
      for (let i = 0; i < samples; i += 1) {
        const context = await browser.newContext();
        const page = await context.newPage();
        const started = performance.now();
        await page.goto(`${url}${path}`);
        await ready(page);
        times.push(performance.now() - started);
        await context.close();
      }
      return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
    };
    const plain = await time("/auth-end.html", (page) => page.waitForLoadState("load"));
    const tab = await time("/", (page) => page.getByRole("heading", { name: "Sign in to the CRM" }).waitFor());
    report("plain static page load p50 ms (chromium, loopback)", plain.toFixed(0));
    report("tab first render p50 ms (navigation to the sign-in screen)", tab.toFixed(0));
    report("tab first render as a ratio of a plain page's load", (tab / plain).toFixed(1));
  } finally {
    await browser.close();
  }
}
