/** Node.js flags every launcher puts before bin/frontgate.mjs (bin/node-flags.mjs). */
export declare const GATEWAY_NODE_FLAGS: readonly string[];
