/** Child process of bench/startup.ts: starts a gateway on a prepared data directory and reports over IPC. */
import pino from 'pino';
import { startGateway } from '../gateway/app.js';
import { loadConfig } from '../gateway/config.js';

const [dataDir, port] = process.argv.slice(2);
const config = loadConfig({ env: {}, overrides: { dataDir, port, logLevel: 'silent', simulateDevices: false, authRateLimitPerMinute: 10_000 } });
const started = performance.now();
const gateway = await startGateway(config, { logger: pino({ level: 'silent' }) });
const health = await fetch(`${gateway.url}/api/health`);
if (health.status !== 200) throw new Error(`health ${health.status}`);
process.send?.({ kind: 'started', startMs: performance.now() - started, rss: process.memoryUsage().rss, url: gateway.url });
process.on('message', (message: { kind: string }) => {
  if (message.kind === 'rss') {
    globalThis.gc?.();
    process.send?.({ kind: 'rss', rss: process.memoryUsage().rss });
  }
  if (message.kind === 'stop') void gateway.close().then(() => process.exit(0));
});
