import { describe, expect, it } from "vitest";
import { ApiError } from "../api/client";
import { authStartUrl, authorizeUrl, clientIdFor, consentRequestOf, needsConsent, tokenAudience } from "./consent";

const clientId = "11111111-2222-4333-8444-555555555555";
const tenantId = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
const jwt = (claims: object) => `x.${btoa(JSON.stringify(claims)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_")}.y`;

describe("the consent fallback's decisions", () => {
  it("offers a sign-in window for getAuthToken's consent and interaction failures only", () => {
    for (const message of ["resourceRequiresConsent", "consent_required", "interaction_required", "invalid_grant", "AADSTS65001: The user or administrator has not consented"]) {
      expect(needsConsent(new Error(message)), message).toBe(true);
    }
    expect(needsConsent("consent_required")).toBe(true);
    for (const message of ["CancelledByUser", "Teams did not answer", "App resource defined in manifest and iframe origin do not match"]) {
      expect(needsConsent(new Error(message)), message).toBe(false);
    }
  });

  it("and for the API's 403 consent_required, not for other refusals", () => {
    expect(needsConsent(new ApiError(403, "consent_required", "Grant it"))).toBe(true);
    expect(needsConsent(new ApiError(403, "forbidden", "No", [], "consent_required"))).toBe(true);
    expect(needsConsent(new ApiError(403, "forbidden", "You do not have permission"))).toBe(false);
    expect(needsConsent(new ApiError(401, "consent_required", "?"))).toBe(false);
    expect(needsConsent(new TypeError("Failed to fetch"))).toBe(false);
  });

  it("finds the client id in the tab URL's query, else in the audience of a token SSO gave", () => {
    expect(clientIdFor(`?clientId=${clientId}`)).toBe(clientId);
    expect(clientIdFor("?clientId=not-a-guid")).toBeUndefined();
    expect(clientIdFor("", jwt({ aud: clientId }))).toBe(clientId);
    expect(clientIdFor("", jwt({ aud: `api://crm.example/${clientId}` }))).toBe(clientId);
    expect(clientIdFor("", jwt({ aud: "someone-else" }))).toBeUndefined();
    expect(clientIdFor("", "garbage")).toBeUndefined();
    expect(tokenAudience("a.%%%.b")).toBeUndefined();
    expect(clientIdFor("")).toBeUndefined();
  });

  it("passes client id, tenant and login hint to auth-start.html, which checks them", () => {
    const url = authStartUrl("https://crm.example", { clientId, tenantId, loginHint: "ada@contoso.example" });
    expect(url).toBe(`https://crm.example/auth-start.html?clientId=${clientId}&tenantId=${tenantId}&loginHint=ada%40contoso.example`);
    expect(consentRequestOf(new URL(url).search)).toEqual({ clientId, tenantId, loginHint: "ada@contoso.example" });
    expect(consentRequestOf(`?clientId=${clientId}&tenantId=../evil`)).toEqual({ clientId });
    expect(consentRequestOf("?clientId=x")).toBeUndefined();
    expect(consentRequestOf("")).toBeUndefined();
  });

  it("sends Entra a PKCE code request back to auth-end.html, with the state to check there", () => {
    const url = new URL(authorizeUrl("https://crm.example", { clientId, tenantId, loginHint: "ada@contoso.example" }, "state-1", "challenge-1"));
    expect(url.origin + url.pathname).toBe(`https://login.microsoftonline.com/${tenantId}/oauth2/v2.0/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: clientId,
      response_type: "code",
      redirect_uri: "https://crm.example/auth-end.html",
      response_mode: "query",
      scope: "openid profile email offline_access User.Read",
      state: "state-1",
      code_challenge: "challenge-1",
      code_challenge_method: "S256",
      prompt: "consent",
      login_hint: "ada@contoso.example",
    });
    expect(new URL(authorizeUrl("https://crm.example", { clientId }, "s", "c")).pathname).toBe("/organizations/oauth2/v2.0/authorize");
  });
});
