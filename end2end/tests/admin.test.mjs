// The admin view in a browser, with JavaScript on and off: a support member set up from the
// command line signs in with password and authenticator code, finds the demo person, opens
// the record with a reason, changes a consent with a reason; the person then sees the change
// in their consent history and the view in "Who looked at your data".

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { startServer } from '../support/server.mjs';
import { launch, openPage } from '../support/browser.mjs';
import { signInAsAda } from '../support/person.mjs';
import { setUpAndSignIn } from '../support/staff.mjs';

const STAFF = 'rita.support@example.com';

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
        const { page: staff, problems } = await openPage(browser, { javaScript });
        await setUpAndSignIn(server, staff, { email: STAFF, name: 'Rita Support', role: 'support' });

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
        await signInAsAda(server, person);
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
