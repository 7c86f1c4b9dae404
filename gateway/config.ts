import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { isTimeZone } from './contract/index.js';

/** An optional URL with one of the given protocols; empty means off. */
function urlOf(protocols: string[], expected: string) {
  return z
    .string()
    .refine((u) => {
      try {
        return protocols.includes(new URL(u).protocol);
      } catch {
        return false;
      }
    }, expected)
    .nullish()
    .transform((v) => v || null);
}

/**
 * Gateway configuration: defaults < config file (<data>/frontgate.json or --config) < environment < command line.
 * Every value is validated; a bad one stops start-up with the key, the value and what is allowed.
 */
export const ConfigSchema = z.object({
  /** 0 picks a free port (used by tests). */
  port: z.coerce.number().int().min(0).max(65535).default(4820),
  host: z.union([z.ipv4(), z.ipv6(), z.literal('localhost')]).default('127.0.0.1'),
  dataDir: z.string().min(1).default('./data'),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  siteCode: z.string().regex(/^[A-Z0-9-]{2,20}$/).default('SITE-1'),
  siteName: z.string().min(1).max(120).default('FrontGate'),
  timezone: z.string().refine(isTimeZone, 'an IANA time zone such as Asia/Ho_Chi_Minh or Asia/Shanghai').default('Asia/Ho_Chi_Minh'),
  defaultLocale: z.enum(['vi', 'zh', 'en']).default('vi'),
  /** Staff sessions end after this much inactivity. */
  sessionIdleMinutes: z.coerce.number().int().min(5).max(24 * 60).default(12 * 60),
  loginLockoutThreshold: z.coerce.number().int().min(3).max(20).default(5),
  loginLockoutMinutes: z.coerce.number().int().min(1).max(24 * 60).default(15),
  pairingCodeMinutes: z.coerce.number().int().min(1).max(24 * 60).default(15),
  /** Sign-in, first-run and pairing attempts per minute from one address. */
  authRateLimitPerMinute: z.coerce.number().int().min(1).max(10_000).default(30),
  /** Self-service kiosk requests (host search, check-in, check-out) per minute from one address. */
  kioskRateLimitPerMinute: z.coerce.number().int().min(1).max(10_000).default(120),
  /** Where the built renderer is; served at /. */
  rendererDir: z.string().default('dist/renderer'),
  /** MQTT broker for door controllers' access requests (mqtt://host:1883, mqtts://…); empty = off. */
  accessMqttUrl: z
    .string()
    .refine((u) => {
      try {
        return ['mqtt:', 'mqtts:', 'ws:', 'wss:'].includes(new URL(u).protocol);
      } catch {
        return false;
      }
    }, 'an mqtt://, mqtts://, ws:// or wss:// URL')
    .nullish()
    .transform((v) => v || null),
  accessMqttUsername: z.string().nullish().transform((v) => v || null),
  accessMqttPassword: z.string().nullish().transform((v) => v || null),
  /** Run simulated devices when no device is configured (demo mode). */
  simulateDevices: z.stringbool().or(z.boolean()).default(true),
  /** Central office receiver (https://…); events go to POST {upstreamUrl}/v1/events, commands come from GET …/v1/commands. Empty = sync off. */
  upstreamUrl: urlOf(['http:', 'https:'], 'an http:// or https:// URL'),
  /** Bearer token the gateway sends upstream. */
  upstreamToken: z.string().max(500).nullish().transform((v) => v || null),
  /** Shared secret of the HMAC-SHA256 body signature (X-FrontGate-Signature), both directions. */
  upstreamSecret: z.string().max(500).nullish().transform((v) => v || null),
  /** MQTT broker for upstream (mqtt://, mqtts://): events are published there instead of POSTed, commands subscribed. */
  upstreamMqttUrl: urlOf(['mqtt:', 'mqtts:', 'ws:', 'wss:'], 'an mqtt://, mqtts://, ws:// or wss:// URL'),
  /** Events per upstream batch (HTTP request, or MQTT messages in flight). */
  syncBatchSize: z.coerce.number().int().min(1).max(5000).default(500),
  /** How long a non-full batch may wait for more events before it is sent. */
  syncLingerMs: z.coerce.number().int().min(0).max(60_000).default(200),
  /** How often commands are fetched from upstream over HTTP. */
  syncPollMs: z.coerce.number().int().min(100).max(3_600_000).default(15_000),
  /** Time limit of one upstream request (or of the acknowledgements of one MQTT batch). */
  syncTimeoutMs: z.coerce.number().int().min(100).max(300_000).default(15_000),
  /** Sent events are kept this long, then pruned; unsent ones are never pruned. */
  syncRetentionDays: z.coerce.number().int().min(1).max(3650).default(30),
  /** Where backups go (automatic ones and `frontgate backup` without a path); empty = <dataDir>/backups. */
  backupDir: z.string().nullish().transform((v) => v || null),
  /** Automatic backups kept; older ones are deleted. */
  backupKeep: z.coerce.number().int().min(1).max(1000).default(7),
  /** Hours between automatic backups, counted from the newest one; 0 = no automatic backups. */
  backupIntervalHours: z.coerce.number().min(0).max(504).default(24),
  /** PEM certificate and private key for HTTPS; without them a non-loopback host gets a self-signed pair in dataDir. */
  tlsCert: z.string().nullish().transform((v) => v || null),
  tlsKey: z.string().nullish().transform((v) => v || null),
});
export type Config = z.infer<typeof ConfigSchema>;

