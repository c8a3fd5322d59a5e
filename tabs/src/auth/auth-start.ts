/**
 * `/auth-start.html`: the first page of a Teams authentication window
 * (`authentication.authenticate`, opened by the tab's "Grant access"). Stores a fresh
 * `state` for auth-end.html to check, then redirects to Entra's authorize endpoint for
 * the client id, tenant and login hint the tab put in this page's query.
 */
import { authStateKey } from "./auth-result";
import { authorizeUrl, consentRequestOf } from "./consent";

/** The PKCE verifier, kept for whoever redeems the code (the tab only needs the consent). */
export const verifierKey = "crm.auth.verifier";

function base64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

async function start(): Promise<void> {
  const request = consentRequestOf(window.location.search);
  if (!request) {
    const message = document.getElementById("message");
    if (message) message.textContent = "This page starts the CRM's sign-in from Teams, and needs the app's client id. Open the CRM in Teams and select Grant access.";
    return;
  }
  const state = crypto.randomUUID();
  const verifier = base64Url(crypto.getRandomValues(new Uint8Array(32)));
  const challenge = base64Url(new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier))));
  localStorage.setItem(authStateKey, state);
  sessionStorage.setItem(verifierKey, verifier);
  window.location.replace(authorizeUrl(window.location.origin, request, state, challenge));
}

void start();
