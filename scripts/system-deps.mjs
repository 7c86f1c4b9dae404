// Debian packages FrontGate's tests use, and a helper that installs missing ones when it can (root + apt-get).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

/** command to look for → Debian package that provides it */
export const TEST_PACKAGES = {
  '/usr/bin/chromium': 'chromium',
  '/usr/bin/socat': 'socat',
  '/usr/bin/udevadm': 'udev',
  '/usr/sbin/mosquitto': 'mosquitto',
  '/usr/bin/nfc-list': 'libnfc-bin',
  '/usr/bin/nfc-mfclassic': 'libnfc-examples',
  '/usr/bin/pn53x-tamashell': 'libnfc-pn53x-examples',
  // Chinese names in screenshots and badges: without a CJK font Chromium draws empty boxes.
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc': 'fonts-noto-cjk',
};
export const RUNTIME_LIBRARIES = { 'libusb-1.0.so.0': 'libusb-1.0-0' };

function hasLibrary(name) {
  const out = spawnSync('ldconfig', ['-p'], { encoding: 'utf8' });
  return out.status === 0 && out.stdout.includes(name);
}

export function missingPackages() {
  const missing = new Set();
  for (const [path, pkg] of Object.entries(TEST_PACKAGES)) if (!existsSync(path)) missing.add(pkg);
  for (const [lib, pkg] of Object.entries(RUNTIME_LIBRARIES)) if (!hasLibrary(lib)) missing.add(pkg);
  return [...missing];
}

/** Installs what is missing when running as root with apt-get; otherwise says what to install. */
export function ensureSystemPackages(log = console.log) {
  const missing = missingPackages();
  if (missing.length === 0) return true;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !existsSync('/usr/bin/apt-get')) {
    log(`Missing system packages: ${missing.join(' ')}\nInstall them with: sudo apt-get install -y ${missing.join(' ')}`);
    return false;
  }
  log(`Installing system packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'inherit', env });
  return missingPackages().length === 0;
}

/** npm install when node_modules is missing or older than the lock file; the Electron binary is fetched separately. */
export function ensureNodeModules(root, log = console.log) {
  const marker = `${root}/node_modules/.package-lock.json`;
  const lock = `${root}/package-lock.json`;
  if (existsSync(marker) && existsSync(lock)) {
    const { mtimeMs: installed } = statSafe(marker);
    const { mtimeMs: locked } = statSafe(lock);
    if (installed >= locked) return;
  }
  log('Installing npm packages (better-sqlite3 compiles from source; this takes a minute)…');
  const env = { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' };
  execFileSync('npm', [existsSync(lock) ? 'ci' : 'install', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit', env });
}

function statSafe(path) {
  try {
    return statSync(path);
  } catch {
    return { mtimeMs: 0 };
  }
}
