/**
 * Entered text can never execute, part two (part one: staff-xss.spec.ts, same hostile seed): the sign-in screen and
 * home with a hostile site and staff name, the expected-visitor list and its printable invitation, and the
 * self-service kiosk showing staff-entered text (station name, site name, host names, building rules). Last, the
 * renderer's pages are served with a strict Content-Security-Policy that the browser enforces.
 */
import { CSP_DIRECTIVES } from '../../gateway/contract/csp.js';
import { HOSTILE, HOSTILE_ADMIN, TEXT, expect, expectInert, test } from './xss-support.js';

test.describe.configure({ timeout: 120_000 });

test.describe('signed out', () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test('the sign-in screen and home show a hostile site name and staff name as text', async ({ page, guard }) => {
    await page.goto('/login');
    await expect(page.getByTestId('login-form')).toBeVisible();
    await expectInert(page, guard, TEXT.site);
    await page.getByTestId('login-username').fill(HOSTILE_ADMIN.username);
    await page.getByTestId('login-password').fill(HOSTILE_ADMIN.password);
    await page.getByTestId('login-submit').click();
    await expect(page.getByTestId('home-title')).toContainText(TEXT.staffName);
    await expectInert(page, guard, TEXT.site, TEXT.staffName);
  });

  test('the kiosk shows hostile station, site and host names and building rules as text', async ({ page, guard, seed }) => {
    await page.addInitScript((token) => localStorage.setItem('frontgate.stationToken', token), seed.kioskToken);
    await page.goto('/kiosk');
    await expect(page.getByTestId('kiosk-welcome')).toBeVisible();
    await expectInert(page, guard, TEXT.station, TEXT.site);
    await page.getByTestId('selfservice-lang-en').click();
    await page.getByTestId('selfservice-name').fill(`${HOSTILE.img} Kiosk`);
    await page.getByTestId('selfservice-next').click();
    await page.getByTestId('selfservice-host-search').fill('Nguyen Van Duc');
    const host = page.getByTestId('selfservice-host-option').filter({ hasText: 'Nguyễn Văn Đức' }).first();
    await expect(host).toContainText(TEXT.person);
    await expectInert(page, guard);
    await host.click();
    await page.getByTestId('selfservice-purpose-service').click();
    await expect(page.getByTestId('selfservice-rules-text')).toContainText(TEXT.rulesLine);
    await expectInert(page, guard, HOSTILE.script, TEXT.rulesLine);
  });
});

test('expected visitors and the printable invitation show hostile names as text', async ({ page, guard, seed }) => {
  await page.goto('/visits/expected');
  const row = page.locator(`[data-testid="expected-row"][data-id="${seed.expectedVisitId}"]`);
  await expect(row.getByTestId('expected-name')).toHaveText(TEXT.expectedName);
  await expectInert(page, guard, TEXT.expectedCompany, TEXT.person);

  await page.goto(`/visits/expected/${seed.expectedVisitId}/invitation`);
  await expect(page.getByTestId('invitation-host')).toHaveText(TEXT.person);
  await expect(page.getByTestId('invitation-greeting')).toContainText(TEXT.expectedName);
  await expect(page.getByTestId('invitation-heading')).toContainText(TEXT.site);
  // The QR code is an image of the gateway's SVG, never inline markup; the download link is a data: image.
  await expect(page.getByTestId('invitation-download')).toHaveAttribute('href', /^data:image\/svg\+xml/);
  await expectInert(page, guard);
});

test.describe('Content-Security-Policy', () => {
  test.use({ bypassCSP: false });

  test('every renderer page is served with a strict policy: scripts only from the gateway, no inline or eval', async ({ page, seed }) => {
    for (const path of ['/', '/login', '/people', '/kiosk', `/visits/expected/${seed.expectedVisitId}/invitation`, '/no-such-screen']) {
      const response = await page.request.get(path);
      expect(response.status(), path).toBe(200);
      expect(response.headers()['content-type'], path).toMatch(/^text\/html/);
      const policy = response.headers()['content-security-policy'] ?? '';
      const directives = new Map(policy.split(';').map((d) => d.trim().split(/\s+/)).map(([name = '', ...sources]) => [name, sources]));
      expect(directives.get('script-src'), path).toEqual(["'self'"]);
      expect(directives.get('default-src'), path).toEqual(["'self'"]);
      expect(directives.get('object-src'), path).toEqual(["'none'"]);
      expect(directives.get('base-uri'), path).toEqual(["'none'"]);
      expect(directives.get('frame-ancestors'), path).toEqual(["'none'"]);
      expect(policy, path).not.toMatch(/'unsafe-eval'|'unsafe-hashes'|'strict-dynamic'|(^|\s)\*(\s|;|$)/);
      expect([...directives.keys()].sort(), path).toEqual(Object.keys(CSP_DIRECTIVES).sort());
    }
  });

  test('the browser enforces it: markup injected into the page cannot run an inline handler', async ({ page }) => {
    await page.goto('/people');
    await expect(page.getByTestId('page-title')).toBeVisible();
    const outcome = await page.evaluate(async (markup) => {
      const violation = new Promise<string>((resolve) => document.addEventListener('securitypolicyviolation', (e) => resolve(e.effectiveDirective), { once: true }));
      const host = document.createElement('div');
      host.innerHTML = markup;
      const img = host.querySelector('img') as HTMLImageElement;
      // Listeners run in order: this one runs after the inline onerror handler would have.
      const failed = new Promise((resolve) => img.addEventListener('error', resolve, { once: true }));
      document.body.append(host);
      const [directive] = await Promise.all([violation, failed]);
      host.remove();
      return { directive, xss: (window as unknown as { __xss?: unknown }).__xss ?? null };
    }, HOSTILE.img);
    expect(outcome).toEqual({ directive: 'script-src-attr', xss: null });
  });
});