/** Environment variable of each key. */
export const ENV_KEYS: Record<keyof Config, string> = {
  port: 'FRONTGATE_PORT',
  host: 'FRONTGATE_HOST',
  dataDir: 'FRONTGATE_DATA',
  logLevel: 'FRONTGATE_LOG_LEVEL',
  siteCode: 'FRONTGATE_SITE_CODE',
  siteName: 'FRONTGATE_SITE_NAME',
  timezone: 'FRONTGATE_TIMEZONE',
  defaultLocale: 'FRONTGATE_LOCALE',
  sessionIdleMinutes: 'FRONTGATE_SESSION_IDLE_MINUTES',
  loginLockoutThreshold: 'FRONTGATE_LOGIN_LOCKOUT_THRESHOLD',
  loginLockoutMinutes: 'FRONTGATE_LOGIN_LOCKOUT_MINUTES',
  pairingCodeMinutes: 'FRONTGATE_PAIRING_CODE_MINUTES',
  authRateLimitPerMinute: 'FRONTGATE_AUTH_RATE_LIMIT_PER_MINUTE',
  kioskRateLimitPerMinute: 'FRONTGATE_KIOSK_RATE_LIMIT_PER_MINUTE',
  rendererDir: 'FRONTGATE_RENDERER_DIR',
  simulateDevices: 'FRONTGATE_SIMULATE_DEVICES',
  accessMqttUrl: 'FRONTGATE_ACCESS_MQTT_URL',
  accessMqttUsername: 'FRONTGATE_ACCESS_MQTT_USERNAME',
  accessMqttPassword: 'FRONTGATE_ACCESS_MQTT_PASSWORD',
  upstreamUrl: 'FRONTGATE_UPSTREAM_URL',
  upstreamToken: 'FRONTGATE_UPSTREAM_TOKEN',
  upstreamSecret: 'FRONTGATE_UPSTREAM_SECRET',
  upstreamMqttUrl: 'FRONTGATE_UPSTREAM_MQTT_URL',
  syncBatchSize: 'FRONTGATE_SYNC_BATCH_SIZE',
  syncLingerMs: 'FRONTGATE_SYNC_LINGER_MS',
  syncPollMs: 'FRONTGATE_SYNC_POLL_MS',
  syncTimeoutMs: 'FRONTGATE_SYNC_TIMEOUT_MS',
  syncRetentionDays: 'FRONTGATE_SYNC_RETENTION_DAYS',
  backupDir: 'FRONTGATE_BACKUP_DIR',
  backupKeep: 'FRONTGATE_BACKUP_KEEP',
  backupIntervalHours: 'FRONTGATE_BACKUP_INTERVAL_HOURS',
  tlsCert: 'FRONTGATE_TLS_CERT',
  tlsKey: 'FRONTGATE_TLS_KEY',
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`FrontGate configuration is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export interface ConfigSources {
  env?: NodeJS.ProcessEnv;
  /** Values from the command line (already named by key). */
  overrides?: Partial<Record<keyof Config, unknown>>;
  /** Explicit config file; otherwise <dataDir>/frontgate.json when it exists. */
  file?: string;
  cwd?: string;
}

function describeAllowed(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_value':
      return `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
      return `at least ${String(issue.minimum)}`;
    case 'too_big':
      return `at most ${String(issue.maximum)}`;
    case 'invalid_type':
      return `a ${issue.expected}`;
    default:
      return issue.message;
  }
}

export function loadConfig(sources: ConfigSources = {}): Config {
  const env = sources.env ?? process.env;
  const cwd = sources.cwd ?? process.cwd();
  const raw: Record<string, unknown> = {};
  const origin: Record<string, string> = {};

  const dataDirGuess = String(sources.overrides?.dataDir ?? env[ENV_KEYS.dataDir] ?? './data');
  const file = sources.file ?? join(isAbsolute(dataDirGuess) ? dataDirGuess : resolve(cwd, dataDirGuess), 'frontgate.json');
  if (sources.file !== undefined || existsSync(file)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new ConfigError([`config file ${file}: ${(error as Error).message}`]);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ConfigError([`config file ${file}: must be a JSON object`]);
    for (const [key, value] of Object.entries(parsed)) {
      if (!(key in ENV_KEYS)) throw new ConfigError([`config file ${file}: unknown key "${key}"; known keys: ${Object.keys(ENV_KEYS).join(', ')}`]);
      raw[key] = value;
      origin[key] = `"${key}" in ${file}`;
    }
  }
  for (const [key, name] of Object.entries(ENV_KEYS)) {
    const value = env[name];
    if (value !== undefined && value !== '') {
      raw[key] = value;
      origin[key] = name;
    }
  }
  for (const [key, value] of Object.entries(sources.overrides ?? {})) {
    if (value !== undefined) {
      raw[key] = value;
      origin[key] = `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    }
  }

  const result = ConfigSchema.safeParse(raw);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const key = String(issue.path[0]);
        return `${origin[key] ?? key} = ${JSON.stringify(raw[key])} is not allowed: expected ${describeAllowed(issue)}`;
      }),
    );
  }
  const config = result.data;
  const path = (p: string | null) => (p === null ? null : resolve(cwd, p));
  return {
    ...config,
    dataDir: resolve(cwd, config.dataDir),
    rendererDir: resolve(cwd, config.rendererDir),
    backupDir: path(config.backupDir),
    tlsCert: path(config.tlsCert),
    tlsKey: path(config.tlsKey),
  };
}
