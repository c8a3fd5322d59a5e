/** A date as people write it, in the reader's locale ("2 Dec 2026"). */
export const readableDate = (iso: string): string => new Date(iso).toLocaleDateString(undefined, { day: "numeric", month: "short", year: "numeric" });
