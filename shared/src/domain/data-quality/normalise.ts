/**
 * Normalised forms of contact values, so two spellings of the same email, phone or
 * name meet in one duplicate index row. Undefined when a value is too thin to compare
 * (an empty string, a phone with a handful of digits): such values never match anything.
 */

export function normaliseEmail(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const email = value.trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+$/.test(email) ? email : undefined;
}

/** Digits only; an international "00" prefix reads as "+". Fewer than 6 digits compare with nothing. */
export function normalisePhone(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const digits = value.replace(/\D/g, "").replace(/^00/, "");
  return digits.length >= 6 ? digits : undefined;
}

const legalSuffixes = new Set(["inc", "incorporated", "ltd", "limited", "llc", "gmbh", "corp", "corporation", "co", "company", "sa", "ag", "plc", "bv", "oy", "ab", "srl", "sarl", "kg"]);

/** Lowercase, accents dropped, punctuation as spaces, spaces collapsed. */
export function normaliseName(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const name = value
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
  return name === "" ? undefined : name;
}

/** A name, less the legal form at its end ("Contoso Ltd." and "contoso" are one company). */
export function normaliseCompany(value: unknown): string | undefined {
  const words = normaliseName(value)?.split(" ") ?? [];
  while (words.length > 1 && legalSuffixes.has(words[words.length - 1]!)) words.pop();
  const company = words.join(" ");
  return company === "" ? undefined : company;
}
