// The audit page's filters in the browser: pickers filled from the data, values in the URL
// (a link opens the same view, the back button returns), the text search over finding titles,
// and "Clear filters" on an empty result.
const EXPIRED_TITLE = 'The pull secret holds an expired ECR token';

function entities(page) {
  return page.getByRole('region', { name: 'Entities' });
}

async function openAudit(page, appUrl, query = '') {
  await page.goto(`${appUrl}/ecr-access${query}`);
  await entities(page).getByRole('link').first().waitFor({ timeout: 30_000 });
}

async function pick(page, label, option) {
  await page
    .getByRole('button', { name: new RegExp(label) })
    .first()
    .click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** The texts of one column of the table's rows. */
async function column(page, index) {
  return entities(page)
    .locator(`tbody tr td:nth-child(${index})`)
    .allTextContents();
}

async function waitForUrl(page, pattern) {
  await page.waitForURL(pattern, { timeout: 15_000 });
}

export function filterChecks({ appUrl }) {
  return [
    {
      name: 'audit filters: a finding picked by its title filters the table and goes into the URL; back returns',
      async run(page) {
        await openAudit(page, appUrl);
        await pick(page, 'Finding', EXPIRED_TITLE);
        await waitForUrl(page, /[?&]finding=SECRET_EXPIRED\b/);
        // The first page before the filter starts with analytics-etl, which has no such finding.
        await entities(page)
          .getByRole('link', { name: 'analytics-etl' })
          .waitFor({ state: 'detached', timeout: 30_000 });
        await entities(page)
          .getByRole('link', { name: 'legacy-billing' })
          .waitFor();
        const summaries = await column(page, 4);
        const without = summaries.filter(s => !s.includes(EXPIRED_TITLE));
        if (summaries.length === 0 || without.length) {
          throw new Error(
            `rows without the finding: ${without.join(' | ') || 'no rows'}`,
          );
        }
        await page.goBack();
        await waitForUrl(page, url => !url.search.includes('finding='));
        await page
          .getByRole('button', { name: /Finding/ })
          .filter({ hasText: 'Any' })
          .waitFor({ timeout: 15_000 });
      },
    },
    {
      name: 'audit filters: a shared link with a cluster in other case and an owner picked by name',
      async run(page) {
        await openAudit(page, appUrl, '?cluster=SHARED-USW2');
        await entities(page)
          .getByRole('link', { name: 'ledger-sync' })
          .waitFor({ timeout: 30_000 });
        const clusters = await column(page, 6);
        const others = clusters.filter(c => !/shared-usw2/i.test(c));
        if (others.length) throw new Error(`rows of other clusters: ${others}`);
        await page
          .getByRole('button', { name: 'Clear filters' })
          .first()
          .click();
        await waitForUrl(page, url => url.search === '');
        await page.getByRole('button', { name: /Owner/ }).first().click();
        const option = page.getByRole('option').nth(1); // the first after "Any"
        const owner = (await option.textContent())?.trim();
        await option.click();
        await waitForUrl(page, /[?&]owner=/);
        await page.waitForTimeout(1000);
        const owners = await column(page, 5);
        const wrong = owners.filter(o => o.trim() !== owner);
        if (owners.length === 0 || wrong.length) {
          throw new Error(`picked ${owner}; rows of ${wrong.join(', ')}`);
        }
      },
    },
    {
      name: 'audit filters: the search finds a finding by its title; an empty result offers to clear the filters',
      async run(page) {
        await openAudit(page, appUrl);
        await page
          .getByRole('searchbox', { name: 'Search' })
          .fill('expired ECR token');
        await waitForUrl(page, /[?&]q=expired/);
        await entities(page)
          .getByRole('link', { name: 'legacy-billing' })
          .waitFor({ timeout: 30_000 });
        // No row to wait for: the page opens on the empty result.
        await page.goto(`${appUrl}/ecr-access?q=no-such-entity-anywhere`);
        const none = page.getByText('No entity matches these filters.');
        await none.waitFor({ timeout: 30_000 });
        await entities(page)
          .getByRole('button', { name: 'Clear filters' })
          .click();
        await waitForUrl(page, url => url.search === '');
        await entities(page)
          .getByRole('link')
          .first()
          .waitFor({ timeout: 30_000 });
      },
    },
  ];
}
