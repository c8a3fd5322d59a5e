/**
 * A message body as the CRM keeps it: plain text, never markup. Scripts, styles and
 * comments are dropped with their content, tags are removed, entities decoded,
 * control characters and runs of blank lines squeezed, and the text cut to
 * `maxChars` (Table Storage holds at most 64 KiB per string: 32 K UTF-16 characters).
 */
const maxBodyChars = 30_000;
export const maxPreviewChars = 500;
export const maxSubjectChars = 1_000;

const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

export function toPlainText(content: string, contentType: string | undefined, maxChars: number = maxBodyChars): string {
  let text = content.length > 2_000_000 ? content.slice(0, 2_000_000) : content;
  if ((contentType ?? "").toLowerCase() === "html") {
    text = text
      .replace(/<!--[\s\S]*?(-->|$)/g, " ")
      .replace(/<(script|style|head|template|noscript)\b[\s\S]*?(<\/\1\s*>|$)/gi, " ")
      .replace(/<(br|\/p|\/div|\/li|\/tr|\/h[1-6])\b[^>]*>/gi, "\n")
      .replace(/<[^>]*>?/g, " ")
      .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, code: string) => decodeEntity(entity, code));
  }
  return clean(text, maxChars);
}

/** A header-like text (subject, preview, name): one line, no control characters, cut. */
export function clean(text: string, maxChars: number): string {
  const squeezed = text
    .replace(/\r\n?/g, "\n")
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, "")
    .replace(/[ \t\u00a0]+/g, " ")
    .replace(/ *\n */g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
  if (squeezed.length <= maxChars) return squeezed;
  // Do not cut a surrogate pair in half.
  const cut = /[\ud800-\udbff]/.test(squeezed.charAt(maxChars - 1)) ? maxChars - 1 : maxChars;
  return `${squeezed.slice(0, cut - 1)}…`;
}

function decodeEntity(entity: string, code: string): string {
  if (code.startsWith("#")) {
    const point = code[1]?.toLowerCase() === "x" ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10);
    return Number.isInteger(point) && point > 0 && point <= 0x10ffff && (point < 0xd800 || point > 0xdfff) ? String.fromCodePoint(point) : " ";
  }
  return named[code.toLowerCase()] ?? entity;
}

/** An address as the index keys it: trimmed, lower case; undefined when it is not an address. */
export function normaliseAddress(address: string | undefined): string | undefined {
  const trimmed = (address ?? "").trim().toLowerCase();
  if (trimmed.length === 0 || trimmed.length > 254 || !/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(trimmed)) return undefined;
  return trimmed;
}
