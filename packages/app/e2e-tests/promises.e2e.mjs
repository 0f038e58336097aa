// The demo's promises: every entity of the legend in examples/sandbox/demo.yaml shows, on its
// card, the pull mechanism of its row, every finding code its row names, and "Stale" where
// the row says stale. The legend is the one list; rows added to it are checked too.
import { readLegend } from './legend.mjs';

function card(page) {
  return page.locator('article', {
    has: page.getByRole('heading', { name: 'ECR image pulls' }),
  });
}

/**
 * A `none` row: no workload carries the entity's label, and the card says so, naming the label
 * searched and the clusters read (the demo's edge-euw1 is down, so not it), and that how it
 * pulls is unknown (NO_WORKLOADS_FOUND): nothing found is never "Healthy".
 */
function noWorkloadsCheck(appUrl, row) {
  return {
    name: `demo promise: ${row.entity} shows "No workloads found" with the label and clusters searched`,
    async run(page) {
      await page.goto(`${appUrl}/catalog/default/component/${row.entity}`);
      const c = card(page);
      const alert = c.getByText('Searched label');
      await alert.waitFor({ timeout: 30_000 });
      await c.getByText('No workloads found', { exact: true }).waitFor();
      const text = (await alert.textContent()) ?? '';
      const label = `backstage.io/kubernetes-id=${row.entity}`;
      const where = 'on clusters prod-use1, shared-usw2';
      if (!text.includes(label) || !text.includes(where)) {
        throw new Error(
          `the card of ${row.entity} says "${text}", not the label ${label} ${where}`,
        );
      }
      if (
        !text.includes('is unknown') ||
        (await c.getByText('Healthy').count())
      ) {
        throw new Error(
          `the card of ${row.entity} says "${text}", not that its pulls are unknown`,
        );
      }
      if (await c.locator('h4 [data-pull-auth]').count()) {
        throw new Error(`the card of ${row.entity} headlines a mechanism`);
      }
    },
  };
}

function promiseCheck(appUrl, row) {
  if (row.mechanism === 'none') return noWorkloadsCheck(appUrl, row);
  const what = [
    row.mechanism,
    ...row.findings,
    ...(row.stale ? ['stale'] : []),
  ];
  return {
    name: `demo promise: ${row.entity} shows ${what.join(', ')}`,
    async run(page) {
      await page.goto(`${appUrl}/catalog/default/component/${row.entity}`);
      const c = card(page);
      const headline = c.locator('h4 [data-pull-auth]');
      await headline.first().waitFor({ timeout: 30_000 });
      const headlined = await headline.evaluateAll(elements =>
        elements.map(e => e.getAttribute('data-pull-auth')),
      );
      const missing = [];
      if (!headlined.includes(row.mechanism)) {
        missing.push(
          `the mechanism ${row.mechanism} (it headlines ${headlined.join(
            ', ',
          )})`,
        );
      }
      for (const code of row.findings) {
        const shown = await c.locator(`[data-finding-code="${code}"]`).count();
        if (shown === 0) missing.push(code);
      }
      if (row.stale && !(await c.getByLabel('Stale status').count())) {
        missing.push('the Stale badge');
      }
      if (missing.length) {
        throw new Error(
          `the card of ${row.entity} does not show ${missing.join(
            ', ',
          )} (legend: ${row.shows})`,
        );
      }
    },
  };
}

/** One check per legend row. */
export async function promiseChecks({ appUrl }) {
  const rows = await readLegend();
  return rows.map(row => promiseCheck(appUrl, row));
}
