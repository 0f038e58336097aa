// Browser checks of the ecr-access demo: the entity card for three ways of pulling, the audit
// page and its filters (filters.e2e.mjs), every promise of the demo's legend
// (promises.e2e.mjs), the card gallery (gallery.e2e.mjs), the README's screenshots
// (docsScreenshots.e2e.mjs), the demo wizard (wizard.e2e.mjs), and accessibility in both
// themes at two widths (accessibility.e2e.mjs). Run by scripts/e2e.mjs, which starts the demo
// first; each check is independent, so one failure does not hide the others.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
// playwright-core is a devDependency of this package, used only by this file, run through
// scripts/e2e.mjs; the app's bundle never imports it.
import { chromium } from 'playwright-core';
import { accessibilityChecks } from './accessibility.e2e.mjs';
import { clusterChecks } from './clusters.e2e.mjs';
import { docsScreenshotChecks } from './docsScreenshots.e2e.mjs';
import { filterChecks } from './filters.e2e.mjs';
import { galleryChecks } from './gallery.e2e.mjs';
import { notificationChecks } from './notifications.e2e.mjs';
import { promiseChecks } from './promises.e2e.mjs';
import { tickingChecks } from './ticking.e2e.mjs';
import { wizardChecks } from './wizard.e2e.mjs';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The entities of examples/ and the headline each one must show. */
export const ENTITY_HEADLINES = [
  // edge-euw1 is down from the demo's start: every entity may run there, so none is "Healthy".
  {
    name: 'payments-api',
    headline: 'IRSA for pulls',
    health: 'Unknown health',
    text: /edge-euw1 unreachable/,
  },
  {
    name: 'orders-worker',
    headline: 'Rotating secret',
    health: 'Unknown health',
  },
  {
    name: 'legacy-billing',
    headline: 'Static secret',
    health: 'Broken',
    text: /expired .* ago/,
  },
];

function card(page) {
  return page.locator('article', {
    has: page.getByRole('heading', { name: 'ECR image pulls' }),
  });
}

async function signIn(page, appUrl) {
  await page.goto(appUrl);
  const enter = page.getByRole('button', { name: /enter/i });
  await enter.waitFor({ timeout: 60_000 });
  await enter.click();
  await page
    .getByRole('link', { name: 'ECR access' })
    .waitFor({ timeout: 30_000 });
}

function entityCheck(appUrl, artifacts, { name, headline, health, text }) {
  return {
    name: `${name}: the card headlines "${headline}" (${health})`,
    async run(page) {
      await page.goto(`${appUrl}/catalog/default/component/${name}`);
      const c = card(page);
      await c
        .getByRole('heading', { level: 4, name: headline })
        .waitFor({ timeout: 30_000 });
      await c.getByText(health, { exact: true }).first().waitFor();
      await c.getByText(/^Checked /).waitFor();
      if (text) await c.getByText(text).first().waitFor();
      await c.scrollIntoViewIfNeeded();
      await c.screenshot({ path: join(artifacts, `card-${name}.png`) });
    },
  };
}

