/**
 * How the shell starts the gateway on a one-PC install: `node <appRoot>/bin/frontgate.mjs start`, with the host
 * and port taken from the kiosk URL so the two can never disagree. Uses a real Node.js, not Electron-as-node, because
 * the gateway's native modules (better-sqlite3, serialport, node-hid) are built for Node's ABI.
 */
import path from 'node:path';

export type GatewayCommand = { command: string; args: string[]; cwd: string };

/** bin/node-flags.mjs's GATEWAY_NODE_FLAGS (the shell cannot import bin/; test/electron holds the two equal). */
export const GATEWAY_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=2'];

export function gatewayCommand(nodePath: string, appRoot: string): GatewayCommand {
  return { command: nodePath, args: [...GATEWAY_NODE_FLAGS, path.join(appRoot, 'bin', 'frontgate.mjs'), 'start'], cwd: appRoot };
}

/** Electron variables that must not leak into a plain Node child. */
const ELECTRON_ONLY = ['ELECTRON_RUN_AS_NODE', 'ELECTRON_NO_ASAR', 'ELECTRON_ENABLE_LOGGING'];

/**
 * The child's environment: the shell's, minus Electron-only variables, with FRONTGATE_HOST/PORT from the kiosk URL
 * and FRONTGATE_DATA defaulting to the shell's per-user data folder (the working directory of an installed app is
 * not writable).
 */
export function gatewayChildEnv(
  base: Readonly<Record<string, string | undefined>>,
  gatewayUrl: string,
  defaultDataDir: string,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(base)) {
    if (value !== undefined && !ELECTRON_ONLY.includes(key)) env[key] = value;
  }
  const url = new URL(gatewayUrl);
  env.FRONTGATE_HOST = url.hostname.replace(/^\[(.*)\]$/, '$1');
  env.FRONTGATE_PORT = url.port !== '' ? url.port : url.protocol === 'https:' ? '443' : '80';
  if (env.FRONTGATE_DATA === undefined || env.FRONTGATE_DATA === '') env.FRONTGATE_DATA = defaultDataDir;
  return env;
}
