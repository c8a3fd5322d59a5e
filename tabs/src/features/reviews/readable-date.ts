/**
 * A moment as people write its date, in the reader's own time zone ("2 Dec 2026"). Not
 * access-words' `readableDate`, which reads in UTC because end dates are whole days: a
 * review is due at the end of a day where the reviewer is.
 */
export const readableDate = (iso: string): string => new Date(iso).toLocaleDateString(undefined, { day: "numeric", month: "short", year: "numeric" });
