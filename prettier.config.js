// Prettier: the code's own style (double quotes, semicolons, trailing commas) with its long
// lines: at 200 columns a format changes ~2k lines of TypeScript, at 160 ~5k, at 140 ~9k.
/** @type {import("prettier").Config} */
export default {
  printWidth: 200,
  semi: true,
  singleQuote: false,
  trailingComma: "all",
};
