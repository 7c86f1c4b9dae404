/**
 * Runs the real preload source the way Electron's sandbox does: as a function of (require, process, exports, …)
 * whose require knows only 'electron'. Checks the exposed surface against the Electron security checklist.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { KIOSK_IPC_ARGS } from '../../electron/ipc.js';
import { VERSION_ARGUMENT_PREFIX, kioskWindowOptions } from '../../electron/window-options.js';

const source = readFileSync(fileURLToPath(new URL('../../electron/preload.cts', import.meta.url)), 'utf8');
const compiled = ts.transpileModule(source, {
  compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
}).outputText;

type Invocation = { channel: string; args: unknown[] };

function loadPreload(argv: string[]) {
  const exposed = new Map<string, unknown>();
  const invocations: Invocation[] = [];
  const required: string[] = [];
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
    ipcRenderer: {
      invoke: (channel: string, ...args: unknown[]) => {
        invocations.push({ channel, args });
        return Promise.resolve({ ok: true });
      },
    },
  };
  const sandboxRequire = (name: string) => {
    required.push(name);
    if (name === 'electron') return electron;
    throw new Error(`module not found: ${name}`);
  };
  const run = new Function('require', 'process', 'Buffer', 'global', 'setImmediate', 'clearImmediate', 'exports', 'module', compiled);
  const exports = {};
  run(sandboxRequire, { argv }, undefined, {}, undefined, undefined, exports, { exports });
  return { exposed, invocations, required };
}

const windowArgs = kioskWindowOptions({ preloadPath: '/x/preload.cjs', kiosk: true, version: '1.2.3-beta.1' }).webPreferences?.additionalArguments ?? [];

describe('preload surface', () => {
  it('loads nothing but electron (the sandbox allows nothing else of ours)', () => {
    expect(loadPreload(windowArgs).required).toEqual(['electron']);
  });

  it('exposes exactly window.frontgate with the KioskBridge members', () => {
    const { exposed } = loadPreload(windowArgs);
    expect([...exposed.keys()]).toEqual(['frontgate']);
    const bridge = exposed.get('frontgate') as Record<string, unknown>;
    expect(Object.keys(bridge).sort()).toEqual(['kiosk', 'listPrinters', 'print', 'version']);
    expect(Object.keys(bridge.kiosk as object)).toEqual(['exit']);
    expect(typeof bridge.print).toBe('function');
    // Plain functions and a string only: no ipcRenderer, no electron module, no Node objects leak through.
    expect(typeof bridge.version).toBe('string');
    expect([bridge.print, bridge.listPrinters, (bridge.kiosk as { exit: unknown }).exit].map((f) => typeof f)).toEqual(['function', 'function', 'function']);
  });

  it('reads its version from the argument the window options pass', () => {
    expect((loadPreload(windowArgs).exposed.get('frontgate') as { version: string }).version).toBe('1.2.3-beta.1');
    expect(VERSION_ARGUMENT_PREFIX).toBe('--frontgate-version=');
    expect(source).toContain(`const VERSION_ARGUMENT_PREFIX = '${VERSION_ARGUMENT_PREFIX}'`);
    expect((loadPreload([]).exposed.get('frontgate') as { version: string }).version).toBe('unknown');
    expect((loadPreload(['--frontgate-version=<script>']).exposed.get('frontgate') as { version: string }).version).toBe('unknown');
  });

  it('invokes only the contract channels, forwarding only known print options', async () => {
    const { exposed, invocations } = loadPreload(windowArgs);
    const bridge = exposed.get('frontgate') as {
      print: (o: unknown) => Promise<unknown>;
      listPrinters: () => Promise<unknown>;
      kiosk: { exit: (pin: string) => Promise<unknown> };
    };
    await bridge.print({ silent: true, deviceName: 'Zebra', pageRanges: 'all', webPreferences: { sandbox: false } });
    await bridge.print({ silent: false });
    await bridge.listPrinters();
    await bridge.kiosk.exit('2468');
    expect(invocations).toEqual([
      { channel: 'frontgate:print', args: [{ silent: true, deviceName: 'Zebra' }] },
      { channel: 'frontgate:print', args: [{ silent: false }] },
      { channel: 'frontgate:list-printers', args: [] },
      { channel: 'frontgate:kiosk-exit', args: ['2468'] },
    ]);
    const known = new Set(Object.keys(KIOSK_IPC_ARGS));
    expect(invocations.every((call) => known.has(call.channel))).toBe(true);
  });
});
