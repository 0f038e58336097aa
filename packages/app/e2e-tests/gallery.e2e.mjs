// The card gallery of the demo app (/ecr-access/gallery, packages/app/src/modules/gallery):
// every state of the entity card, each rendered by the plugin's card over an example status.
// Checks each state's headline text, axe-core in both themes, and a screenshot of each theme
// (e2e-artifacts/docs/ecr-access-card-gallery(-dark).png, for the README).
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { axeScript, switchTheme, violations } from './accessibility.e2e.mjs';
import { screenshotWholePage } from './screenshots.mjs';

/** Each state's id on the page and the texts its card must show. */
const STATES = [
  ['first-audit-running', ['Not yet checked: first audit running']],
  ['not-yet-checked', ['No cluster could be read', 'edge-euw1: unreachable']],
  ['healthy-irsa', ['IRSA for pulls', 'Healthy']],
  ['rotating-secret', ['Rotating secret', 'refreshed 3 h ago']],
  ['static-secret-expiring', ['Static secret', 'that expires in 1 h']],
  [
    'static-secret-expired',
    ['Static secret', 'Broken', 'that expired 2 days ago'],
  ],
  [
    'stale',
    ['Stale: edge-euw1 unreachable since', 'last good read 3 hours ago'],
  ],
  [
    'no-workloads',
    [
      'No workloads found',
      'backstage.io/kubernetes-id=mobile-bff',
      'on clusters prod-use1, shared-usw2',
    ],
  ],
  [
    'error',
    ['Broken', "The role's trust policy does not admit this ServiceAccount"],
  ],
  [
    'input-malformed',
    ['An input object could not be understood', 'cannot be parsed'],
  ],
  ['not-audited', ['Not audited']],
];

async function openGallery(page, appUrl) {
  await page.goto(`${appUrl}/ecr-access/gallery`);
  await page
    .locator('[data-card-state="not-audited"]')
    .getByText('Not audited', { exact: true })
    .waitFor({ timeout: 30_000 });
}

function statesCheck(appUrl) {
  return {
    name: 'card gallery: every state of the card, with its headline, in the sidebar',
    async run(page) {
      await page.goto(`${appUrl}/catalog`);
      await page.getByRole('link', { name: 'ECR card states' }).click();
      await page.waitForURL(/\/ecr-access\/gallery$/);
      await openGallery(page, appUrl);
      const missing = [];
      for (const [id, texts] of STATES) {
        const state = page.locator(`[data-card-state="${id}"]`);
        await state.getByRole('heading', { name: 'ECR image pulls' }).waitFor();
        for (const text of texts) {
          const shown = state.getByText(text).first();
          await shown.waitFor({ timeout: 10_000 }).catch(() => {});
          if (!(await shown.isVisible())) missing.push(`${id}: "${text}"`);
        }
      }
      if (missing.length) throw new Error(`not shown: ${missing.join('; ')}`);
    },
  };
}

function themeCheck(appUrl, artifacts, theme) {
  return {
    name: `card gallery (${theme}): no serious WCAG 2 A/AA violation; screenshot`,
    async run(page) {
      if (!axeScript()) throw new Error('axe-core is not installed');
      await switchTheme(page, theme);
      await page.setViewportSize({ width: 1400, height: 1000 });
      await openGallery(page, appUrl);
      const cards = page.locator('[data-card-state]');
      const found = await violations(page, cards.first().locator('..'));
      // docs/ecr-access-card-gallery(-dark).png, as the README shows them.
      const dir = join(artifacts, 'docs');
      await mkdir(dir, { recursive: true });
      const suffix = theme === 'dark' ? '-dark' : '';
      await screenshotWholePage(
        page,
        join(dir, `ecr-access-card-gallery${suffix}.png`),
      );
      await switchTheme(page, 'light');
      if (found.length) throw new Error(found.join('; '));
    },
  };
}

export function galleryChecks({ appUrl, artifacts }) {
  return [
    statesCheck(appUrl),
    themeCheck(appUrl, artifacts, 'light'),
    themeCheck(appUrl, artifacts, 'dark'),
  ];
}
