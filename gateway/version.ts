import { existsSync, readFileSync } from 'node:fs';

// From the sources (gateway/) package.json is one level up; from the build (dist/gateway/) two.
const candidates = ['../package.json', '../../package.json'].map((p) => new URL(p, import.meta.url));
const found = candidates.find((url) => existsSync(url));
const pkg = found ? (JSON.parse(readFileSync(found, 'utf8')) as { name?: string; version: string }) : { version: '0.0.0' };
export const VERSION = pkg.version;
