/**
 * The one JSON body parser of the instance (API and bot alike). Before parsing it
 * bounds how deeply objects and arrays nest: a body of a few thousand nested
 * brackets fits easily in the size limit, and every recursive step after parsing
 * (schema validation, form data checks, the Bot Framework SDK) would overflow the
 * stack on it and answer 500. Parsing itself stays Fastify's own
 * (secure-json-parse), which refuses `__proto__` and `constructor.prototype` keys.
 */
import type { FastifyInstance } from "fastify";
import { AppError } from "../errors/app-error.js";

/** Far deeper than any body of this API or a Bot Framework activity (about 10). */
const maxJsonDepth = 64;

const openBrace = 0x7b;
const closeBrace = 0x7d;
const openBracket = 0x5b;
const closeBracket = 0x5d;
const quote = 0x22;
const backslash = 0x5c;

/**
 * Whether objects/arrays in this JSON text nest deeper than `max`. One pass that
 * stops as soon as the bound is crossed; brackets inside strings (escaped quotes
 * included) do not count. Malformed text is left for the parser to refuse.
 */
export function jsonNestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === backslash) index += 1;
      else if (char === quote) inString = false;
    } else if (char === quote) {
      inString = true;
    } else if (char === openBrace || char === openBracket) {
      depth += 1;
      if (depth > max) return true;
    } else if (char === closeBrace || char === closeBracket) {
      depth -= 1;
    }
  }
  return false;
}

export function registerJsonBodyParser(app: FastifyInstance, maxDepth = maxJsonDepth): void {
  const parse = app.getDefaultJsonParser("error", "error");
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (request, body, done) => {
    const text = body as string;
    if (jsonNestsDeeperThan(text, maxDepth)) {
      done(
        new AppError("invalid_input", `The request body nests objects or arrays more than ${maxDepth} levels deep; send a flatter JSON document.`, {
          details: { fields: [{ field: "body", message: `Nest at most ${maxDepth} levels of objects and arrays.` }] },
        }),
        undefined,
      );
      return;
    }
    // Fastify's default JSON parser answers through `done`; its type also allows a Promise, which it never returns.
    void parse(request, text, done);
  });
}
