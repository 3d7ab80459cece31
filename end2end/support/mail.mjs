// A real SMTP server for browser journeys (support/smtp_sink.py, aiosmtpd) and the messages
// it received, as it decoded them.

import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

async function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

export async function startMailSink() {
  const folder = mkdtempSync(join(tmpdir(), 'prefcentre-mail-'));
  const port = await freePort();
  const script = new URL('./smtp_sink.py', import.meta.url).pathname;
  const child = spawn('python3', [script, '--port', String(port), '--dir', folder], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const firstLine = await new Promise((done) => {
    createInterface({ input: child.stdout }).once('line', done);
  });
  if (firstLine.trim() !== 'ready') throw new Error('the SMTP sink did not start (pip install aiosmtpd)');

  const received = () =>
    readdirSync(folder)
      .filter((name) => name.endsWith('.json') && !name.startsWith('.'))
      .sort()
      .map((name) => JSON.parse(readFileSync(join(folder, name), 'utf8')));

  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    async mailTo(address, subject) {
      for (let i = 0; i < 200; i += 1) {
        const found = received().reverse().find((m) => m.to === address && m.subject === subject);
        if (found) return found;
        await new Promise((done) => setTimeout(done, 50));
      }
      throw new Error(`no message "${subject}" to ${address} arrived`);
    },
    async stop() {
      child.stdin.end();
      child.kill('SIGTERM');
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

export function linkIn(mail, prefix) {
  const found = mail.text.split(/\s+/).find((word) => word.startsWith(prefix));
  if (!found) throw new Error(`no link starting ${prefix} in:\n${mail.text}`);
  return found;
}
