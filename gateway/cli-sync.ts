/** `frontgate upstream-dev`: the development upstream receiver (gateway/sync/dev-receiver.ts). */
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { upstreamOpenApi } from './sync/upstream-openapi.js';
import { VERSION } from './version.js';

interface UpstreamDevOptions {
  port: string;
  host: string;
  data: string;
  token?: string;
  secret?: string;
  mqtt?: string;
}

export function registerSyncCommands(program: Command, fail: (error: unknown) => never): void {
  program
    .command('upstream-openapi')
    .description('print the OpenAPI document of the upstream side (what a central office implements) as JSON')
    .action(() => {
      console.log(JSON.stringify(upstreamOpenApi(VERSION), null, 2));
    });

  program
    .command('upstream-dev')
    .description('run a DEVELOPMENT upstream receiver (events in, commands out) for tests and demos — not for production')
    .option('-p, --port <port>', 'HTTP port (0 picks a free one)', '4830')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--data <file>', 'SQLite file for received events and queued commands', './upstream-dev.db')
    .addOption(new Option('--token <token>', 'bearer token the gateway must send (gateway: upstreamToken)').env('FRONTGATE_UPSTREAM_TOKEN'))
    .addOption(new Option('--secret <secret>', 'HMAC secret of the body signatures (gateway: upstreamSecret)').env('FRONTGATE_UPSTREAM_SECRET'))
    .option('--mqtt <url>', 'also take events from this MQTT broker (gateway: upstreamMqttUrl)')
    .action(async (options: UpstreamDevOptions) => {
      try {
        const port = Number(options.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port ${options.port}: expected 0 to 65535`);
        // Loaded by this command only: every other command (start included) would load the MQTT client for nothing.
        const { DEV_BANNER, startDevReceiver } = await import('./sync/dev-receiver.js');
        console.log(`*** ${DEV_BANNER} ***`);
        const receiver = await startDevReceiver({
          port,
          host: options.host,
          dataFile: resolve(options.data),
          token: options.token || null,
          secret: options.secret || null,
          mqttUrl: options.mqtt ?? null,
          log: (line) => console.log(line),
        });
        if (!options.token) console.log('warning: no --token: any client may post events');
        const stop = () => {
          receiver.close().then(
            () => process.exit(0),
            () => process.exit(1),
          );
        };
        process.on('SIGTERM', stop);
        process.on('SIGINT', stop);
      } catch (error) {
        fail(error);
      }
    });
}
