import { expect, test } from '@playwright/test';
import { ADMIN, capitalize, pick, signIn, uniqueWord } from './helpers.js';

test('create a unit and a resident linked to it, then find the resident without diacritics', async ({ page }) => {
  const word = uniqueWord();
  const unitCode = `T-${word.slice(0, 5).toUpperCase()}`;
  const fullName = `Nguyễn Văn Đức ${capitalize(word)}`;

  await signIn(page, ADMIN);
  await page.getByTestId('tile-units').click();
  await page.getByTestId('unit-new').click();
  await page.getByTestId('unit-code').fill(unitCode.toLowerCase());
  await page.getByTestId('unit-floor').fill('12');
  await page.getByTestId('unit-area').fill('74.5');
  await page.getByTestId('unit-save').click();
  await expect(page.getByTestId('unit-form')).toHaveCount(0);
  await page.getByTestId('units-search').fill(unitCode);
  const unitRow = page.getByTestId('unit-row').filter({ hasText: unitCode });
  await expect(unitRow).toHaveCount(1);
  await expect(unitRow.locator('td').last()).toHaveText('0');

  await page.getByTestId('nav-people').click();
  await page.getByTestId('person-new').click();
  await page.getByTestId('person-name').fill(fullName);
  await page.getByTestId('person-phone').fill('+84 90 123 4567');
  await page.getByTestId('person-add-unit').click();
  await pick(page, 'person-unit-0', unitCode, unitCode);
  await page.getByTestId('person-save').click();
  await expect(page.getByTestId('person-form')).toHaveCount(0);

  await page.getByTestId('people-search').fill(`nguyen van duc ${word}`);
  const row = page.getByTestId('person-row').filter({ hasText: fullName });
  await expect(row).toHaveCount(1);
  await expect(page.getByTestId('person-row')).toHaveCount(1);
  await expect(row).toContainText(unitCode);
  // Lists never carry contact data; opening the person reads it (an audited read).
  await expect(row.getByTestId('contact-on-open')).toBeVisible();
  await row.click();
  await expect(page.getByTestId('person-phone')).toHaveValue('+84 90 123 4567');
  await expect(page.getByTestId('person-name')).toHaveValue(fullName);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('person-form')).toHaveCount(0);

  await page.getByTestId('nav-units').click();
  await page.getByTestId('units-search').fill(unitCode);
  await expect(page.getByTestId('unit-row').filter({ hasText: unitCode }).locator('td').last()).toHaveText('1');
});
