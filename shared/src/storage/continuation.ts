import { AppError } from "../errors/app-error.js";

/**
 * Continuation tokens are opaque to clients. A token only moves a cursor inside a
 * query whose partition filter the server wrote, so a forged token cannot reach
 * another tenant; a malformed one is refused with 400 rather than reaching storage.
 */
export function encodeToken(sdkToken: string): string {
  return Buffer.from(sdkToken, "base64").toString("base64url");
}

export function decodeToken(token: string | undefined): string | undefined {
  if (token === undefined || token === "") return undefined;
  if (!/^[A-Za-z0-9_-]{1,2048}$/.test(token)) throw badToken();
  const bytes = Buffer.from(token, "base64url");
  try {
    const parsed = JSON.parse(bytes.toString("utf8")) as { nextPartitionKey?: unknown; nextRowKey?: unknown };
    if (typeof parsed.nextPartitionKey !== "string") throw badToken();
    if (parsed.nextRowKey !== undefined && typeof parsed.nextRowKey !== "string") throw badToken();
  } catch {
    throw badToken();
  }
  return bytes.toString("base64");
}

/** For in-memory sorted lists: the token is the offset of the next page. */
export const encodeOffset = (offset: number): string => Buffer.from(`o:${offset}`).toString("base64url");

export function decodeOffset(token: string | undefined): number {
  if (token === undefined || token === "") return 0;
  const match = /^o:(\d{1,6})$/.exec(Buffer.from(token, "base64url").toString("utf8"));
  if (!match) throw badToken();
  return Number(match[1]);
}

const badToken = () =>
  new AppError("invalid_input", "The continuation token is not valid; start again from the first page.", {
    details: { fields: [{ field: "continuationToken", message: "Not a token this server issued." }] },
  });
