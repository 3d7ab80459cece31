// The home page with JavaScript on (islands hydrate) and off (everything still works).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { startServer } from '../support/server.mjs';
import { launch, openPage } from '../support/browser.mjs';

describe('home page', () => {
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

  test('with JavaScript the navigation island hydrates and folds into a menu on a phone', async () => {
    const { page, problems } = await openPage(browser, { viewport: { width: 375, height: 740 } });
    await page.goto(server.baseUrl);
    await page.waitForSelector('nav.site-nav[data-enhanced="true"]', { timeout: 15_000 });

    const menu = page.getByRole('button', { name: 'Menu' });
    const home = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home' });
    assert.equal(await menu.isVisible(), true);
    assert.equal(await home.isVisible(), false, 'links folded behind the menu');

    await menu.click();
    assert.equal(await menu.getAttribute('aria-expanded'), 'true');
    assert.equal(await home.isVisible(), true);

    await menu.press('Enter');
    assert.equal(await menu.getAttribute('aria-expanded'), 'false', 'the keyboard works too');
    assert.deepEqual(problems, [], 'no console errors or CSP violations');
  });

  test('without JavaScript every link is visible and the page is whole', async () => {
    const { page } = await openPage(browser, { javaScript: false, viewport: { width: 375, height: 740 } });
    const response = await page.goto(server.baseUrl);
    assert.equal(response.status(), 200);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Your data, your choices');
    const home = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home' });
    assert.equal(await home.isVisible(), true);
    assert.equal(await page.getByRole('button', { name: 'Menu' }).isVisible(), false);
    assert.equal(await page.getByText('Datatilsynet').isVisible(), true);
  });

  test('the skip link is the first stop for the keyboard and moves focus to the content', async () => {
    const { page } = await openPage(browser);
    await page.goto(server.baseUrl);
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to main content' });
    assert.equal(await skip.evaluate((el) => el === document.activeElement), true);
    assert.equal(await skip.isVisible(), true, 'visible while focused');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
  });

  test('an unknown address shows the not-found page with status 404', async () => {
    const { page } = await openPage(browser, { javaScript: false });
    const response = await page.goto(`${server.baseUrl}/no-such-page`);
    assert.equal(response.status(), 404);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Page not found');
  });
});
