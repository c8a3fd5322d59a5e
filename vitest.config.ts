import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Exact matches, so `@crm/shared/vocabulary` and `@crm/shared/api-types` are not rewritten into the index path.
const alias = [
  { find: /^@crm\/shared$/, replacement: fileURLToPath(new URL("./shared/src/index.ts", import.meta.url)) },
  { find: /^@crm\/shared\/vocabulary$/, replacement: fileURLToPath(new URL("./shared/src/vocabulary.ts", import.meta.url)) },
  { find: /^@crm\/shared\/api-types$/, replacement: fileURLToPath(new URL("./shared/src/api-types.ts", import.meta.url)) },
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
