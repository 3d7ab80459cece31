// Accessibility and language, page by page: axe-core (WCAG 2.1 A and AA rules) on every page a
// visitor, a signed-in person, a newsletter reader and staff see, in English and Danish, at
// 360 px and 1280 px, with JavaScript on and off. The same walk checks that no page scrolls
// sideways on a phone, and that a Danish page shows no text of the English catalogue. It
// also takes the README's screenshots, so they show the product as it is.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { startServer } from '../support/server.mjs';
import { launch, openPage } from '../support/browser.mjs';
import { signInAsAda } from '../support/person.mjs';
import { setUpAndSignIn } from '../support/staff.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const screenshots = join(here, '..', 'screenshots');

const JONAS = 'jonas.berg@example.net';
const LANGUAGES = ['en', 'da'];
const WIDTHS = [360, 1280];

/** English strings a Danish page must not show: long enough to be prose, not a name. */
function englishOnly() {
  const locales = join(here, '..', '..', 'app', 'locales');
  const found = new Set();
  for (const namespace of ['common', 'admin']) {
    const en = JSON.parse(readFileSync(join(locales, 'en', `${namespace}.json`), 'utf8'));
    const da = JSON.parse(readFileSync(join(locales, 'da', `${namespace}.json`), 'utf8'));
    for (const [key, value] of Object.entries(en)) {
      if (da[key] === value) continue;
      // The longest piece between arguments stands for the string.
      const piece = value.split(/\{\{[^}]*\}\}/).map((p) => p.trim()).sort((a, b) => b.length - a.length)[0];
      if (piece.length >= 12 && piece.includes(' ')) found.add(piece);
    }
  }
  return [...found];
}

async function axeViolations(page) {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const result = await globalThis.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      rule: v.id,
      impact: v.impact,
      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    }));
  });
}

