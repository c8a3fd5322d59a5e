/**
 * Preloaded into the Agents Playground (NODE_OPTIONS=--require): its servers
 * listen on every interface by default; this makes any TCP listen without an
 * explicit loopback host bind 127.0.0.1, so the playground is never reachable
 * from the network.
 */
"use strict";
const net = require("node:net");

const loopback = "127.0.0.1";
const isWildcard = (host) => host === undefined || host === null || host === "" || host === "0.0.0.0" || host === "::" || host === "localhost";
const originalListen = net.Server.prototype.listen;

net.Server.prototype.listen = function listenOnLoopback(...args) {
  const [first] = args;
  if (first !== null && typeof first === "object" && !Array.isArray(first) && !(first instanceof net.Server)) {
    if (first.path === undefined && first.fd === undefined && first.handle === undefined && isWildcard(first.host)) args[0] = { ...first, host: loopback };
  } else if (typeof first === "number" || (typeof first === "string" && /^\d+$/.test(first))) {
    if (typeof args[1] === "function" || args[1] === undefined) args.splice(1, 0, loopback);
    else if (typeof args[1] === "number") args.splice(1, 0, loopback);
    else if (isWildcard(args[1])) args[1] = loopback;
  } else if (first === undefined || typeof first === "function") {
    args.unshift(0, loopback);
  }
  return originalListen.apply(this, args);
};
