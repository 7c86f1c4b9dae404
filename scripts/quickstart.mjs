#!/usr/bin/env node
// `npm run quickstart`: install, build, start the gateway (SQLite under ./data, simulated devices when none are
// configured) and open the kiosk window when Electron can run here; otherwise the kiosk UI is in the browser.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GATEWAY_NODE_FLAGS } from '../bin/node-flags.mjs';
import { ensureNodeModules } from './system-deps.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const port = process.env.FRONTGATE_PORT ?? '4820';
const host = process.env.FRONTGATE_HOST ?? '127.0.0.1';
const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}/`;
const step = (text) => console.log(`\n▸ ${text}`);
const runOrExit = (command, args, env = {}) => {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) {
    console.error(`✗ ${command} ${args.join(' ')} failed`);
    process.exit(result.status ?? 1);
  }
};

step('npm packages');
ensureNodeModules(root);

step('Electron binary (needs the internet; optional)');
const electronDist = `${root}node_modules/electron/dist`;
let electronReady = existsSync(electronDist) && existsSync(`${root}node_modules/electron/path.txt`);
if (!electronReady) {
  const fetched = spawnSync(process.execPath, ['install.js'], { cwd: `${root}node_modules/electron`, stdio: 'pipe', timeout: 180_000, env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '' } });
  electronReady = fetched.status === 0 && existsSync(`${root}node_modules/electron/path.txt`);
  console.log(electronReady ? '  downloaded' : '  not available here (offline?): the kiosk UI opens in a browser instead');
} else console.log('  present');

// The gateway runs compiled (bin/frontgate.mjs takes dist/ when it is newer than the sources): it starts in a fraction
// of the time and memory that compiling TypeScript at every start takes (docs/performance.md).
step('build the kiosk UI, the gateway and the Electron shell');
runOrExit('npx', ['vite', 'build', '--logLevel', 'warn']);
runOrExit('npx', ['tsc', '-p', 'tsconfig.build.json']);

step(`start the gateway at ${url}`);
const gateway = spawn(process.execPath, [...GATEWAY_NODE_FLAGS, 'bin/frontgate.mjs', 'start'], { cwd: root, stdio: 'inherit' });
const children = [gateway];
const stopAll = (signal) => children.forEach((c) => c.exitCode === null && c.kill(signal));
process.on('SIGINT', () => stopAll('SIGTERM'));
process.on('SIGTERM', () => stopAll('SIGTERM'));
gateway.on('exit', (code) => {
  stopAll('SIGTERM');
  process.exit(code ?? 0);
});

async function healthy() {
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`${url}api/health`)).ok) return true;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

if (await healthy()) {
  const display = process.platform !== 'linux' || process.env.DISPLAY || process.env.WAYLAND_DISPLAY;
  if (electronReady && display) {
    step('open the kiosk window (Electron); close it or press Ctrl+C here to stop');
    const electronBinary = (await import('electron')).default;
    const kiosk = spawn(electronBinary, ['.', `--url=${url}`, '--no-kiosk'], { cwd: root, stdio: 'inherit' });
    children.push(kiosk);
    kiosk.on('exit', () => stopAll('SIGTERM'));
  } else {
    console.log(`\nFrontGate is ready: open ${url} in a browser (first visit: create the administrator). Ctrl+C stops it.`);
  }
} else {
  console.error(`\n✗ the gateway did not answer ${url}api/health within a minute; see its messages above.`);
  stopAll('SIGTERM');
}