describe('accessibility and language on every page', () => {
  let server;
  let browser;
  const pages = { visitor: [], person: [], staff: [] };
  const contexts = {};

  before(async () => {
    server = await startServer();
    browser = await launch();
    const printed = await server.cli('link', '--email', JONAS, '--topic', 'newsletter');
    const link = (label) => printed.split('\n').find((l) => l.includes(label)).split(/\s+/).pop();
    pages.visitor = [
      '/', '/sign-in', '/sign-up', '/forgot-password', '/resend-confirmation', '/check-email',
      '/subscribe', '/privacy', '/cookies', '/no-such-page', '/admin/sign-in',
      link('profile link:').replace(server.baseUrl, ''),
      link('unsubscribe URL:').replace(server.baseUrl, ''),
    ];
    pages.person = [
      '/account', '/account/details', '/account/security', '/account/email', '/account/consents',
      '/account/rights',
    ];

    // Sign in once per kind of visitor (JavaScript on); the JavaScript-off context gets the
    // same cookies, so both walk the same session.
    for (const javaScript of [true, false]) contexts[javaScript] = {};
    const { context: person, page } = await openPage(browser);
    await signInAsAda(server, page);
    contexts.person = await person.cookies();

    const { context: staff, page: desk } = await openPage(browser);
    await setUpAndSignIn(server, desk, { email: 'rita.support@example.com', name: 'Rita Support', role: 'support' });
    await desk.getByLabel('E-mail, name, phone or postal code').fill('lindqvist');
    await desk.getByRole('button', { name: 'Search' }).click();
    await desk.getByRole('link', { name: 'Open', exact: true }).first().click();
    await desk.getByLabel('Why are you opening this record?').fill('Checking the page for accessibility');
    await desk.getByRole('button', { name: 'Open the record' }).click();
    await desk.getByRole('heading', { name: 'Audit trail' }).waitFor();
    const record = new URL(desk.url());
    const id = record.searchParams.get('id');
    pages.staff = [
      '/admin', `/admin/person?id=${id}`, `/admin/person/act?id=${id}&do=consents`,
      `/admin/person/act?id=${id}&do=details`, `/admin/person/act?id=${id}&do=identity`,
      '/admin/requests', '/admin/dashboard', '/admin/outbox', '/admin/audit',
    ];
    contexts.staff = await staff.cookies();
    await person.close();
    await staff.close();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const language of LANGUAGES) {
    for (const javaScript of [true, false]) {
      test(`${language}, JavaScript ${javaScript ? 'on' : 'off'}: no axe violations, no sideways scrolling${language === 'da' ? ', no English' : ''}`, async () => {
        const english = language === 'da' ? englishOnly() : [];
        const problems = [];
        let audited = 0;
        for (const who of ['visitor', 'person', 'staff']) {
          const { context, page } = await openPage(browser);
          // "JavaScript off" is the page as the server sent it: the client is not loaded, so
          // no island hydrates. (Chromium's own switch would also stop axe, which needs timers.)
          if (!javaScript) await context.route(/\/pkg\/.*\.(js|wasm)$/, (route) => route.abort());
          if (who !== 'visitor') await context.addCookies(contexts[who]);
          // The switcher's link: the choice is kept in a cookie (and in the session).
          await page.goto(`${server.baseUrl}/?lang=${language}`);
          for (const width of WIDTHS) {
            await page.setViewportSize({ width, height: 800 });
            for (const path of pages[who]) {
              const response = await page.goto(`${server.baseUrl}${path}`);
              const where = `${who} ${path} at ${width} px`;
              if (response.status() >= 500) problems.push(`${where}: status ${response.status()}`);
              // Islands hydrate once the client has loaded.
              if (javaScript) await page.waitForLoadState('networkidle');
              assert.equal(await page.getAttribute('html', 'lang'), language, `${where}: <html lang>`);
              for (const v of await axeViolations(page)) {
                problems.push(`${where}: ${v.rule} (${v.impact}) at ${v.nodes.join(', ')}`);
              }
              const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
              if (width === 360 && overflow > 0) problems.push(`${where}: scrolls sideways by ${overflow} px`);
              if (english.length) {
                // What the page itself marks as English (the organisation's own texts, kept in
                // the language they were written in) is not a missing translation.
                const text = await page.evaluate(() => {
                  const body = document.body.cloneNode(true);
                  body.querySelectorAll('script, [lang="en"]').forEach((el) => el.remove());
                  return body.textContent;
                });
                for (const piece of english.filter((p) => text.includes(p))) {
                  problems.push(`${where}: English text "${piece}"`);
                }
              }
              audited += 1;
            }
          }
          await context.close();
        }
        assert.ok(audited >= 50, `audited ${audited} pages`);
        assert.deepEqual(problems, [], problems.join('\n'));
      });
    }
  }

  test('a refused form is accessible too: messages next to their fields, linked and announced', async () => {
    for (const language of LANGUAGES) {
      const { context, page } = await openPage(browser);
      await context.route(/\/pkg\/.*\.(js|wasm)$/, (route) => route.abort());
      await page.goto(`${server.baseUrl}/sign-up?lang=${language}`);
      // Past the browser's own checks (required, type=email), to the server's refusal.
      const form = page.locator('form', { has: page.locator('#field-name') });
      await form.evaluate((f) => { f.noValidate = true; });
      await form.locator('button[type=submit]').click();
      await page.waitForSelector('.field-error');
      const invalid = page.locator('[aria-invalid="true"]');
      assert.ok((await invalid.count()) > 0, 'fields are marked invalid');
      for (const field of await invalid.all()) {
        const described = await field.getAttribute('aria-describedby');
        assert.ok(described, 'an invalid field names its message');
        for (const id of described.split(' ')) {
          assert.ok((await page.locator(`[id="${id}"]`).count()) === 1, `message ${id} exists once`);
        }
      }
      // The summary at the top is announced, and each of its links leads to its field.
      const links = page.locator('[role="alert"].error-summary a');
      assert.ok((await links.count()) > 0, 'a summary of what is wrong');
      for (const link of await links.all()) {
        const target = await link.getAttribute('href');
        assert.equal(await page.locator(target).count(), 1, `${target} is a field of the page`);
      }
      assert.deepEqual(await axeViolations(page), []);
    }
  });

  test('screenshots of the main pages in both languages (README)', async () => {
    mkdirSync(screenshots, { recursive: true });
    for (const language of LANGUAGES) {
      const shots = [
        ['home', 'visitor', '/'],
        ['my-data', 'person', '/account'],
        ['consents', 'person', '/account/consents'],
        ['profile-link', 'visitor', pages.visitor.find((p) => p.startsWith('/p?'))],
        ['admin-record', 'staff', pages.staff[1]],
      ];
      for (const [name, who, path] of shots) {
        const { context, page } = await openPage(browser, { viewport: { width: 1280, height: 900 } });
        if (who !== 'visitor') await context.addCookies(contexts[who]);
        await page.goto(`${server.baseUrl}${path}${path.includes('?') ? '&' : '?'}lang=${language}`);
        await page.waitForLoadState('networkidle');
        await page.screenshot({ path: join(screenshots, `${language}-${name}.png`) });
        await context.close();
      }
    }
  });
});