function auditChecks(appUrl, artifacts) {
  return [
    {
      name: 'audit page: in the sidebar, with counts and a table',
      async run(page) {
        await page.goto(`${appUrl}/catalog`);
        await page.getByRole('link', { name: 'ECR access' }).click();
        await page.waitForURL(/\/ecr-access$/);
        await page
          .getByRole('list', { name: 'Entities by pull mechanism' })
          .waitFor({ timeout: 30_000 });
        const link = page.getByRole('link', { name: 'legacy-billing' });
        await link.waitFor({ timeout: 30_000 });
        const href = await link.getAttribute('href');
        if (href !== '/catalog/default/component/legacy-billing') {
          throw new Error(`the entity link points to ${href}`);
        }
        await page.screenshot({
          path: join(artifacts, 'audit-page.png'),
          fullPage: true,
        });
      },
    },
    {
      name: 'audit page: filtering by mechanism shows only static secrets',
      async run(page) {
        await page.goto(`${appUrl}/ecr-access`);
        // The first page, sorted by entity ref, starts with a rotating secret.
        const first = page.getByRole('link', { name: 'analytics-etl' });
        await first.waitFor({ timeout: 30_000 });
        const expected = await page
          .getByRole('list', { name: 'Entities by pull mechanism' })
          .getByText(/^Static secret:/)
          .textContent();
        const count = Number(/(\d+)/.exec(expected ?? '')?.[1]);
        await page.getByRole('button', { name: /Mechanism/ }).click();
        await page.getByRole('option', { name: 'Static secret' }).click();
        await first.waitFor({ state: 'detached', timeout: 30_000 });
        const table = page
          .getByRole('region', { name: 'Entities' })
          .locator('table');
        await table.getByRole('link', { name: 'legacy-billing' }).waitFor();
        const rows = table.getByRole('row');
        const dataRows = (await rows.count()) - 1; // the header row
        if (dataRows !== count) {
          throw new Error(
            `expected ${count} static-secret rows (the summary count), saw ${dataRows}`,
          );
        }
        const mechanisms = await table
          .locator('tbody tr td:nth-child(2)')
          .allTextContents();
        const others = mechanisms.filter(m => !m.includes('Static secret'));
        if (others.length)
          throw new Error(`rows with other mechanisms: ${others.join(', ')}`);
        await page.screenshot({
          path: join(artifacts, 'audit-static-secrets.png'),
          fullPage: true,
        });
      },
    },
  ];
}

/**
 * Runs a check; when it failed because the session was lost (a development backend restarts
 * on file changes and forgets its guest sessions), signs in again and runs it once more.
 */
async function runOnce(page, check, appUrl, log) {
  try {
    await check.run(page);
  } catch (error) {
    const signedOut = await page
      .getByRole('button', { name: /enter/i })
      .isVisible()
      .catch(() => false);
    if (!signedOut || check.name === 'sign in as guest') throw error;
    log(
      `     (signed out during "${check.name}"; signing in again and retrying)`,
    );
    await signIn(page, appUrl);
    await check.run(page);
  }
}

/**
 * Runs every check in one signed-in browser; returns `{ passed, failed }` and writes a
 * screenshot per check (and per failure) to `artifacts`.
 */
export async function runDemoChecks({
  appUrl,
  backendUrl = 'http://localhost:7007',
  artifacts,
  log = line => process.stdout.write(`${line}\n`),
}) {
  await mkdir(artifacts, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  const results = { passed: 0, failed: 0 };
  try {
    const page = await browser.newPage({
      viewport: { width: 1400, height: 1000 },
    });
    const checks = [
      { name: 'sign in as guest', run: p => signIn(p, appUrl) },
      ...ENTITY_HEADLINES.map(e => entityCheck(appUrl, artifacts, e)),
      ...auditChecks(appUrl, artifacts),
      ...filterChecks({ appUrl }),
      ...clusterChecks({ appUrl, artifacts }),
      ...(await promiseChecks({ appUrl })),
      ...tickingChecks({ appUrl }),
      ...galleryChecks({ appUrl, artifacts }),
      // Before the wizard, which registers new services the pictures should not show.
      ...docsScreenshotChecks({ appUrl, artifacts }),
      ...wizardChecks({ appUrl, backendUrl, artifacts }),
      // After the wizard, whose result page it checks too.
      ...accessibilityChecks({ appUrl, artifacts }),
      // Last: invoice-renderer's expiring secret is announced about two minutes after start-up,
      // and may be waited for while the checks above run.
      ...notificationChecks(appUrl, artifacts),
    ];
    for (const [i, check] of checks.entries()) {
      try {
        await runOnce(page, check, appUrl, log);
        results.passed += 1;
        log(`ok   ${check.name}`);
      } catch (error) {
        results.failed += 1;
        log(`FAIL ${check.name}: ${error.message.split('\n')[0]}`);
        await page
          .screenshot({
            path: join(artifacts, `failure-${i}.png`),
            fullPage: true,
          })
          .catch(() => {});
        if (i === 0) break; // nothing else can pass without signing in
      }
    }
  } finally {
    await browser.close();
  }
  return results;
}
