// How Node.js runs the gateway: every launcher puts these before bin/frontgate.mjs (scripts/quickstart.mjs, the kiosk
// shell's electron/gateway-child.ts, the service units in docs/operations.md, the start-up bench and the soak).
//
// --max-semi-space-size=2: V8's young generation grows to 16 MB semi-spaces under allocation, and the gateway's
// resident memory with it: under the desk's steady load 168 MB after 2 minutes (peak 181), against 133 (peak 150)
// with 2 MB semi-spaces, at the same request rate (docs/performance.md, "Memory").
export const GATEWAY_NODE_FLAGS = Object.freeze(['--max-semi-space-size=2']);
