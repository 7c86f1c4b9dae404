import { expect, test } from '@playwright/test';

test('an unauthenticated browser at /people gets the login page and no staff data', async ({ page }) => {
  const apiCalls: { url: string; status: number }[] = [];
  page.on('response', (r) => {
    if (new URL(r.url()).pathname.startsWith('/api/')) apiCalls.push({ url: new URL(r.url()).pathname, status: r.status() });
  });

  await page.goto('/people');
  await expect(page.getByTestId('login-form')).toBeVisible();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByTestId('people-table')).toHaveCount(0);
  await expect(page.getByTestId('person-row')).toHaveCount(0);

  // The page itself never asked for staff data; only the public site info and the session check.
  expect(apiCalls.filter((c) => c.url !== '/api/site' && c.url !== '/api/auth/me')).toEqual([]);
  expect(apiCalls.find((c) => c.url === '/api/auth/me')?.status).toBe(401);

  const direct = await page.evaluate(async () => {
    const r = await fetch('/api/people?q=a');
    return { status: r.status, body: await r.text() };
  });
  expect(direct.status).toBe(401);
  const body = JSON.parse(direct.body) as { error?: { code?: string }; items?: unknown };
  expect(body.error?.code).toBe('unauthorized');
  expect(body.items).toBeUndefined();
});
