/**
 * The shell's configuration, from command-line flags (first) and environment variables. Validated with zod; a bad
 * value stops start-up with a message naming the key, the value given and what is allowed.
 */
import { z } from 'zod';
import { normalizeFingerprint } from './cert-pin.js';
import { gatewayOriginOf } from './guard.js';
import { KIOSK_PIN_HASH_PATTERN, parseKioskPinHash } from './kiosk-pin.js';

export const DEFAULT_GATEWAY_URL = 'http://127.0.0.1:4820/';

/** Every setting: its flag, its environment variable, and whether the flag takes a value. */
export const KIOSK_SETTINGS = {
  url: { flag: '--url', env: 'FRONTGATE_KIOSK_URL', takesValue: true },
  kiosk: { flag: '--kiosk', env: 'FRONTGATE_KIOSK_MODE', takesValue: false, negation: '--no-kiosk' },
  startGateway: { flag: '--start-gateway', env: 'FRONTGATE_START_GATEWAY', takesValue: false },
  exitPinHash: { flag: '--exit-pin-hash', env: 'FRONTGATE_KIOSK_EXIT_PIN_HASH', takesValue: true },
  nodePath: { flag: '--node', env: 'FRONTGATE_NODE', takesValue: true },
  appRoot: { flag: '--app-root', env: 'FRONTGATE_APP_ROOT', takesValue: true },
  gatewayFingerprint: { flag: '--gateway-fingerprint', env: 'FRONTGATE_GATEWAY_FINGERPRINT', takesValue: true },
} as const;
export type KioskSettingKey = keyof typeof KIOSK_SETTINGS;

const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]']);

const onOff = z
  .enum(['on', 'off', 'true', 'false', '1', '0', 'yes', 'no'], { error: 'must be one of on, off, true, false, 1, 0, yes, no' })
  .transform((value) => value === 'on' || value === 'true' || value === '1' || value === 'yes');

const GatewayUrl = z.string().superRefine((value, ctx) => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'must be an absolute http:// or https:// URL' });
    return;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    ctx.addIssue({ code: 'custom', message: 'must be an http:// or https:// URL' });
  } else if (url.username !== '' || url.password !== '') {
    ctx.addIssue({ code: 'custom', message: 'must not contain a user name or password' });
  } else if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname)) {
    ctx.addIssue({ code: 'custom', message: 'must use https:// unless the gateway is on this PC (127.0.0.1, localhost, [::1])' });
  } else if (url.hash !== '') {
    ctx.addIssue({ code: 'custom', message: 'must not contain a #fragment' });
  }
});

const PinHash = z
  .string()
  .regex(KIOSK_PIN_HASH_PATTERN, { error: 'must be a scrypt hash made by `hashKioskPin` (scrypt$N$r$p$salt$hash)' })
  .refine((value) => parseKioskPinHash(value) !== null, { error: 'has scrypt parameters out of range' });

const Fingerprint = z
  .string()
  .transform((value, ctx) => {
    const normalized = normalizeFingerprint(value);
    if (normalized === null) {
      ctx.addIssue({ code: 'custom', message: 'must be the SHA-256 fingerprint the gateway shows (64 hex digits, AB:CD:… or without colons)' });
      return z.NEVER;
    }
    return normalized;
  });

const RawConfig = z.object({
  url: GatewayUrl.default(DEFAULT_GATEWAY_URL),
  kiosk: onOff.default(true),
  startGateway: onOff.default(false),
  exitPinHash: PinHash.optional(),
  nodePath: z.string().min(1, { error: 'must not be empty' }).default('node'),
  appRoot: z.string().min(1, { error: 'must not be empty' }).optional(),
  gatewayFingerprint: Fingerprint.optional(),
});

export type KioskConfig = {
  /** The page the kiosk loads. */
  url: string;
  /** Origin every guard compares against, derived from `url`. */
  gatewayOrigin: string;
  kiosk: boolean;
  startGateway: boolean;
  exitPinHash: string | undefined;
  /** Node.js used to run the gateway child (the gateway's native modules are built for it, not for Electron). */
  nodePath: string;
  /** Folder holding bin/frontgate.mjs; the shell's own app folder when absent. */
  appRoot: string | undefined;
  /** The gateway certificate's SHA-256 fingerprint (`AB:CD:…`) the kiosk trusts for an https URL (cert-pin.ts). */
  gatewayFingerprint: string | undefined;
};

