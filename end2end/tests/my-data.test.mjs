// "My data" in a real browser: sign in, see the data, edit the phone number with a bad and
// then a good value, and receive the confirmation e-mail; with JavaScript on and off.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { startServer } from '../support/server.mjs';
import { startMailSink } from '../support/mail.mjs';
import { launch, openPage } from '../support/browser.mjs';
import { ADA, signInAsAda } from '../support/person.mjs';


describe('my data', () => {
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

  for (const [javaScript, good] of [[true, '+45 32 12 34 99'], [false, '+45 33 12 34 99']]) {
    test(`see my data and correct my phone number (JavaScript ${javaScript ? 'on' : 'off'})`, async () => {
      const { page, problems } = await openPage(browser, { javaScript });
      await signInAsAda(server, page);

      assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'My data');
      for (const section of ['Identity and contact details', 'Event registrations', 'Sign-in records', 'Shared with partners']) {
        assert.equal(await page.getByRole('heading', { name: section }).isVisible(), true, section);
      }
      assert.equal(await page.getByText('Strandvejen 100').isVisible(), true);

      await page.getByRole('link', { name: 'Edit contact details' }).click();
      await page.getByLabel('Phone number').fill('+45 1');
      await page.getByRole('button', { name: 'Save my details' }).click();
      await page.waitForSelector('#field-phone-error');
      assert.match(await page.locator('#field-phone-error').textContent(), /not a valid phone number/);
      assert.equal(await page.getByLabel('Phone number').inputValue(), '+45 1');

      const before = sink.received().filter((m) => m.subject === 'Your details were changed').length;
      await page.getByLabel('Phone number').fill(good);
      await page.getByRole('button', { name: 'Save my details' }).click();
      await page.waitForURL('**/account');
      assert.match(await page.getByRole('status').textContent(), /Your details are saved/);
      assert.equal(await page.getByText(good).isVisible(), true);

      for (let i = 0; i < 100 && sink.received().filter((m) => m.subject === 'Your details were changed').length === before; i += 1) {
        await new Promise((done) => setTimeout(done, 50));
      }
      const mail = await sink.mailTo(ADA, 'Your details were changed');
      assert.match(mail.text, /- Phone/);
      assert.deepEqual(problems, [], 'no console errors or CSP violations');
    });
  }
});
