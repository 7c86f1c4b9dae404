#!/usr/bin/env node
/** `frontgate` command line: start, migrate, admin create — and room for devices, simulate, decode, backup, bench. */
import { Command, Option } from 'commander';
import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';
import { closeDatabase } from '../db/connection.js';
import { SCHEMA_VERSION, SchemaTooNewError, migrate, schemaVersion } from '../db/migrate.js';
import { DatabaseOpenError, openDatabase } from '../db/connection.js';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { DATABASE_FILE, openDataDir, startGateway } from './app.js';
import { systemClock } from './clock.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { Password, Role, UserCreate } from './contract/index.js';
import { EventBus } from './events.js';
import { actorOf, type Ctx } from './context.js';
import { createUser } from './services/staff.js';
import { ApiError } from './errors.js';
import { VERSION } from './version.js';
import { registerDeviceCommands } from './cli-devices.js';
import { registerSyncCommands } from './cli-sync.js';
import { registerBackupCommands } from './cli-backup.js';
import { databaseRefusal } from './backup.js';

interface CommonOptions {
  data?: string;
  config?: string;
  port?: string;
  host?: string;
  logLevel?: string;
}

function configFrom(options: CommonOptions): Config {
  return loadConfig({
    ...(options.config !== undefined && { file: options.config }),
    overrides: { dataDir: options.data, port: options.port, host: options.host, logLevel: options.logLevel },
  });
}

function fail(error: unknown): never {
  if (error instanceof ConfigError) console.error(error.message);
  else if (error instanceof SchemaTooNewError) console.error(`error: ${error.message}`);
  else if (error instanceof DatabaseOpenError) {
    console.error(`error: cannot use the database ${error.path} (${error.code}).\nIf it is damaged, stop FrontGate, move the file away and restore a backup.`);
  } else if (error instanceof ApiError) console.error(`error: ${error.message}${error.fields ? ` (${error.fields.map((f) => `${f.path.join('.')}: ${f.message}`).join('; ')})` : ''}`);
  else console.error(`error: ${(error as Error).message ?? String(error)}`);
  process.exit(1);
}

const dataOption = () => new Option('-d, --data <dir>', 'data directory (env FRONTGATE_DATA, default ./data)');
const configOption = () => new Option('-c, --config <file>', 'config file (default <data>/frontgate.json)');

export function buildCli(): Command {
  const program = new Command('frontgate').description('FrontGate building gateway').version(VERSION).showHelpAfterError();

  program
    .command('start')
    .description('start the gateway: database, devices, HTTP API and kiosk UI')
    .addOption(dataOption())
    .addOption(configOption())
    .option('-p, --port <port>', 'HTTP port (env FRONTGATE_PORT, default 4820)')
    .option('--host <address>', 'address to listen on (env FRONTGATE_HOST, default 127.0.0.1)')
    .option('--log-level <level>', 'fatal|error|warn|info|debug|trace|silent')
    .action(async (options: CommonOptions) => {
      let config: Config | undefined;
      try {
        config = configFrom(options);
        const gateway = await startGateway(config);
        const site = gateway.db.sqlite.prepare('SELECT count(*) AS n FROM users').get() as { n: number };
        console.log(`FrontGate ${VERSION} is running at ${gateway.url.replace('0.0.0.0', '127.0.0.1')}/ (data: ${config.dataDir})`);
        if (gateway.tls) {
          console.log(`HTTPS certificate ${gateway.tls.certPath} (${gateway.tls.source}, valid until ${gateway.tls.validTo.toISOString().slice(0, 10)})`);
          console.log(`SHA-256 fingerprint for pairing: ${gateway.tls.fingerprint256}`);
        }
        if (site.n === 0) console.log('No staff account yet: open the address above to create the first administrator, or run `npx frontgate admin create`.');
        let stopping = false;
        const stop = (signal: string) => {
          if (stopping) return;
          stopping = true;
          console.log(`${signal}: finishing requests and closing the database…`);
          const force = setTimeout(() => process.exit(1), 10_000);
          force.unref();
          gateway.close().then(
            () => process.exit(0),
            () => process.exit(1),
          );
        };
        process.on('SIGTERM', () => stop('SIGTERM'));
        process.on('SIGINT', () => stop('SIGINT'));
      } catch (error) {
        if (error instanceof DatabaseOpenError && config) {
          console.error(databaseRefusal(error, config));
          process.exit(1);
        }
        fail(error);
      }
    });

  program
    .command('migrate')
    .description('create or upgrade the database schema, then exit')
    .addOption(dataOption())
    .addOption(configOption())
    .action((options: CommonOptions) => {
      try {
        const config = configFrom(options);
        mkdirSync(config.dataDir, { recursive: true });
        const db = openDatabase(join(config.dataDir, DATABASE_FILE));
        try {
          const applied = migrate(db);
          console.log(applied.length ? `applied migrations ${applied.join(', ')}; schema version ${schemaVersion(db)}` : `schema is up to date (version ${SCHEMA_VERSION})`);
        } finally {
          closeDatabase(db);
        }
      } catch (error) {
        fail(error);
      }
    });

  const admin = program.command('admin').description('staff accounts');
  admin
    .command('create')
    .description('create a staff account (the first one should be an admin)')
    .addOption(dataOption())
    .addOption(configOption())
    .requiredOption('-u, --username <name>', 'login name (3–40 of a-z 0-9 . _ -)')
    .option('-n, --name <display name>', 'name shown in the UI')
    .addOption(new Option('-r, --role <role>', 'role').choices(Role.options).default('admin'))
    .option('--locale <locale>', 'vi, zh or en', 'vi')
    .option('--password-stdin', 'read the password from standard input instead of prompting')
    .action(async (options: CommonOptions & { username: string; name?: string; role: string; locale: string; passwordStdin?: boolean }) => {
      try {
        const config = configFrom(options);
        const password = await readPassword(Boolean(options.passwordStdin));
        const checked = Password.safeParse(password);
        if (!checked.success) throw new Error('the password must be 10 to 200 characters long');
        const input = UserCreate.parse({ username: options.username, displayName: options.name ?? options.username, role: options.role, password, locale: options.locale });
        const db = openDataDir(config);
        try {
          const auth = { kind: 'anonymous' as const, station: null };
          const ctx: Ctx = { db, clock: systemClock, bus: new EventBus(), auth, actor: { ...actorOf(auth), username: 'cli' } };
          const user = await createUser(ctx, input);
          console.log(`created ${user.role} "${user.username}" (id ${user.id})`);
        } finally {
          closeDatabase(db);
        }
      } catch (error) {
        fail(error);
      }
    });
  registerDeviceCommands(program, configFrom, fail);
  registerSyncCommands(program, fail);
  registerBackupCommands(program, configFrom, fail);
  return program;
}

async function readPassword(fromStdin: boolean): Promise<string> {
  const env = process.env.FRONTGATE_ADMIN_PASSWORD;
  if (env) return env;
  if (fromStdin || !process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  }
  // Prompt without echoing what is typed.
  process.stdout.write('Password (10+ characters): ');
  const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
  const rl = createInterface({ input: process.stdin, output: silent, terminal: true });
  try {
    return await rl.question('');
  } finally {
    rl.close();
    process.stdout.write('\n');
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('/gateway/cli.ts')) {
  await buildCli().parseAsync(process.argv);
}