export type ConfigResult = { ok: true; config: KioskConfig } | { ok: false; errors: string[]; message: string };

type RawInput = Partial<Record<KioskSettingKey, string>>;
type Source = Partial<Record<KioskSettingKey, string>>;

/** Reads known flags (`--url=x`, `--url x`, `--kiosk`, `--no-kiosk`, `--start-gateway`); other arguments are ignored. */
export function readFlags(argv: readonly string[]): { values: RawInput; sources: Source; errors: string[] } {
  const values: RawInput = {};
  const sources: Source = {};
  const errors: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg : arg.slice(0, eq);
    for (const [key, setting] of Object.entries(KIOSK_SETTINGS) as [KioskSettingKey, (typeof KIOSK_SETTINGS)[KioskSettingKey]][]) {
      if ('negation' in setting && name === setting.negation && eq === -1) {
        values[key] = 'off';
        sources[key] = setting.negation;
      } else if (name === setting.flag) {
        sources[key] = setting.flag;
        if (eq !== -1) values[key] = arg.slice(eq + 1);
        else if (!setting.takesValue) values[key] = 'on';
        else if (i + 1 < argv.length && !(argv[i + 1] ?? '').startsWith('--')) values[key] = argv[(i += 1)];
        else errors.push(`${setting.flag} needs a value`);
      }
    }
  }
  return { values, sources, errors };
}

function describe(key: KioskSettingKey, source: string | undefined): string {
  const setting = KIOSK_SETTINGS[key];
  return `${key} (${source ?? `${setting.flag} / ${setting.env}`})`;
}

/** Flags win over environment variables; empty environment variables count as unset. */
export function parseKioskConfig(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): ConfigResult {
  const flags = readFlags(argv);
  const raw: RawInput = {};
  const sources: Source = {};
  for (const key of Object.keys(KIOSK_SETTINGS) as KioskSettingKey[]) {
    const fromEnv = env[KIOSK_SETTINGS[key].env];
    if (flags.values[key] !== undefined) {
      raw[key] = flags.values[key];
      sources[key] = flags.sources[key];
    } else if (fromEnv !== undefined && fromEnv !== '') {
      raw[key] = fromEnv;
      sources[key] = KIOSK_SETTINGS[key].env;
    }
  }
  const parsed = RawConfig.safeParse(raw);
  const errors = [...flags.errors];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.path[0] as KioskSettingKey;
      const shown = key === 'exitPinHash' ? '(hidden)' : JSON.stringify(raw[key]);
      errors.push(`${describe(key, sources[key])} = ${shown}: ${issue.message}`);
    }
  }
  if (parsed.success && errors.length === 0) {
    const data = parsed.data;
    const gatewayOrigin = gatewayOriginOf(data.url);
    if (data.startGateway && !LOOPBACK_HOSTS.has(new URL(data.url).hostname)) {
      errors.push(`${describe('startGateway', sources.startGateway)}: needs url on this PC (127.0.0.1, localhost, [::1]), got ${JSON.stringify(data.url)}`);
    } else if (data.gatewayFingerprint !== undefined && new URL(data.url).protocol !== 'https:') {
      errors.push(`${describe('gatewayFingerprint', sources.gatewayFingerprint)}: pins an https:// gateway; url is ${JSON.stringify(data.url)}`);
    } else if (gatewayOrigin !== null) {
      return {
        ok: true,
        config: {
          url: data.url,
          gatewayOrigin,
          kiosk: data.kiosk,
          startGateway: data.startGateway,
          exitPinHash: data.exitPinHash,
          nodePath: data.nodePath,
          appRoot: data.appRoot,
          gatewayFingerprint: data.gatewayFingerprint,
        },
      };
    }
  }
  return { ok: false, errors, message: `FrontGate kiosk: invalid configuration\n  ${errors.join('\n  ')}` };
}
