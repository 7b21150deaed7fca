import { execFileSync, spawn, spawnSync, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ensureDebianPackages } from './debianPackages';
import { TEST_CACHE } from './paths';

/** The last code-server release that runs on Node 20; it embeds VS Code 1.100.3. */
export const CODE_SERVER_VERSION = '4.100.3';
const INSTALL_DIR = path.join(TEST_CACHE, `code-server-${CODE_SERVER_VERSION}`);
const ENTRY = path.join(INSTALL_DIR, 'node_modules/code-server/out/node/entry.js');

/** Starting code-server takes a few seconds on an idle machine; a loaded one is given far longer. */
const STARTUP_CEILING_MS = 120_000;

/** What code-server's native modules build against, plus Chromium to drive the workbench. */
export const SYSTEM_PACKAGES = ['libkrb5-dev', 'libx11-dev', 'libxkbfile-dev', 'libsecret-1-dev', 'ripgrep', 'chromium'];

/** @vscode/ripgrep's postinstall downloads ripgrep unless this archive is already in its cache. */
const RIPGREP_CACHE = { folder: 'vscode-ripgrep-cache-1.15.11', archive: 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz' };

/**
 * Installs code-server into the git-ignored test cache (about a minute, once per machine) and
 * returns the path of its entry script. Works offline against the npm registry alone.
 */
export function ensureCodeServer(): string {
  ensureDebianPackages(SYSTEM_PACKAGES);
  if (installedVersion() !== undefined) return ENTRY;

  console.log(`[harness] installing code-server ${CODE_SERVER_VERSION} into ${path.relative(process.cwd(), INSTALL_DIR)} (about a minute, once)`);
  fs.rmSync(INSTALL_DIR, { recursive: true, force: true });
  const tmp = path.join(INSTALL_DIR, 'tmp');
  const ripgrepCache = path.join(tmp, RIPGREP_CACHE.folder);
  fs.mkdirSync(ripgrepCache, { recursive: true });
  execFileSync('tar', ['-czf', path.join(ripgrepCache, RIPGREP_CACHE.archive), '-C', path.dirname(whichRipgrep()), 'rg']);
  fs.writeFileSync(path.join(INSTALL_DIR, 'package.json'), JSON.stringify({ name: 'code-server-cache', private: true }));

  const env = {
    ...process.env,
    TMPDIR: tmp,
    // node-gyp builds native modules against the local Node headers instead of downloading them.
    npm_config_nodedir: process.env.npm_config_nodedir ?? '/usr',
    // Native-module postinstalls call npx, which must not stop to ask.
    npm_config_yes: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
  };
  // code-server's own install steps build native modules: its scripts must run (npm 11 blocks
  // dependency scripts by default), and its postinstall refuses to run as root without
  // --unsafe-perm. This installs into the throwaway cache folder only.
  const npmArgs = ['install', '--no-save', '--unsafe-perm', '--dangerously-allow-all-scripts', `code-server@${CODE_SERVER_VERSION}`];
  const result = spawnSync('npm', npmArgs, { cwd: INSTALL_DIR, env, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  fs.writeFileSync(path.join(INSTALL_DIR, 'install.log'), `${result.stdout}\n${result.stderr}`);
  const version = installedVersion();
  if (result.status !== 0 || version === undefined) {
    throw new Error(`code-server install failed (npm exit ${result.status}); see ${path.join(INSTALL_DIR, 'install.log')}:\n${result.stderr.slice(-2000)}`);
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  return ENTRY;
}

/** "1.100.3" when code-server is installed and runs, else undefined. */
function installedVersion(): string | undefined {
  if (!fs.existsSync(ENTRY)) return undefined;
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'promptcost-cs-version-'));
  try {
    const result = spawnSync(process.execPath, [ENTRY, '--version'], {
      encoding: 'utf8',
      env: { ...process.env, XDG_CONFIG_HOME: scratch, XDG_DATA_HOME: scratch },
    });
    return /with Code (\d+\.\d+\.\d+)/.exec(result.stdout)?.[1];
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

export function vscodeVersion(): string {
  return installedVersion() ?? 'unknown';
}

function whichRipgrep(): string {
  const found = spawnSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).stdout.trim();
  if (!found) throw new Error('ripgrep (rg) is not installed; install the Debian package "ripgrep".');
  return fs.realpathSync(found);
}

export interface RunningCodeServer {
  port: number;
  origin: string;
  /** The server's output so far, for diagnosing a failed run. */
  log(): string;
  stop(): Promise<void>;
}

export interface CodeServerOptions {
  /** Scratch folder for user data, extensions, config and sockets; removed by the caller. */
  scratch: string;
  folder: string;
  extensionsDir?: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * Starts code-server on a loopback port in its own process group and waits until it answers.
 * code-server binds port 0 itself and reports the port the system gave it: probing for a free port
 * and handing it over would leave a window in which another run on the machine (a second `npm
 * test`, its Chromium's connections) takes that port, and this run would then talk to their server.
 */
export async function startCodeServer(options: CodeServerOptions): Promise<RunningCodeServer> {
  const entry = ensureCodeServer();
  const dirs = serverDirs(options.scratch);
  const extensionsDir = options.extensionsDir ?? dirs.extensions;
  const child = spawn(
    process.execPath,
    [
      entry,
      '--auth',
      'none',
      '--bind-addr',
      '127.0.0.1:0',
      '--user-data-dir',
      dirs.userData,
      '--extensions-dir',
      extensionsDir,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      options.folder,
    ],
    { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...serverEnv(options.scratch), ...options.env } },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  try {
    const port = await waitForListeningPort(child, () => output, STARTUP_CEILING_MS);
    const origin = `http://127.0.0.1:${port}`;
    await waitForHealth(origin, child, STARTUP_CEILING_MS);
    return { port, origin, log: () => output, stop: () => stopProcessGroup(child) };
  } catch (error) {
    await stopProcessGroup(child);
    throw new Error(`${error instanceof Error ? error.message : error}\n--- code-server output ---\n${output.slice(-3000)}`, { cause: error });
  }
}

/** Installs a .vsix the way a user would, into the given extensions folder. */
export function installVsix(vsix: string, scratch: string, extensionsDir: string): void {
  const entry = ensureCodeServer();
  const dirs = serverDirs(scratch);
  execFileSync(process.execPath, [entry, '--user-data-dir', dirs.userData, '--extensions-dir', extensionsDir, '--install-extension', vsix], {
    env: { ...process.env, ...serverEnv(scratch) },
    stdio: 'pipe',
  });
}

export function serverDirs(scratch: string): { userData: string; extensions: string } {
  return { userData: path.join(scratch, 'user-data'), extensions: path.join(scratch, 'extensions') };
}

/** Keeps config, data and sockets inside the scratch folder so nothing is left behind. */
function serverEnv(scratch: string): NodeJS.ProcessEnv {
  const tmp = path.join(scratch, 'tmp');
  fs.mkdirSync(tmp, { recursive: true });
  return { XDG_CONFIG_HOME: path.join(scratch, 'config'), XDG_DATA_HOME: path.join(scratch, 'data'), TMPDIR: tmp };
}

/** The port from code-server's own "HTTP server listening on http://127.0.0.1:PORT/" line. */
async function waitForListeningPort(child: ChildProcess, output: () => string, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const port = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)\//.exec(output())?.[1];
    if (port) return Number(port);
    if (child.exitCode !== null) throw new Error(`code-server exited with code ${child.exitCode} before it was listening`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`code-server did not start listening within ${timeoutMs / 1000} s`);
}

async function waitForHealth(origin: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with code ${child.exitCode} before it was ready`);
    try {
      const response = await fetch(`${origin}/healthz`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`code-server did not answer ${origin}/healthz within ${timeoutMs / 1000} s`);
}

/** SIGTERM the whole process group (server, extension hosts, watchers), then SIGKILL what is left. */
async function stopProcessGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null) return;
  const group = -child.pid;
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(group, name);
    } catch {
      // Already gone.
    }
  };
  signal('SIGTERM');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
  signal('SIGKILL');
}
