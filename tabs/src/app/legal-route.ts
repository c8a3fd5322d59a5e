/**
 * `#/privacy` and `#/terms` (the Teams manifest's privacyUrl and termsOfUseUrl): shown
 * to anyone, signed in or not, instead of the CRM.
 */
import { useEffect, useState } from "react";

export type LegalPage = "privacy" | "terms";

export function legalPageOf(hash: string): LegalPage | undefined {
  const first = hash.replace(/^#?\/?/, "").split(/[/?]/)[0];
  return first === "privacy" || first === "terms" ? first : undefined;
}

export function useLegalPage(): LegalPage | undefined {
  const [page, setPage] = useState(() => legalPageOf(window.location.hash));
  useEffect(() => {
    const changed = () => setPage(legalPageOf(window.location.hash));
    window.addEventListener("hashchange", changed);
    return () => window.removeEventListener("hashchange", changed);
  }, []);
  return page;
}
