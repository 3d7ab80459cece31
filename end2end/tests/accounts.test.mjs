// The account journey in a real browser: sign up, confirm the address from the e-mail, sign
// out, sign in, sign out; with JavaScript on and with it off.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { startServer } from '../support/server.mjs';
import { startMailSink, linkIn } from '../support/mail.mjs';
import { launch, openPage } from '../support/browser.mjs';

const PASSWORD = 'a long and unusual passphrase';

describe('accounts', () => {
  let sink;
  let server;
  let browser;

  before(async () => {
    sink = await startMailSink();
    server = await startServer({ env: { PREFCENTRE_MAIL_URL: sink.url } });
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    await sink?.stop();
  });

  for (const javaScript of [true, false]) {
    test(`sign up, confirm by e-mail, sign out and in again (JavaScript ${javaScript ? 'on' : 'off'})`, async () => {
      const email = `journey-${javaScript ? 'js' : 'nojs'}@example.org`;
      const { page, problems } = await openPage(browser, { javaScript });

      await page.goto(`${server.baseUrl}/sign-up`);
      await page.getByLabel('Name').fill('Ines Journey');
      await page.getByLabel('E-mail address').fill(email);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.waitForURL('**/check-email');
      assert.match(await page.getByRole('status').textContent(), /a message is on its way/);

      const mail = await sink.mailTo(email, 'Confirm your e-mail address');
      await page.goto(linkIn(mail, `${server.baseUrl}/verify-email?token=`));
      await page.getByRole('button', { name: 'Confirm my address' }).click();
      await page.waitForURL('**/account');
      assert.match(await page.getByRole('status').textContent(), /confirmed and you are signed in/);
      assert.equal(await page.getByText(email).isVisible(), true);

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(`${server.baseUrl}/`);
      assert.equal(await page.getByRole('status').textContent(), 'You are signed out.');

      await page.goto(`${server.baseUrl}/sign-in`);
      const passwordForm = page.locator('form', { has: page.getByLabel('Password') });
      await passwordForm.getByLabel('E-mail address').fill(email);
      await passwordForm.getByLabel('Password').fill(PASSWORD);
      await passwordForm.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL('**/account');
      assert.equal(await page.getByText('Ines Journey').isVisible(), true);

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(`${server.baseUrl}/`);
      assert.deepEqual(problems, [], 'no console errors or CSP violations');
    });

    test(`a refused field shows its message next to it (JavaScript ${javaScript ? 'on' : 'off'})`, async () => {
      const { page } = await openPage(browser, { javaScript });
      await page.goto(`${server.baseUrl}/sign-up`);
      await page.getByLabel('Name').fill('Ines');
      // The browser accepts this; the server wants a dot in the domain.
      await page.getByLabel('E-mail address').fill('ines@example');
      await page.getByLabel('Password').fill('password');
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.waitForSelector('#field-email-error');
      assert.equal(await page.locator('#field-email-error').textContent(), 'Enter an e-mail address in the form name@example.com.');
      assert.match(await page.locator('#field-password-error').textContent(), /most common/);
      assert.equal(await page.getByLabel('E-mail address').getAttribute('aria-invalid'), 'true');
      assert.equal(await page.getByLabel('Name').inputValue(), 'Ines', 'typed values come back');
    });
  }
});
