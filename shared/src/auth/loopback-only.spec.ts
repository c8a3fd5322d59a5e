import { describe, expect, it } from "vitest";
import { forwardingHeaderOf, isLoopbackHost, loopbackOnlyRefusal } from "./loopback-only.js";

const direct = { remoteAddress: "127.0.0.1", headers: { host: "127.0.0.1:3978" } };

describe("loopbackOnlyRefusal", () => {
  it("lets a request made straight on this machine through, by any of its loopback names", () => {
    for (const remoteAddress of ["127.0.0.1", "::1", "::ffff:127.0.0.1"]) expect(loopbackOnlyRefusal({ ...direct, remoteAddress })).toBeUndefined();
    for (const host of ["127.0.0.1", "127.0.0.1:3978", "localhost", "LOCALHOST:5173", "[::1]", "[::1]:3978"]) expect(loopbackOnlyRefusal({ ...direct, headers: { host } }), host).toBeUndefined();
    for (const origin of ["http://localhost:5173", "http://127.0.0.1:3978", "https://[::1]:8443"])
      expect(loopbackOnlyRefusal({ ...direct, headers: { ...direct.headers, origin } }), origin).toBeUndefined();
  });

  it("refuses another computer's address", () => {
    for (const remoteAddress of ["192.168.1.20", "10.0.0.5", "::ffff:10.0.0.5", "fe80::1", "127.0.0.2", undefined]) {
      expect(loopbackOnlyRefusal({ ...direct, remoteAddress })?.reason, String(remoteAddress)).toBe("remote_address");
    }
  });

  it("refuses whatever came through a proxy or tunnel, even from loopback with a loopback Host", () => {
    const added = [
      "x-forwarded-for",
      "x-forwarded-host",
      "x-forwarded-proto",
      "x-forwarded-port",
      "x-forwarded-server",
      "forwarded",
      "via",
      "x-real-ip",
      "x-original-host",
      "x-original-url",
      "x-original-proto",
      "x-original-for",
      "x-client-ip",
      "true-client-ip",
      "cf-connecting-ip",
      "cf-ray",
      "cdn-loop",
      "x-azure-clientip",
      "x-azure-fdid",
      "tailscale-user-login",
      "x-arr-ssl",
      "disguised-host",
    ];
    for (const header of added) {
      expect(loopbackOnlyRefusal({ ...direct, headers: { ...direct.headers, [header]: "203.0.113.9" } }), header).toEqual({ reason: "forwarded", header });
    }
    expect(forwardingHeaderOf({ host: "localhost", accept: "*/*", "content-type": "application/json", authorization: "Bearer x", origin: "http://localhost" })).toBeUndefined();
  });

  it("refuses a foreign Host (DNS rebinding) and a missing one", () => {
    for (const host of ["evil.example", "127.0.0.1.evil.example", "localhost.evil.example:3978", "127.0.0.2:3978", "[::2]", "0.0.0.0:3978", "localhost:", "localhost:3978/x", ""]) {
      expect(loopbackOnlyRefusal({ ...direct, headers: { host } })?.reason, host).toBe("foreign_host");
    }
    expect(loopbackOnlyRefusal({ ...direct, headers: {} })?.reason).toBe("foreign_host");
    expect(isLoopbackHost(undefined)).toBe(false);
  });

  it("refuses a request sent by a page of another site", () => {
    for (const origin of ["https://evil.example", "http://localhost.evil.example", "null", "file://", "chrome-extension://abc"]) {
      expect(loopbackOnlyRefusal({ ...direct, headers: { ...direct.headers, origin } })?.reason, origin).toBe("foreign_origin");
    }
  });
});
