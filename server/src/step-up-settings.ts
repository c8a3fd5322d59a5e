/**
 * Step-up sign-in for sensitive actions (shared/src/auth/step-up.ts). Production asks for
 * it unless STEP_UP=off; dev mode only with STEP_UP=on, because dev sign-in has no second
 * factor until the tab's "Confirm it's you" asks for one.
 */
import { authContextPattern, defaultAuthorityHost, defaultMaxAuthAgeMinutes } from "@crm/shared/auth";
import type { EntraConfig, StepUpPolicy } from "@crm/shared/auth";

const value = (env: NodeJS.ProcessEnv, name: string): string | undefined => env[name]?.trim() || undefined;

/** Where a client signs in again: Entra's authorize endpoint (common, as `realm=""` asks), or the dev sign-in. */
function authorizationUri(entra: EntraConfig | undefined): string {
  if (!entra) return "/api/dev/token";
  return `${(entra.authorityHost ?? defaultAuthorityHost).replace(/\/+$/, "")}/common/oauth2/v2.0/authorize`;
}

export function readStepUpSettings(env: NodeJS.ProcessEnv, production: boolean, entra: EntraConfig | undefined): { stepUp?: StepUpPolicy; problems: string[] } {
  const problems: string[] = [];
  const switchValue = value(env, "STEP_UP")?.toLowerCase();
  if (switchValue !== undefined && switchValue !== "on" && switchValue !== "off") problems.push(`STEP_UP must be "on" or "off" (it is "${env.STEP_UP}").`);
  const rawAge = value(env, "STEP_UP_MAX_AGE_MINUTES");
  const maxAuthAgeMinutes = rawAge === undefined ? defaultMaxAuthAgeMinutes : Number(rawAge);
  if (!Number.isInteger(maxAuthAgeMinutes) || maxAuthAgeMinutes < 1 || maxAuthAgeMinutes > 24 * 60) {
    problems.push(`STEP_UP_MAX_AGE_MINUTES must be a whole number of minutes from 1 to 1440: how long ago a multi-factor sign-in may have been for a sensitive action (it is "${rawAge}").`);
  }
  const authContextId = value(env, "STEP_UP_AUTH_CONTEXT");
  if (authContextId !== undefined && !authContextPattern.test(authContextId)) {
    problems.push(`STEP_UP_AUTH_CONTEXT must name a Conditional Access authentication context, c1 to c99 (it is "${authContextId}").`);
  }
  const on = switchValue === undefined ? production : switchValue === "on";
  if (!on || problems.length > 0) return { problems };
  return { stepUp: { maxAuthAgeMinutes, authorizationUri: authorizationUri(entra), ...(authContextId ? { authContextId } : {}) }, problems };
}
