/**
 * Dev mode sign-in outside Teams. The token lives in sessionStorage so that two browser
 * windows can hold two different users (Owner and Member side by side).
 */
export interface DevSession {
  token: string;
  tenantId: string;
  userId: string;
  displayName: string;
}

const key = "crm.devSession";

export function loadDevSession(): DevSession | undefined {
  try {
    const text = sessionStorage.getItem(key);
    return text ? (JSON.parse(text) as DevSession) : undefined;
  } catch {
    return undefined;
  }
}

export function saveDevSession(session: DevSession): void {
  sessionStorage.setItem(key, JSON.stringify(session));
}

export function clearDevSession(): void {
  sessionStorage.removeItem(key);
}

/**
 * Asks the server for a dev token; a 404 means the server runs with Entra ID only.
 * `mfa`: the token says a multi-factor sign-in just now ("Confirm it's you" for a sensitive action).
 */
export async function requestDevToken(request: { tenantId: string; userId: string; displayName: string; mfa?: boolean }): Promise<DevSession> {
  const { mfa, ...input } = request;
  const response = await fetch("/api/dev/token", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ ...input, ...(mfa ? { mfa } : {}) }),
  });
  if (response.status === 404) throw new Error("This server signs people in with Microsoft Entra ID only: open the CRM in Teams.");
  const body = (await response.json().catch(() => ({}))) as { token?: string; error?: { message?: string; details?: { fields?: { field: string; message: string }[] } } };
  if (!response.ok || !body.token) {
    const field = body.error?.details?.fields?.[0];
    throw new Error(field ? `${field.field}: ${field.message}` : (body.error?.message ?? `Sign-in failed (${response.status}).`));
  }
  return { token: body.token, ...input };
}
