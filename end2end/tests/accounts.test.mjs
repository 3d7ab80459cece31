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

    test(`a password planted before the owner proved the address does not open the account (JavaScript ${javaScript ? 'on' : 'off'})`, async () => {
      const email = `owner-${javaScript ? 'js' : 'nojs'}@example.org`;
      const planted = 'the planted passphrase';

      // Someone who does not own the address signs up with it, and never confirms.
      const attacker = await openPage(browser, { javaScript });
      await attacker.page.goto(`${server.baseUrl}/sign-up`);
      await attacker.page.getByLabel('Name').fill('Mallory');
      await attacker.page.getByLabel('E-mail address').fill(email);
      await attacker.page.getByLabel('Password').fill(planted);
      await attacker.page.getByRole('button', { name: 'Create account' }).click();
      await attacker.page.waitForURL('**/check-email');
      await sink.mailTo(email, 'Confirm your e-mail address');

      // The real owner asks for a sign-in link, and sees whose account it opens.
      const owner = await openPage(browser, { javaScript });
      await owner.page.goto(`${server.baseUrl}/sign-in`);
      const linkForm = owner.page.locator('form', { has: owner.page.getByRole('button', { name: 'E-mail me a sign-in link' }) });
      await linkForm.locator('input[name="email"]').fill(email);
      await linkForm.getByRole('button', { name: 'E-mail me a sign-in link' }).click();
      await owner.page.waitForURL('**/check-email');
      const mail = await sink.mailTo(email, 'Your sign-in link');
      await owner.page.goto(linkIn(mail, `${server.baseUrl}/sign-in/link?token=`));
      assert.equal(await owner.page.locator('main strong', { hasText: email }).isVisible(), true, 'the page names the account');
      await owner.page.getByRole('button', { name: 'Sign me in' }).click();
      await owner.page.waitForURL('**/account');

      // The planted password no longer signs in.
      await attacker.page.goto(`${server.baseUrl}/sign-in`);
      const passwordForm = attacker.page.locator('form', { has: attacker.page.getByLabel('Password') });
      await passwordForm.getByLabel('E-mail address').fill(email);
      await passwordForm.getByLabel('Password').fill(planted);
      await passwordForm.getByRole('button', { name: 'Sign in' }).click();
      await attacker.page.waitForSelector('.form-problem');
      assert.match(await attacker.page.locator('.form-problem').textContent(), /not right/);
      assert.equal(attacker.page.url().endsWith('/account'), false);
      await attacker.page.context().close();
      await owner.page.context().close();
    });
  }
});
