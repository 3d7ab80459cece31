// A staff member set up from the command line as an operator would, and signed in with
// password and authenticator code (RFC 6238, computed here as an authenticator app does).

import { createHmac } from 'node:crypto';

export const STAFF_PASSWORD = 'a long staff passphrase 42';

function base32(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const char of text.toUpperCase().replace(/=+$/, '')) {
    bits += alphabet.indexOf(char).toString(2).padStart(5, '0');
  }
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

/** RFC 6238: the six-digit code for `step` (30-second steps since the epoch). */
export function totp(secret, step) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', base32(secret)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const value = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(value).padStart(6, '0');
}

export const stepNow = () => Math.floor(Date.now() / 1000 / 30);

/**
 * Creates a staff member with `create-staff`, finishes the set-up in `page` and signs in
 * (English pages). Returns the TOTP secret and the step of the last code used.
 */
export async function setUpAndSignIn(server, page, { email, name, role }) {
  const printed = await server.cli('create-staff', '--email', email, '--role', role, '--name', name);
  const link = printed.match(/https?:\S+\/admin\/setup\?token=\S+/)[0];
  await page.goto(link);
  const secret = (await page.locator('code.secret').textContent()).trim();
  const step = stepNow();
  await page.getByLabel('Password').fill(STAFF_PASSWORD);
  await page.getByLabel('Code from your authenticator app').fill(totp(secret, step));
  await page.getByRole('button', { name: 'Finish set-up' }).click();
  await page.getByRole('heading', { name: 'Your recovery codes' }).waitFor();
  // A code is accepted once, one step either side of now: sign in with the next one.
  await page.goto(`${server.baseUrl}/admin/sign-in`);
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill(STAFF_PASSWORD);
  await page.getByLabel('Code from your authenticator app').fill(totp(secret, step + 1));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText(`Signed in as ${name} (${role}).`).waitFor();
  return { secret, step: step + 1 };
}
