// Rights in the browser: download everything (JSON and the CSV zip), then erase the account;
// with JavaScript on and off. Each run has its own server: erasure is for good.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';

import { startServer } from '../support/server.mjs';
import { startMailSink } from '../support/mail.mjs';
import { launch, openPage } from '../support/browser.mjs';

const ADA = 'ada.lindqvist@example.com';
const PASSWORD = 'demo passphrase for Ada';

async function mailWithSubject(sink, subject) {
  for (let i = 0; i < 100; i += 1) {
    const mail = sink.received().find((m) => m.subject === subject);
    if (mail) return mail;
    await new Promise((done) => setTimeout(done, 50));
  }
  throw new Error(`no mail "${subject}"`);
}

async function downloaded(page, button) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
  return { name: download.suggestedFilename(), bytes: await readFile(await download.path()) };
}

describe('rights', () => {
  let browser;

  before(async () => {
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
  });

  for (const javaScript of [true, false]) {
    test(`download everything, then erase the account (JavaScript ${javaScript ? 'on' : 'off'})`, async () => {
      const sink = await startMailSink();
      const server = await startServer({ env: { PREFCENTRE_MAIL_URL: sink.url } });
      try {
        const { page, problems } = await openPage(browser, { javaScript });
        await page.goto(`${server.baseUrl}/sign-in`);
        const form = page.locator('form', { has: page.getByLabel('Password') });
        await form.getByLabel('E-mail address').fill(ADA);
        await form.getByLabel('Password').fill(PASSWORD);
        await form.getByRole('button', { name: 'Sign in' }).click();
        await page.waitForURL('**/account');

        await page.getByRole('link', { name: 'Your rights' }).first().click();
        await page.waitForURL('**/account/rights');

        const json = await downloaded(page, 'Download as JSON');
        assert.match(json.name, /^my-data-\d{4}-\d{2}-\d{2}\.json$/);
        const data = JSON.parse(json.bytes.toString('utf8'));
        assert.equal(data.person.email, ADA);
        assert.ok(data.consent_ledger.length > 0);
        const zip = await downloaded(page, 'Download as CSV (zip)');
        assert.match(zip.name, /\.zip$/);
        assert.equal(zip.bytes.subarray(0, 2).toString('latin1'), 'PK', 'a zip archive');
        await mailWithSubject(sink, 'We received your request: a copy of your data');

        // Erasure asks for proof and an explicit yes.
        await page.goto(`${server.baseUrl}/account/rights`);
        const erase = page.getByRole('region', { name: 'Erase my account and data' });
        await erase.getByLabel('Current password').fill(PASSWORD);
        await erase.getByRole('button', { name: 'Erase my account and data' }).click();
        await page.locator('.field-error', { hasText: 'Tick the box to confirm you understand what erasure does.' }).waitFor();
        await page.getByRole('region', { name: 'Erase my account and data' }).getByLabel('Current password').fill(PASSWORD);
        await page.getByLabel('I understand that this cannot be undone').check();
        await page.getByRole('button', { name: 'Erase my account and data' }).click();
        await page.getByRole('heading', { name: 'Your data has been erased' }).waitFor();
        const last = await mailWithSubject(sink, 'Your data has been erased');
        assert.equal(last.to, ADA);

        await page.goto(`${server.baseUrl}/account`);
        await page.waitForURL('**/sign-in');
        assert.deepEqual(problems, [], 'no console errors or CSP violations');
      } finally {
        await server.stop();
        await sink.stop();
      }
    });
  }
});
