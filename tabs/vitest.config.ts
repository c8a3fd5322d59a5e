import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "tabs",
    root: import.meta.dirname,
    environment: "happy-dom",
    include: ["src/**/*.spec.{ts,tsx}"],
    setupFiles: ["./vitest.setup.ts"],
    passWithNoTests: true,
    // Rendering Fluent components in happy-dom is CPU-bound: give slow shared machines room.
    testTimeout: 20_000,
  },
});
