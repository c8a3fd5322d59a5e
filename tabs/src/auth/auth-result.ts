/**
 * What came back to `/auth-end.html` (the Entra app's redirect URI) at the end of a
 * Teams authentication window (`authentication.authenticate`): Entra puts its answer in
 * the query (code flow) or the fragment (implicit flow).
 */
type AuthOutcome = { ok: true; result?: string } | { ok: false; reason: string };

/** Where a page that starts the flow keeps its `state`, to be checked here. */
export const authStateKey = "crm.auth.state";

export function authOutcome(location: { search: string; hash: string }, expectedState?: string | null): AuthOutcome {
  const params = new URLSearchParams(location.search);
  for (const [key, value] of new URLSearchParams(location.hash.replace(/^#/, ""))) if (!params.has(key)) params.set(key, value);
  const error = params.get("error");
  if (error) return { ok: false, reason: params.get("error_description") ? `${error}: ${params.get("error_description")}` : error };
  if (expectedState && params.get("state") !== expectedState) return { ok: false, reason: "state_mismatch" };
  // The authorization code (PKCE) goes back to the tab that asked; tokens never travel through here.
  const code = params.get("code");
  if (code) return { ok: true, result: code };
  if (params.has("access_token") || params.has("id_token") || params.has("admin_consent")) return { ok: true };
  return { ok: false, reason: "no_response" };
}
