// Accessibility of the card, the audit page and the wizard's result page in both themes at a
// desktop and a phone width (axe-core, WCAG 2 A/AA, serious and critical), with a screenshot of
// each for people to look at (e2e-artifacts/a11y-<page>-<theme>-<width>.png).
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { wizardResult } from './wizard.e2e.mjs';

const require = createRequire(import.meta.url);
const THEMES = ['light', 'dark'];
const WIDTHS = [1280, 375];

/** axe-core's browser bundle, when installed (it comes with eslint-plugin-jsx-a11y). */
export function axeScript() {
  try {
    return require.resolve('axe-core/axe.min.js');
  } catch {
    return undefined;
  }
}

/** Serious and critical WCAG 2 A/AA violations inside `locator`. */
export async function violations(page, locator) {
  await page.addScriptTag({ path: axeScript() });
  return locator.evaluate(async element => {
    const result = await globalThis.axe.run(element, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] },
    });
    return result.violations
      .filter(v => v.impact === 'serious' || v.impact === 'critical')
      .map(
        v =>
          `${v.id} (${v.nodes.length}): ${v.help} at ${v.nodes
            .slice(0, 3)
            .map(n => n.html.slice(0, 100))
            .join(' | ')}`,
      );
  });
}

/** The Material UI card (Paper) an element of the scaffolder's page sits in. */
function paperOf(locator) {
  return locator.locator(
    'xpath=ancestor::div[contains(concat(" ", @class, " "), " MuiPaper-root ")][1]',
  );
}

/** The pages checked: where to go, what to wait for, and which part is ours to check. */
const PAGES = [
  {
    id: 'card',
    url: appUrl => `${appUrl}/catalog/default/component/legacy-billing`,
    ready: page =>
      page.locator('h4 [data-pull-auth="static-secret"]').waitFor({
        timeout: 30_000,
      }),
    scope: page =>
      page.locator('article', {
        has: page.getByRole('heading', { name: 'ECR image pulls' }),
      }),
  },
  {
    id: 'audit',
    url: appUrl => `${appUrl}/ecr-access`,
    ready: page =>
      page
        .getByRole('region', { name: 'Entities' })
        // Any row: entities the wizard creates may fill the first page.
        .getByRole('link')
        .first()
        .waitFor({ timeout: 30_000 }),
    // The page content: the parent of the table's region (the framework draws no <main>).
    scope: page => page.getByRole('region', { name: 'Entities' }).locator('..'),
  },
  {
    id: 'wizard-result',
    url: () => wizardResult.taskUrl,
    ready: page =>
      page
        .getByRole('link', { name: 'Open in catalog' })
        .waitFor({ timeout: 60_000 }),
    // What the template puts on the page: its output links and text. The rest is the
    // scaffolder's own task page (its log viewer's rows, progress bar and tabs), which has
    // violations of its own that this repository cannot fix (see the plugin's README).
    scope: page => [
      paperOf(page.getByRole('link', { name: 'Open in catalog' })),
      paperOf(page.getByRole('heading', { name: 'Image pulls' })),
    ],
  },
];

/** Sets the theme as Backstage's user settings store it, then reloads. */
export async function switchTheme(page, theme) {
  await page.evaluate(t => window.localStorage.setItem('theme', t), theme);
}

function matrixCheck(appUrl, artifacts, theme, width) {
  return {
    name: `accessibility (${theme}, ${width} px): no serious WCAG 2 A/AA violation in the card, the audit page and the wizard's result page`,
    async run(page) {
      if (!axeScript()) throw new Error('axe-core is not installed');
      await page.setViewportSize({ width, height: 900 });
      await switchTheme(page, theme);
      const found = [];
      for (const p of PAGES) {
        const url = p.url(appUrl);
        if (!url) {
          found.push(
            `${p.id}: not visited (the wizard check did not reach it)`,
          );
          continue;
        }
        await page.goto(url);
        await p.ready(page);
        const mode = await page.evaluate(() =>
          document.body.ownerDocument.documentElement.getAttribute(
            'data-theme-mode',
          ),
        );
        if (mode && mode !== theme) {
          found.push(`${p.id}: the app shows the ${mode} theme, not ${theme}`);
        }
        for (const scope of [p.scope(page)].flat()) {
          found.push(
            ...(await violations(page, scope)).map(v => `${p.id}: ${v}`),
          );
        }
        await page.screenshot({
          path: join(artifacts, `a11y-${p.id}-${theme}-${width}.png`),
          fullPage: true,
        });
      }
      if (found.length) throw new Error(found.join('; '));
    },
  };
}

export function accessibilityChecks({ appUrl, artifacts }) {
  const checks = [];
  for (const theme of THEMES) {
    for (const width of WIDTHS) {
      checks.push(matrixCheck(appUrl, artifacts, theme, width));
    }
  }
  // Back to the default for whatever runs next.
  checks.push({
    name: 'accessibility: back to the light theme at 1400 px',
    async run(page) {
      await switchTheme(page, 'light');
      await page.setViewportSize({ width: 1400, height: 1000 });
    },
  });
  return checks;
}
