import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { isTimeZone } from './contract/index.js';

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
  rendererDir: 'FRONTGATE_RENDERER_DIR',
  simulateDevices: 'FRONTGATE_SIMULATE_DEVICES',
  accessMqttUrl: 'FRONTGATE_ACCESS_MQTT_URL',
  accessMqttUsername: 'FRONTGATE_ACCESS_MQTT_USERNAME',
  accessMqttPassword: 'FRONTGATE_ACCESS_MQTT_PASSWORD',
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
  return { ...config, dataDir: resolve(cwd, config.dataDir), rendererDir: resolve(cwd, config.rendererDir) };
}
