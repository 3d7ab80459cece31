// Choosing what we may send: tick and untick three topics, save, get one e-mail, undo the
// change from it; with JavaScript on and off.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { startServer } from '../support/server.mjs';
import { startMailSink, linkIn } from '../support/mail.mjs';
import { launch, openPage } from '../support/browser.mjs';
import { signInAsAda } from '../support/person.mjs';


describe('consents', () => {
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
    test(`three toggles, one e-mail, undo from it (JavaScript ${javaScript ? 'on' : 'off'})`, async () => {
      const { page, problems } = await openPage(browser, { javaScript });
      await signInAsAda(server, page);

      await page.getByRole('link', { name: 'Change what we may send you' }).click();
      await page.waitForURL('**/account/consents');
      const surveys = page.getByLabel('Online surveys');
      const competitions = page.getByLabel('Competitions and promotions');
      const sales = page.getByLabel('Contact from our sales team');
      assert.equal(await surveys.isChecked(), true, 'the demo agreed to surveys');
      await surveys.uncheck();
      await competitions.check();
      await sales.check();
      const mailsBefore = sink.received().filter((m) => m.subject === 'Your choices are saved').length;
      const loads = [];
      page.on('load', () => loads.push(page.url()));
      await page.getByRole('button', { name: 'Save my choices' }).click();
      // With JavaScript the form saves in place: no new page, the news in a status region.
      await page.getByRole('status').filter({ hasText: /Your choices are saved/ }).waitFor();
      assert.equal(loads.length, javaScript ? 0 : 1, javaScript ? 'no reload' : 'post, then redirect back');
      assert.equal(await page.getByLabel('Competitions and promotions').isChecked(), true);

      let mails = [];
      for (let i = 0; i < 100; i += 1) {
        mails = sink.received().filter((m) => m.subject === 'Your choices are saved');
        if (mails.length > mailsBefore) break;
        await new Promise((done) => setTimeout(done, 50));
      }
      assert.equal(mails.length, mailsBefore + 1, 'one e-mail for the three changes');
      const mail = mails[mails.length - 1];
      assert.match(mail.text, /Online surveys: no/);
      assert.match(mail.text, /Competitions and promotions: yes/);
      assert.match(mail.text, /Contact from our sales team: yes/);

      await page.goto(linkIn(mail, `${server.baseUrl}/consents/undo?token=`));
      await page.getByRole('button', { name: 'Undo the change' }).click();
      await page.waitForURL(`${server.baseUrl}/`);
      await page.getByRole('status').filter({ hasText: /The change is undone/ }).waitFor();

      await page.goto(`${server.baseUrl}/account/consents`);
      assert.equal(await page.getByLabel('Online surveys').isChecked(), true);
      assert.equal(await page.getByLabel('Competitions and promotions').isChecked(), false);
      assert.equal(await page.getByLabel('Contact from our sales team').isChecked(), false);
      const history = page.getByRole('region', { name: 'History of your choices' });
      assert.match(await history.textContent(), /via undo/);
      assert.deepEqual(problems, [], 'no console errors or CSP violations');
    });
  }
});
