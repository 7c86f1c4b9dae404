import { expect, test } from '@playwright/test';
import { en } from '../../renderer/src/i18n/en.js';
import { ADMIN, capitalize, signIn, uniqueWord } from './helpers.js';

test('a people CSV with one bad row is rejected whole, showing the row and column', async ({ page }) => {
  const word = uniqueWord();
  const good = `Trần Thị Lan ${capitalize(word)}`;
  const alsoGood = `王小明 ${capitalize(word)}`;
  const csv = [
    'full_name,kind,phone,email,unit_code,relation,company,department,note',
    `${good},resident,0901234567,,,,,,`,
    `Bad Row ${capitalize(word)},resident,,,NO-SUCH-${word.toUpperCase()},owner,,,`,
    `${alsoGood},tenant,,wang@example.cn,,,,,`,
  ].join('\r\n');

  await signIn(page, ADMIN);
  await page.getByTestId('tile-import').click();
  await page.getByTestId('import-kind').getByText(en.import.kinds.people).click();
  await page.getByTestId('import-file').setInputFiles({ name: `people-${word}.csv`, mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${csv}`, 'utf8') });
  await expect(page.getByTestId('import-file-name')).toHaveText(`people-${word}.csv`);
  await page.getByTestId('import-start').click();

  await expect(page.getByTestId('import-job')).toHaveAttribute('data-state', 'rejected');
  await expect(page.getByTestId('import-progress')).toBeVisible();
  await expect(page.getByTestId('import-rejected')).toContainText('1');
  const rows = page.getByTestId('import-error-row');
  await expect(rows).toHaveCount(1);
  await expect(rows.getByTestId('import-error-line')).toHaveText('3');
  await expect(rows.getByTestId('import-error-column')).toHaveText('unit_code');
  await expect(rows.getByTestId('import-error-problem')).toHaveText(en.importProblems.unknown_unit);

  await page.getByTestId('nav-people').click();
  await page.getByTestId('people-search').fill(word);
  await expect(page.getByTestId('list-empty')).toBeVisible();
  await expect(page.getByTestId('person-row')).toHaveCount(0);
});

test('a clean people CSV is imported with progress and a row count', async ({ page }) => {
  const word = uniqueWord();
  const csv = ['full_name,kind', `Lê Minh ${capitalize(word)},staff`, `Phạm Hoa ${capitalize(word)},resident`].join('\n');
  await signIn(page, ADMIN, '/import');
  await page.getByTestId('import-file').setInputFiles({ name: 'ok.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  await page.getByTestId('import-start').click();
  await expect(page.getByTestId('import-done')).toHaveText(en.import.imported.replace('{{count}}', '2'));
  await page.goto('/people');
  await page.getByTestId('people-search').fill(word);
  await expect(page.getByTestId('person-row')).toHaveCount(2);
});

test('a units CSV with wrong header columns is rejected, naming the columns in the UI language', async ({ page }) => {
  const csv = ['code,kind,tầng,ghi_chu', 'A-101,apartment,1,'].join('\n');
  await signIn(page, ADMIN, '/import');
  await page.getByTestId('import-kind').getByText(en.import.kinds.units).click();
  await page.getByTestId('import-file').setInputFiles({ name: 'units.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  await page.getByTestId('import-start').click();

  await expect(page.getByTestId('import-job')).toHaveAttribute('data-state', 'rejected');
  await expect(page.getByTestId('import-file-error')).toHaveCount(2);
  const missing = page.locator('[data-testid="import-file-error"][data-code="missing_columns"]');
  await expect(missing.getByTestId('import-file-error-message')).toHaveText(en.importFileErrors.missing_columns.replace('{{columns}}', 'floor'));
  const unknown = page.locator('[data-testid="import-file-error"][data-code="unknown_columns"]');
  await expect(unknown.getByTestId('import-file-error-message')).toHaveText(en.importFileErrors.unknown_columns.replace('{{columns}}', 'tầng, ghi_chu'));
  await expect(page.getByTestId('import-errors')).toHaveCount(0);
});
