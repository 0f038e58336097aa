// The README's screenshots (docs/*.png), taken from the demo before any check adds entities
// to it (the wizard registers new services): the card of ledger-sync and the audit page, in
// the light and dark themes and at 375 px, and the card gallery in both themes. Written to
// e2e-artifacts/docs/ under the names docs/ uses; copy them over to update the README's.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { switchTheme } from './accessibility.e2e.mjs';
import { screenshotDownTo } from './screenshots.mjs';

const SHOTS = [
  { theme: 'light', width: 1280, suffix: '' },
  { theme: 'dark', width: 1280, suffix: '-dark' },
  { theme: 'light', width: 375, suffix: '-narrow' },
];

async function cardShot(page, appUrl, path) {
  await page.goto(`${appUrl}/catalog/default/component/ledger-sync`);
  const card = page.locator('article', {
    has: page.getByRole('heading', { name: 'ECR image pulls' }),
  });
  await card
    .locator('h4 [data-pull-auth="static-secret"]')
    .waitFor({ timeout: 30_000 });
  await card.getByText(/^Checked /).waitFor();
  await card.screenshot({ path });
}

/**
 * The audit page from its filters and counts down to the 8th entity: the table's rows at a
 * desktop width, the stacked cards on a phone (then the 3rd card: each is tall).
 */
async function auditShot(page, appUrl, path, narrow) {
  await page.goto(`${appUrl}/ecr-access`);
  const entities = page.getByRole('region', { name: 'Entities' });
  await entities
    .getByRole('link', { name: 'analytics-etl' })
    .waitFor({ timeout: 30_000 });
  const last = narrow
    ? page
        .getByRole('list', { name: 'Audited entities' })
        .getByRole('article')
        .nth(2)
    : entities.getByRole('row').nth(8);
  await screenshotDownTo(page, path, last);
}

export function docsScreenshotChecks({ appUrl, artifacts }) {
  const dir = join(artifacts, 'docs');
  return [
    {
      name: 'screenshots for the README: the card and the audit page (light, dark, 375 px) and the gallery, before the wizard adds entities',
      async run(page) {
        await mkdir(dir, { recursive: true });
        try {
          for (const { theme, width, suffix } of SHOTS) {
            await switchTheme(page, theme);
            await page.setViewportSize({ width, height: 1000 });
            await cardShot(
              page,
              appUrl,
              join(dir, `ecr-access-card${suffix}.png`),
            );
            await auditShot(
              page,
              appUrl,
              join(dir, `ecr-access-audit-page${suffix}.png`),
              width < 768,
            );
          }
        } finally {
          await switchTheme(page, 'light');
          await page.setViewportSize({ width: 1400, height: 1000 });
        }
      },
    },
  ];
}
