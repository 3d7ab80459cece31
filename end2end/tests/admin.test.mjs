// The admin view in a browser, with JavaScript on and off: a support member set up from the
// command line signs in with password and authenticator code, finds the demo person, opens
// the record with a reason, changes a consent with a reason; the person then sees the change
// in their consent history and the view in "Who looked at your data".

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';

import { startServer } from '../support/server.mjs';
import { launch, openPage } from '../support/browser.mjs';

const ADA = 'ada.lindqvist@example.com';
const STAFF = 'rita.support@example.com';
const STAFF_PASSWORD = 'a long staff passphrase 42';

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
function totp(secret, step) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', base32(secret)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const value = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(value).padStart(6, '0');
}

const stepNow = () => Math.floor(Date.now() / 1000 / 30);

describe('admin view', () => {
  let browser;

  before(async () => {
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
  });

  for (const javaScript of [true, false]) {
    test(`staff change a consent with a reason and the person sees it (JavaScript ${javaScript ? 'on' : 'off'})`, async () => {
      const server = await startServer();
      try {
        const printed = await server.cli('create-staff', '--email', STAFF, '--role', 'support', '--name', 'Rita Support');
        const link = printed.match(/https?:\S+\/admin\/setup\?token=\S+/)[0];

        const { page: staff, problems } = await openPage(browser, { javaScript });
        await staff.goto(link);
        const secret = (await staff.locator('code.secret').textContent()).trim();
        const step = stepNow();
        await staff.getByLabel('Password').fill(STAFF_PASSWORD);
        await staff.getByLabel('Code from your authenticator app').fill(totp(secret, step));
        await staff.getByRole('button', { name: 'Finish set-up' }).click();
        await staff.getByRole('heading', { name: 'Your recovery codes' }).waitFor();

        // Sign in with the next code (a code is accepted once, one step either side of now).
        await staff.goto(`${server.baseUrl}/admin/sign-in`);
        await staff.getByLabel('E-mail address').fill(STAFF);
        await staff.getByLabel('Password').fill(STAFF_PASSWORD);
        await staff.getByLabel('Code from your authenticator app').fill(totp(secret, step + 1));
        await staff.getByRole('button', { name: 'Sign in' }).click();
        await staff.getByText('Signed in as Rita Support (support).').waitFor();

        await staff.getByLabel('E-mail, name, phone or postal code').fill('lindqvist');
        await staff.getByRole('button', { name: 'Search' }).click();
        await staff.getByRole('link', { name: 'Open', exact: true }).first().click();
        await staff.getByLabel('Why are you opening this record?').fill('Ada phoned about competitions');
        await staff.getByRole('button', { name: 'Open the record' }).click();
        await staff.getByRole('heading', { name: 'Audit trail' }).waitFor();

        await staff.getByRole('link', { name: 'Change consents' }).click();
        // The browser asks for the reason before posting (the server refuses without one too).
        assert.notEqual(await staff.getByLabel('Reason').getAttribute('required'), null);
        await staff.getByLabel('Competitions and promotions').check();
        await staff.getByLabel('Reason').fill('Asked by phone to enter competitions');
        await staff.getByRole('button', { name: "Save the person's choices" }).click();
        await staff.getByText('Saved as pending').waitFor();
        assert.deepEqual(problems, []);

        const { page: person } = await openPage(browser, { javaScript });
        await person.goto(`${server.baseUrl}/sign-in`);
        const form = person.locator('form', { has: person.getByLabel('Password') });
        await form.getByLabel('E-mail address').fill(ADA);
        await form.getByLabel('Password').fill('demo passphrase for Ada');
        await form.getByRole('button', { name: 'Sign in' }).click();
        await person.waitForURL('**/account');
        const looked = person.getByRole('region', { name: 'Who looked at your data' });
        await looked.getByText('Ada phoned about competitions').waitFor();
        await person.goto(`${server.baseUrl}/account/consents`);
        await person.getByText('Asked by phone to enter competitions').waitFor();
        assert.equal(await person.getByLabel('Competitions and promotions').isChecked(), true);
      } finally {
        await server.stop();
      }
    });
  }
});
