// ESLint for every package: typescript-eslint's type-aware recommended rules on the
// TypeScript (each file read with the tsconfig that builds or type-checks it), React's
// hook rules on the tab, and nothing about layout (Prettier owns that: eslint-config-prettier).
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import { defineConfig } from "eslint/config";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

const testFiles = ["tests/**", "**/*.spec.{ts,tsx}", "bot/src/test-support/**", "tabs/src/testing/**"];

export default defineConfig(
  { ignores: ["**/dist/**", "**/node_modules/**", "coverage/**", "test-results/**", "**/.data/**"] },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        project: ["./shared/tsconfig.json", "./bot/tsconfig.json", "./server/tsconfig.json", "./tsconfig.tests.json", "./tests/e2e/tsconfig.json", "./tabs/tsconfig.json"],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // A leading underscore marks what is left out on purpose (`const { etag: _etag, ...rest } = row`).
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", ignoreRestSiblings: true }],
      // `async` is how this code implements Promise-returning contracts (Fastify hooks and
      // handlers, bot commands, workflow action previews) even when a body has nothing to await.
      "@typescript-eslint/require-await": "off",
    },
  },
  {
    files: testFiles,
    rules: {
      // Tests read JSON answers as `any` on purpose (ApiResponse.body) and let expect() check them.
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-return": "off",
    },
  },
  {
    files: ["tabs/src/**/*.{ts,tsx}"],
    extends: [reactHooks.configs.flat.recommended],
    rules: {
      "react-hooks/exhaustive-deps": "error",
      // The screens load their data in effects that first reset what they show (loading,
      // error); the rule asks for a data-loading hook instead, a refactor of every screen.
      "react-hooks/set-state-in-effect": "off",
    },
  },
  {
    files: ["**/*.{js,mjs,cjs}", "**/*.d.mts"],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ["**/*.cjs"],
    languageOptions: { sourceType: "commonjs" },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  prettier,
);
