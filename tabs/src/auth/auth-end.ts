/**
 * `/auth-end.html`: the last page of a Teams authentication window. Tells Teams how the
 * sign-in ended (`authentication.notifySuccess` / `notifyFailure`), which closes the window.
 * Opened outside Teams, it only says what happened.
 */
import { app, authentication } from "@microsoft/teams-js";
import { authOutcome, authStateKey } from "./auth-result";

const initializeTimeoutMs = 3000;

function show(text: string): void {
  const message = document.getElementById("message");
  if (message) message.textContent = text;
}

async function finish(): Promise<void> {
  const outcome = authOutcome(window.location, localStorage.getItem(authStateKey));
  localStorage.removeItem(authStateKey);
  // Leave no code or token in the address bar or the history.
  history.replaceState(null, "", window.location.pathname);
  try {
    await Promise.race([app.initialize(), new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), initializeTimeoutMs))]);
  } catch {
    show(outcome.ok ? "Signed in. You can close this window." : `Sign-in did not finish (${outcome.reason}). You can close this window.`);
    return;
  }
  if (outcome.ok) {
    show("Signed in. Returning to Teams…");
    authentication.notifySuccess(outcome.result);
  } else {
    show(`Sign-in did not finish (${outcome.reason}). Returning to Teams…`);
    authentication.notifyFailure(outcome.reason);
  }
}

void finish();
