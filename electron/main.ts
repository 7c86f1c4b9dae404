/**
 * The Electron main process. Thin on purpose: it reads the config, wires Electron's objects into the logic modules
 * (guard, CSP, IPC, window keeper, gateway supervisor, shutdown) and opens the kiosk window.
 */
import { BrowserWindow, Menu, app, dialog, ipcMain, session } from 'electron';
import { execFile, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { installCertificatePin, pinFor } from './cert-pin.js';
import { consoleLogger, systemClock } from './clock.js';
import { parseKioskConfig, type KioskConfig } from './config.js';
import { installContentSecurityPolicy } from './csp.js';
import { gatewayChildEnv, gatewayCommand } from './gateway-child.js';
import { GatewaySupervisor, waitForGatewayHealth, type HealthProbe } from './gateway-supervisor.js';
import { installGuards } from './guard.js';
import { createKioskIpcHandlers, registerKioskIpc } from './ipc.js';
import { KioskExitGate } from './kiosk-pin.js';
import { KioskWindowKeeper } from './kiosk-window.js';
import { readDefaultPrinterName, type RunCommand } from './printers.js';
import { installShutdown } from './shutdown.js';
import { kioskWindowOptions } from './window-options.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const logger = consoleLogger('kiosk');
const clock = systemClock;

const probeHealth: HealthProbe = async (url, signal) => {
  const response = await fetch(url, { signal, headers: { accept: 'application/json' } });
  await response.body?.cancel();
  return { ok: response.ok, status: response.status };
};

const runCommand: RunCommand = (file, args) =>
  new Promise((resolve, reject) => {
    execFile(file, [...args], { timeout: 3_000, windowsHide: true }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
  });

function createSupervisor(config: KioskConfig): GatewaySupervisor {
  const appRoot = config.appRoot ?? (app.isPackaged ? path.join(process.resourcesPath, 'app.asar.unpacked') : app.getAppPath());
  const dataDir = path.join(app.getPath('userData'), 'data');
  return new GatewaySupervisor({
    clock,
    logger,
    spawn: () => {
      const { command, args, cwd } = gatewayCommand(config.nodePath, appRoot);
      return spawn(command, args, { cwd, env: gatewayChildEnv(process.env, config.url, dataDir), stdio: ['ignore', 'inherit', 'inherit'], windowsHide: true });
    },
  });
}

async function startGateway(config: KioskConfig, supervisor: GatewaySupervisor): Promise<void> {
  const alreadyUp = await waitForGatewayHealth({ gatewayOrigin: config.gatewayOrigin, probe: probeHealth, clock, timeoutMs: 0 });
  if (alreadyUp) {
    logger.warn('a gateway already answers on the kiosk URL; not starting another', { url: config.url });
    return;
  }
  supervisor.start();
  const healthy = await waitForGatewayHealth({ gatewayOrigin: config.gatewayOrigin, probe: probeHealth, clock, timeoutMs: 60_000 });
  if (!healthy) logger.error('gateway not healthy after 60 s; opening the kiosk anyway (it retries the page)');
}

function run(): void {
  const parsed = parseKioskConfig(process.argv.slice(1), process.env);
  if (!parsed.ok) {
    // Before 'ready' on Linux this goes to stderr only; the exit code tells a service manager it is a config error.
    dialog.showErrorBox('FrontGate: invalid configuration', parsed.message);
    app.exit(78);
    return;
  }
  const config = parsed.config;
  if (!app.requestSingleInstanceLock()) {
    app.exit(0);
    return;
  }
  app.enableSandbox();

  const supervisor = config.startGateway ? createSupervisor(config) : null;
  const keeper = new KioskWindowKeeper({
    url: config.url,
    clock,
    logger,
    recreateOnClose: config.kiosk,
    onClosedForGood: () => app.quit(),
    createWindow: () =>
      new BrowserWindow(kioskWindowOptions({ preloadPath: path.join(here, 'preload.cjs'), kiosk: config.kiosk, version: app.getVersion() })),
  });
  installShutdown({
    app,
    clock,
    logger,
    markQuitting: () => keeper.markQuitting(),
    ...(supervisor ? { stopGateway: () => supervisor.stop() } : {}),
  });
  app.on('second-instance', () => keeper.open());

  void app.whenReady().then(async () => {
    if (config.kiosk) Menu.setApplicationMenu(null);
    installGuards(app, session.defaultSession, config.gatewayOrigin);
    installCertificatePin(session.defaultSession, pinFor(config.url, config.gatewayFingerprint), logger);
    installContentSecurityPolicy(session.defaultSession, config.gatewayOrigin);
    registerKioskIpc(
      ipcMain,
      createKioskIpcHandlers({
        exitGate: new KioskExitGate({ pinHash: config.exitPinHash, now: clock.now }),
        defaultPrinterName: () => readDefaultPrinterName(process.platform, runCommand),
        quit: () => app.quit(),
        clock,
        logger,
      }),
      config.gatewayOrigin,
      logger,
    );
    if (supervisor) await startGateway(config, supervisor);
    keeper.open();
  });
}

run();
