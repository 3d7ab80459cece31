// The demo's account holder, signed in with her password as a person would.

export const ADA = 'ada.lindqvist@example.com';
export const ADA_PASSWORD = 'demo passphrase for Ada';

/** Signs `page` in as Ada from the sign-in page (English) and waits for "My data". */
export async function signInAsAda(server, page) {
  await page.goto(`${server.baseUrl}/sign-in`);
  const form = page.locator('form', { has: page.getByLabel('Password') });
  await form.getByLabel('E-mail address').fill(ADA);
  await form.getByLabel('Password').fill(ADA_PASSWORD);
  await form.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL('**/account');
}
