import { describe, expect, it } from "vitest";
import { readStepUpSettings } from "./step-up-settings.js";

const entra = { clientId: "00000000-0000-0000-0000-000000000001" };

describe("readStepUpSettings", () => {
  it("is on in production by default: 15 minutes, Entra's common authorize endpoint", () => {
    expect(readStepUpSettings({}, true, entra)).toEqual({
      stepUp: { maxAuthAgeMinutes: 15, authorizationUri: "https://login.microsoftonline.com/common/oauth2/v2.0/authorize" },
      problems: [],
    });
  });

  it("is off in dev mode unless STEP_UP=on, and off in production with STEP_UP=off", () => {
    expect(readStepUpSettings({ STEP_UP_MAX_AGE_MINUTES: "5" }, false, undefined)).toEqual({ problems: [] });
    expect(readStepUpSettings({ STEP_UP: "on", STEP_UP_MAX_AGE_MINUTES: "5" }, false, undefined)).toEqual({
      stepUp: { maxAuthAgeMinutes: 5, authorizationUri: "/api/dev/token" },
      problems: [],
    });
    expect(readStepUpSettings({ STEP_UP: "OFF" }, true, entra)).toEqual({ problems: [] });
  });

  it("takes the authentication context and the authority host", () => {
    expect(readStepUpSettings({ STEP_UP_AUTH_CONTEXT: "c12" }, true, { ...entra, authorityHost: "https://login.example.test/" }).stepUp).toEqual({
      maxAuthAgeMinutes: 15,
      authContextId: "c12",
      authorizationUri: "https://login.example.test/common/oauth2/v2.0/authorize",
    });
  });

  it("names each setting that is not valid", () => {
    const { stepUp, problems } = readStepUpSettings({ STEP_UP: "maybe", STEP_UP_MAX_AGE_MINUTES: "0", STEP_UP_AUTH_CONTEXT: "c100" }, true, entra);
    expect(stepUp).toBeUndefined();
    expect(problems).toEqual([
      'STEP_UP must be "on" or "off" (it is "maybe").',
      'STEP_UP_MAX_AGE_MINUTES must be a whole number of minutes from 1 to 1440: how long ago a multi-factor sign-in may have been for a sensitive action (it is "0").',
      'STEP_UP_AUTH_CONTEXT must name a Conditional Access authentication context, c1 to c99 (it is "c100").',
    ]);
    expect(readStepUpSettings({ STEP_UP_MAX_AGE_MINUTES: "2.5" }, true, entra).problems).toHaveLength(1);
  });
});
