import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Em4100Reader, SerialTransport, type CardPresented } from '../../drivers/index.js';
import { createPtyPair, socatAvailable } from '../support/pty.js';
import { skipWithout } from '../support/tools.js';

const root = join(import.meta.dirname, '../..');
const cli = (...args: string[]) =>
  promisify(execFile)(process.execPath, ['bin/frontgate.mjs', ...args], { cwd: root, env: { ...process.env, FRONTGATE_LOG_LEVEL: 'silent' } }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );

describe('frontgate CLI', () => {
  it('prints help with every command', async () => {
    const { code, stdout } = await cli('--help');
    expect(code).toBe(0);
    for (const command of ['start', 'migrate', 'admin', 'devices', 'decode', 'simulate']) expect(stdout).toContain(command);
  });

  it('decodes an RDM6300 frame and a CCCD QR as JSON, and exits 1 with the reason on bad input', async () => {
    const frame = await cli('decode', 'rdm6300', '02363245333038364345443038 03');
    expect(frame.code).toBe(0);
    expect(JSON.parse(frame.stdout)).toEqual([expect.objectContaining({ uid: '62E3086CED', decimal: '3808980205' })]);
    const qr = await cli('decode', 'auto', '001090123456|012345678|NGUYEN VAN A|01011990|Nam|Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh|15042021');
    expect(JSON.parse(qr.stdout)).toMatchObject({ type: 'cccd', fullName: 'NGUYEN VAN A', birthDate: '1990-01-01' });
    const bad = await cli('decode', 'cccd', '001090123456|012345678|NGUYEN VAN A|01011985|Nam|Q1|15042021');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/check-failed: number says 1990, date of birth 1985/);
    expect((await cli('decode', 'rdm6300', 'zz')).code).toBe(1);
  }, 30_000);

  it('creates an admin and lists devices of a data directory', async () => {
    const data = mkdtempSync(join(tmpdir(), 'frontgate-cli-'));
    const created = await promisify(execFile)(process.execPath, ['bin/frontgate.mjs', 'admin', 'create', '-u', 'quan.tri', '-n', 'Quản trị', '--data', data], {
      cwd: root,
      env: { ...process.env, FRONTGATE_ADMIN_PASSWORD: 'a-long-enough-password' },
    });
    expect(created.stdout).toMatch(/created admin "quan.tri"/);
    const short = await promisify(execFile)(process.execPath, ['bin/frontgate.mjs', 'admin', 'create', '-u', 'x2', '--data', data], { cwd: root, env: { ...process.env, FRONTGATE_ADMIN_PASSWORD: 'short' } }).catch((e: { code: number; stderr: string }) => e);
    expect(short).toMatchObject({ code: 1 });
    const list = await cli('devices', 'list', '--data', data);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/Configured devices:\n {2}\(none: the gateway runs simulated devices in demo mode\)/);
    const fresh = join(tmpdir(), `frontgate-cli-none-${process.pid}`);
    expect((await cli('devices', 'list', '--data', fresh)).stdout).toMatch(/No database in .* yet/);
    expect(existsSync(fresh)).toBe(false);
    rmSync(data, { recursive: true, force: true });
  }, 30_000);

  it.skipIf(skipWithout(socatAvailable()))('simulates an EM4100 reader on a pseudo-terminal from a script', async () => {
    const pty = await createPtyPair();
    const script = join(mkdtempSync(join(tmpdir(), 'frontgate-sim-')), 'taps.txt');
    const reader = new Em4100Reader({ transport: new SerialTransport({ path: pty.a, baudRate: 9600 }) });
    const seen: CardPresented[] = [];
    reader.on('cardPresented', (e) => seen.push(e));
    await reader.open();
    writeFileSync(script, '# two taps\npresent 62E3086CED\n');
    const child = spawn(process.execPath, ['bin/frontgate.mjs', 'simulate', 'em4100', '--port', pty.b, '--script', script], { cwd: root });
    const exit = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    for (let i = 0; i < 50 && seen.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    await reader.close();
    await pty.close();
    expect(exit).toBe(0);
    expect(seen[0]?.uid).toBe('62E3086CED');
  }, 30_000);
});
