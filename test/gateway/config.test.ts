import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../gateway/config.js';

const cwd = mkdtempSync(join(tmpdir(), 'frontgate-config-'));

describe('configuration', () => {
  it('has the documented defaults', () => {
    const config = loadConfig({ env: {}, cwd });
    expect(config.port).toBe(4820);
    expect(config.host).toBe('127.0.0.1');
    expect(config.dataDir).toBe(join(cwd, 'data'));
    expect(config.timezone).toBe('Asia/Ho_Chi_Minh');
  });

  it('reads the environment over the file, and the command line over both', () => {
    const dir = join(cwd, 'd1');
    const file = join(cwd, 'frontgate.json');
    writeFileSync(file, JSON.stringify({ port: 5000, siteName: 'Tòa nhà Sông Hồng' }));
    const config = loadConfig({ env: { FRONTGATE_PORT: '5001', FRONTGATE_DATA: dir }, file, cwd });
    expect(config.port).toBe(5001);
    expect(config.siteName).toBe('Tòa nhà Sông Hồng');
    expect(loadConfig({ env: { FRONTGATE_PORT: '5001' }, overrides: { port: '5002' }, cwd }).port).toBe(5002);
  });

  it('stops with a message naming the key, the value and what is allowed', () => {
    const attempt = (env: NodeJS.ProcessEnv) => {
      try {
        loadConfig({ env, cwd });
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as Error).message;
      }
      throw new Error('expected a ConfigError');
    };
    expect(attempt({ FRONTGATE_PORT: '99999' })).toMatch(/FRONTGATE_PORT = "99999" is not allowed: expected at most 65535/);
    expect(attempt({ FRONTGATE_PORT: 'eighty' })).toMatch(/FRONTGATE_PORT = "eighty" is not allowed: expected a number/);
    expect(attempt({ FRONTGATE_HOST: 'my pc' })).toMatch(/FRONTGATE_HOST = "my pc" is not allowed/);
    expect(attempt({ FRONTGATE_LOCALE: 'fr' })).toMatch(/FRONTGATE_LOCALE = "fr" is not allowed: expected one of "vi", "zh", "en"/);
    expect(attempt({ FRONTGATE_TIMEZONE: 'Saigon/Nowhere' })).toMatch(/FRONTGATE_TIMEZONE = "Saigon\/Nowhere" is not allowed: expected an IANA time zone/);
  });

  it('rejects unknown keys and broken JSON in the config file', () => {
    const file = join(cwd, 'bad.json');
    writeFileSync(file, JSON.stringify({ prot: 4820 }));
    expect(() => loadConfig({ env: {}, file, cwd })).toThrow(/unknown key "prot"/);
    writeFileSync(file, '{ port: 4820 ');
    expect(() => loadConfig({ env: {}, file, cwd })).toThrow(ConfigError);
  });
});
