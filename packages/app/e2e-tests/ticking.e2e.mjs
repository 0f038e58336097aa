// Ages worded by the page's clock, not as stored: on the audit page each row's sentence comes
// in parts (GET /audit's summaryParts) and its ages are <time> elements with their UTC time in
// the tooltip; on the card the ages in the findings' messages are too. (A moving clock is
// tested in the component tests: EcrAccessAuditPage.test.tsx, EntityEcrAccessCard.test.tsx.)

const UTC = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/;

/** The first <time> in `scope` whose text matches `text`: its words and tooltip. */
async function timeIn(scope, text) {
  const time = scope.locator('time').filter({ hasText: text }).first();
  await time.waitFor({ timeout: 30_000 });
  return {
    words: await time.textContent(),
    title: await time.getAttribute('title'),
  };
}

export function tickingChecks({ appUrl }) {
  return [
    {
      name: "ticking ages: the audit page words legacy-billing's expiry by its clock, with the UTC time in the tooltip",
      async run(page) {
        await page.goto(`${appUrl}/ecr-access?mechanism=static-secret`);
        const row = page.getByRole('row', { name: /legacy-billing/ });
        const { words, title } = await timeIn(row, /^expired .* ago$/);
        if (!UTC.test(title ?? '')) {
          throw new Error(
            `"${words}" has the tooltip "${title}", not a UTC time`,
          );
        }
      },
    },
    {
      name: "ticking ages: legacy-billing's card words its SECRET_EXPIRED message's ages by its clock",
      async run(page) {
        await page.goto(`${appUrl}/catalog/default/component/legacy-billing`);
        const finding = page.locator('[data-finding-code="SECRET_EXPIRED"]');
        await timeIn(finding, /^expired .* ago$/);
        // "expired 37 h ago (written 49 h ago)": both ages.
        const times = finding.locator('time');
        const titles = await times.evaluateAll(ts => ts.map(t => t.title));
        if (titles.length < 2 || !titles.every(t => UTC.test(t))) {
          throw new Error(
            `the message has ${titles.length} ages, with tooltips ${titles.join(
              ', ',
            )}`,
          );
        }
      },
    },
  ];
}
