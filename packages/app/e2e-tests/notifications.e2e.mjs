// Browser checks of issue #20's notifications to owners: the demo's guest, a member of the
// three demo teams (examples/entities/org.yaml), sees ecr-access's notifications in the app's
// notifications page, each linking to its entity. Run by demo.e2e.mjs after signing in (see
// runDemoChecks); each check is independent.
import { join } from 'node:path';

/** How long after start-up invoice-renderer's token enters the demo's window (app-config.yaml). */
const EXPIRY_NOTICE_TIMEOUT_MS = 240_000;

/** The notifications page, listing the guest's notifications (newest first). */
async function openNotifications(page, appUrl) {
  await page.goto(`${appUrl}/notifications`);
  await page
    .getByRole('heading', { name: /notifications/i })
    .first()
    .waitFor({ timeout: 30_000 });
}

/**
 * Searches the guest's notifications for `search` (the page's filter box) until one titled
 * `title` shows, for at most `timeoutMs`: the page lists five at a time, newest first.
 */
export async function findNotification(
  page,
  appUrl,
  { search, title, timeoutMs },
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await openNotifications(page, appUrl);
    await page.getByPlaceholder('Filter').fill(search);
    const found = page.getByText(title).first();
    try {
      await found.waitFor({ timeout: 10_000 });
      return found;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
  }
}

export function notificationChecks(appUrl, artifacts) {
  return [
    {
      name: "notifications: the guest is told of legacy-billing's expired pull secret, with a link to it",
      async run(page) {
        const title = await findNotification(page, appUrl, {
          search: 'legacy-billing',
          title:
            /^legacy-billing: pull secret billing\/billing-regcred on prod-use1 expired/,
          timeoutMs: 90_000,
        });
        await page.screenshot({
          path: join(artifacts, 'notifications.png'),
          fullPage: true,
        });
        await title.click();
        await page.waitForURL(
          /\/catalog\/default\/component\/legacy-billing$/,
          {
            timeout: 30_000,
          },
        );
      },
    },
    {
      name: "notifications: invoice-renderer's secret is announced once the clock passes the window",
      async run(page) {
        await findNotification(page, appUrl, {
          search: 'invoice-renderer',
          title:
            /^invoice-renderer: pull secret billing\/invoice-regcred on prod-use1 expires in/,
          timeoutMs: EXPIRY_NOTICE_TIMEOUT_MS,
        });
        const count = await page
          .getByText(/^invoice-renderer: pull secret billing\/invoice-regcred/)
          .count();
        if (count !== 1) {
          throw new Error(`expected one notification about it, saw ${count}`);
        }
      },
    },
  ];
}
