import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Each entry point of @crm/shared (its package.json exports) read from the source, not dist/.
const sharedExports = (JSON.parse(readFileSync(new URL("./shared/package.json", import.meta.url), "utf8")) as { exports: Record<string, { default: string }> }).exports;
const alias = [
  ...Object.entries(sharedExports).map(([subpath, target]) => ({
    find: new RegExp(`^@crm/shared/${subpath.slice(2)}$`),
    replacement: fileURLToPath(new URL(`./shared/${target.default.replace(/^\.\/dist\//, "src/").replace(/\.js$/, ".ts")}`, import.meta.url)),
  })),
  { find: /^@crm\/bot$/, replacement: fileURLToPath(new URL("./bot/src/index.ts", import.meta.url)) },
];

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "node",
          environment: "node",
          include: ["shared/src/**/*.spec.ts", "bot/src/**/*.spec.ts", "server/src/**/*.spec.ts", "tests/**/*.spec.ts"],
          exclude: ["tests/e2e/**"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      "tabs/vitest.config.ts",
      {
        resolve: { alias },
        test: {
          name: "e2e",
          environment: "node",
          include: ["tests/e2e/**/*.spec.ts"],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
