// Starts a release build of Prefcentre for one test file: its own SQLite database and mail
// folder in a temporary directory, a free port, the demo data seeded. Nothing is shared with a
// developer's running instance.

import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const targetDir = process.env.CARGO_TARGET_DIR ?? join(root, 'target');

export const binary = process.env.PREFCENTRE_BIN ?? join(targetDir, 'release', 'prefcentre');
export const siteRoot = process.env.LEPTOS_SITE_ROOT ?? join(root, 'target', 'site');

async function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.unref();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

export async function startServer({ env = {} } = {}) {
  if (!existsSync(binary)) {
    throw new Error(`no server binary at ${binary}: run \`cargo leptos build --release\` first`);
  }
  const folder = mkdtempSync(join(tmpdir(), 'prefcentre-e2e-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const settings = {
    PATH: process.env.PATH,
    DATABASE_URL: `sqlite://${join(folder, 'prefcentre.db')}?mode=rwc`,
    PREFCENTRE_LISTEN: `127.0.0.1:${port}`,
    PREFCENTRE_BASE_URL: baseUrl,
    PREFCENTRE_MAIL_URL: `file:${join(folder, 'mail')}`,
    LEPTOS_SITE_ROOT: siteRoot,
    PREFCENTRE_LOG: process.env.PREFCENTRE_LOG ?? 'warn',
    ...env,
  };
  const child = spawn(binary, ['serve', '--seed-demo'], {
    cwd: folder,
    env: settings,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise((done) => child.once('exit', (code) => done(code)));

  const deadline = Date.now() + 30_000;
  for (;;) {
    const early = await Promise.race([exited, new Promise((done) => setTimeout(() => done(undefined), 100))]);
    if (early !== undefined) throw new Error(`server exited with code ${early} before it was healthy`);
    try {
      const response = await fetch(`${baseUrl}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('server did not become healthy within 30 s');
  }

  return {
    baseUrl,
    folder,
    /** Runs a CLI command against this server's database and settings; resolves to stdout. */
    async cli(...args) {
      const { stdout } = await promisify(execFile)(binary, args, { cwd: folder, env: settings });
      return stdout;
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
