// Keyboard only: signing in, correcting contact details and changing consents with Tab,
// typing, Space and Enter, no mouse. Every stop on the way shows a visible focus ring, and a
// refused field is announced and names its message.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { startServer } from '../support/server.mjs';
import { launch, openPage } from '../support/browser.mjs';
import { ADA, ADA_PASSWORD } from '../support/person.mjs';

/** What has focus: its tag, id, accessible-ish name, and whether a focus ring shows. */
async function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
    const label = el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent?.trim() : undefined;
    return { tag: el.tagName.toLowerCase(), id: el.id, name: label ?? el.textContent?.trim() ?? '', ring };
  });
}

/** Presses Tab until `wanted(focus)`, checking a focus ring at every stop on the way. */
async function tabTo(page, wanted, what) {
  for (let i = 0; i < 80; i += 1) {
    await page.keyboard.press('Tab');
    const focus = await focused(page);
    if (focus) assert.ok(focus.ring, `a visible focus ring on ${focus.tag}#${focus.id} "${focus.name}"`);
    if (focus && wanted(focus)) return focus;
  }
  throw new Error(`Tab never reached ${what}`);
}

describe('keyboard only', () => {
  let server;
  let browser;

  before(async () => {
    server = await startServer();
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const javaScript of [true, false]) {
    test(`sign in, correct a detail, change a consent (JavaScript ${javaScript ? 'on' : 'off'})`, async () => {
      const { page, problems } = await openPage(browser, { javaScript });
      await page.goto(`${server.baseUrl}/sign-in`);

      await tabTo(page, (f) => f.id === 'field-email', 'the e-mail field of the password form');
      await page.keyboard.type(ADA);
      await tabTo(page, (f) => f.id === 'field-password', 'the password field');
      await page.keyboard.type(ADA_PASSWORD);
      await page.keyboard.press('Enter');
      await page.waitForURL('**/account');

      // A refused detail: announced, marked invalid, its message named by the field.
      await page.goto(`${server.baseUrl}/account/details`);
      await tabTo(page, (f) => f.id === 'field-phone', 'the phone field');
      await page.keyboard.press('Control+A');
      await page.keyboard.type('not a phone number');
      await page.keyboard.press('Enter');
      await page.waitForSelector('.field-error');
      const phone = page.locator('#field-phone');
      assert.equal(await phone.getAttribute('aria-invalid'), 'true');
      const message = await phone.getAttribute('aria-describedby');
      assert.match(await page.locator(`[id="${message.split(' ').find((id) => id.endsWith('-error'))}"]`).textContent(), /phone/i);
      assert.ok((await page.locator('[role="alert"]').count()) > 0, 'the form says something is wrong');

      await tabTo(page, (f) => f.id === 'field-phone', 'the phone field again');
      await page.keyboard.press('Control+A');
      await page.keyboard.type('+45 32 12 34 56');
      await page.keyboard.press('Enter');
      await page.waitForURL('**/account');
      assert.match(await page.getByRole('status').textContent(), /saved/);

      await page.goto(`${server.baseUrl}/account/consents`);
      const before = await page.locator('#topic-surveys').isChecked();
      await tabTo(page, (f) => f.id === 'topic-surveys', 'the surveys checkbox');
      await page.keyboard.press('Space');
      await tabTo(page, (f) => f.tag === 'button' && /Save my choices/.test(f.name), 'the save button');
      await page.keyboard.press('Enter');
      await page.getByRole('status').filter({ hasText: /Your choices are saved/ }).waitFor();
      assert.equal(await page.locator('#topic-surveys').isChecked(), !before);
      assert.deepEqual(problems, []);
    });
  }
});
