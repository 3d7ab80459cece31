// A newsletter recipient never signs in: the unsubscribe link of an issue, the profile link in
// its footer, undo, and a fresh link when the old one has expired; with JavaScript on and off.
// The links come from the CLI (`prefcentre link`), as an operator or sending system gets them.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { startServer } from '../support/server.mjs';
import { startMailSink, linkIn } from '../support/mail.mjs';
import { launch, openPage } from '../support/browser.mjs';

const JONAS = 'jonas.berg@example.net';

/** The value after `label` in the CLI's `prefcentre link` output. */
function printed(output, label) {
  const line = output.split('\n').find((l) => l.startsWith(label));
  assert.ok(line, `the CLI printed ${label}`);
  return line.slice(label.length).trim();
}

async function mailWithSubject(sink, subject) {
  for (let i = 0; i < 100; i += 1) {
    const mail = sink.received().find((m) => m.subject === subject);
    if (mail) return mail;
    await new Promise((done) => setTimeout(done, 50));
  }
  throw new Error(`no mail "${subject}"`);
}

describe('newsletter links', () => {
  let browser;

  before(async () => {
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
  });

  for (const javaScript of [true, false]) {
    test(`from an issue's links, with no login (JavaScript ${javaScript ? 'on' : 'off'})`, async () => {
      const sink = await startMailSink();
      const server = await startServer({ env: { PREFCENTRE_MAIL_URL: sink.url } });
      try {
        const printedLinks = await server.cli('link', '--email', JONAS, '--topic', 'newsletter');
        const profile = printed(printedLinks, 'profile link:');
        const unsubscribe = printed(printedLinks, 'unsubscribe URL:');
        assert.ok(profile.startsWith(`${server.baseUrl}/p?t=`));
        assert.ok(unsubscribe.startsWith(`${server.baseUrl}/u?t=`));
        const { page, problems } = await openPage(browser, { javaScript });

        // The unsubscribe link: opening it asks; the button withdraws.
        await page.goto(unsubscribe);
        await page.getByRole('heading', { name: 'Unsubscribe' }).waitFor();
        await page.getByRole('button', { name: 'Unsubscribe' }).click();
        await page.getByRole('heading', { name: 'You are unsubscribed' }).waitFor();
        assert.match(await page.textContent('body'), /We will not send you Newsletter again/);

        // The profile link: the masked address, the topics, and nothing else.
        await page.goto(profile);
        assert.match(await page.textContent('main'), /j•••@example\.net/);
        assert.doesNotMatch(await page.textContent('main'), /jonas\.berg/);
        const newsletter = page.getByLabel('Newsletter', { exact: true });
        assert.equal(await newsletter.isChecked(), false, 'the unsubscribe is shown');
        await newsletter.check();
        await page.getByRole('button', { name: 'Save my choices' }).click();
        await page.getByRole('status').waitFor();
        assert.match(await page.getByRole('status').textContent(), /Your choices are saved/);
        assert.equal(await page.getByLabel('Newsletter', { exact: true }).isChecked(), true);

        // Undo, in place.
        await page.getByRole('button', { name: 'Undo the change' }).click();
        await page.waitForFunction(() => /The change is undone/.test(document.body.textContent));
        assert.equal(await page.getByLabel('Newsletter', { exact: true }).isChecked(), false);
        assert.equal(await page.getByRole('button', { name: 'Undo the change' }).count(), 0);
        assert.ok(await page.getByRole('button', { name: 'E-mail me a sign-in link' }).isVisible(), 'the way to the other rights');

        // An old link leads to a fresh one, by e-mail.
        await page.goto(`${server.baseUrl}/p?t=an-expired-link`);
        await page.getByRole('heading', { name: 'Get a new link' }).waitFor();
        await page.getByLabel('E-mail address').fill(JONAS);
        await page.getByRole('button', { name: /new link/i }).click();
        await page.waitForURL('**/check-email');
        const mail = await mailWithSubject(sink, 'Your link to choose what we send you');
        await page.goto(linkIn(mail, `${server.baseUrl}/p?t=`));
        assert.equal(await page.getByLabel('Newsletter', { exact: true }).isChecked(), false);
        assert.deepEqual(problems, [], 'no console errors or CSP violations');
      } finally {
        await server.stop();
        await sink.stop();
      }
    });
  }
});
