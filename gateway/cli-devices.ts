/** `frontgate devices …`, `frontgate decode …` and `frontgate simulate …`. */
import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { DECODE_PROTOCOLS, SCRIPT_HELP, SIMULATOR_KINDS, createSimulator, decode, runSimulatorScript, type SimulatorKind } from '../drivers/index.js';
import { closeDatabase } from '../db/connection.js';
import { systemClock } from './clock.js';
import type { Config } from './config.js';
import { DeviceManager, listPorts } from './devices/manager.js';
import { EventBus } from './events.js';
import { DATABASE_FILE, openDataDir } from './app.js';
import { configuredDevices } from './services/devices.js';

const hex4 = (n: number | null) => (n === null ? '    ' : n.toString(16).padStart(4, '0'));

function json(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v), 2);
}

export function registerDeviceCommands(program: Command, configFrom: (options: { data?: string; config?: string }) => Config, fail: (error: unknown) => never): void {
  const devices = program.command('devices').description('card readers, encoders, ID readers and scanners');

  devices
    .command('list')
    .description('serial ports and HID devices on this PC (with USB VID:PID), and the configured devices')
    .option('-d, --data <dir>', 'data directory')
    .option('-c, --config <file>', 'config file')
    .action(async (options: { data?: string; config?: string }) => {
      try {
        const { ports, warnings } = await listPorts();
        console.log('Ports on this PC:');
        if (ports.length === 0) console.log('  (none found)');
        for (const p of ports) {
          console.log(`  ${p.kind.padEnd(6)} ${p.path.padEnd(28)} ${hex4(p.vendorId)}:${hex4(p.productId)}  ${[p.manufacturer, p.product].filter(Boolean).join(' ')}${p.suggestedDriver ? `  → ${p.suggestedDriver}` : ''}`);
        }
        warnings.forEach((w) => console.log(`  note: ${w}`));
        const config = configFrom(options);
        if (!existsSync(join(config.dataDir, DATABASE_FILE))) {
          console.log(`\nNo database in ${config.dataDir} yet: no configured devices (the gateway runs simulated ones in demo mode).`);
          return;
        }
        const db = openDataDir(config);
        try {
          const list = configuredDevices({ db });
          console.log('\nConfigured devices:');
          if (list.length === 0) console.log('  (none: the gateway runs simulated devices in demo mode)');
          for (const d of list) console.log(`  ${d.id.padEnd(20)} ${d.driver.padEnd(15)} ${d.role.padEnd(13)} ${d.portPath ?? `usb ${hex4(d.usbVid)}:${hex4(d.usbPid)}`}${d.enabled ? '' : '  (disabled)'}`);
        } finally {
          closeDatabase(db);
        }
      } catch (error) {
        fail(error);
      }
    });

  devices
    .command('test <id>')
    .description('open one configured device and check that it answers (stop the gateway first: it holds the port)')
    .option('-d, --data <dir>', 'data directory')
    .option('-c, --config <file>', 'config file')
    .action(async (id: string, options: { data?: string; config?: string }) => {
      let manager: DeviceManager | undefined;
      try {
        const db = openDataDir(configFrom(options));
        const config = configuredDevices({ db }).find((d) => d.id === id);
        closeDatabase(db);
        if (!config) throw new Error(`no configured device "${id}" (see \`frontgate devices list\`)`);
        manager = new DeviceManager({ bus: new EventBus(), clock: systemClock });
        await manager.apply([{ ...config, enabled: true }], false);
        let result = await manager.test(id);
        for (let i = 0; i < 10 && !result.ok; i++) {
          await new Promise((r) => setTimeout(r, 200));
          result = await manager.test(id);
        }
        console.log(`${result.ok ? 'ok' : 'FAILED'}: ${id}: ${result.detail}${/port-busy/.test(result.detail) ? ' (is the gateway running? use the Test button on its Devices screen)' : ''}`);
        await manager.stop();
        process.exit(result.ok ? 0 : 1);
      } catch (error) {
        await manager?.stop();
        fail(error);
      }
    });

  program
    .command('decode <protocol> <input...>')
    .description(`decode a frame (hex) or a scanned string and print it as JSON; protocols: ${DECODE_PROTOCOLS.join(', ')}`)
    .action((protocol: string, input: string[]) => {
      try {
        console.log(json(decode(protocol, input.join(' ').replace(/\\n/g, '\n'))));
      } catch (error) {
        const e = error as { code?: string; detail?: string; message: string };
        console.error(`error: ${e.code ? `${e.code}: ${e.detail ?? e.message}` : e.message}`);
        process.exit(1);
      }
    });

  program
    .command('simulate <device>')
    .description(`run a simulated device on a serial port (one end of a socat pair); devices: ${SIMULATOR_KINDS.filter((k) => k !== 'wedge' && k !== 'hid-pos').join(', ')}`)
    .requiredOption('-p, --port <path>', 'serial port path for the simulator (e.g. the ttyB of a socat pair)')
    .option('-s, --script <file>', 'read commands from a file instead of the keyboard')
    .addHelpText('after', `\n${SCRIPT_HELP}`)
    .action(async (device: string, options: { port: string; script?: string }) => {
      try {
        if (!SIMULATOR_KINDS.includes(device as SimulatorKind)) throw new Error(`unknown device "${device}"; one of ${SIMULATOR_KINDS.join(', ')}`);
        const sim = await createSimulator(device as SimulatorKind, options.port);
        console.error(`simulating ${device} on ${options.port}; type "help" for commands, Ctrl+D to stop`);
        await runSimulatorScript(sim, options.script ? createReadStream(options.script) : process.stdin, process.stdout);
        await sim.close();
      } catch (error) {
        fail(error);
      }
    });
}
