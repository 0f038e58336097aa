// Screenshots of whole pages. Backstage's page scrolls inside its content area, not the
// document, so Playwright's `fullPage` stops at the viewport's height: the viewport is made as
// tall as the tallest scrolled content first, then set back.

/** The height of the page's content: the tallest scrollable box, or the document. */
function contentHeight(page) {
  return page.evaluate(() =>
    Math.max(
      document.documentElement.scrollHeight,
      ...[...document.querySelectorAll('*')]
        .filter(e => /(auto|scroll)/.test(getComputedStyle(e).overflowY))
        .map(e => e.scrollHeight),
    ),
  );
}

/** Screenshot of the page's whole content at its current width. */
export async function screenshotWholePage(page, path) {
  const viewport = page.viewportSize();
  // A bottom bar (narrow screens) sits below the content: room for it.
  const height = Math.min((await contentHeight(page)) + 120, 12_000);
  await page.setViewportSize({ width: viewport.width, height });
  // Charts redraw at the new size.
  await page.waitForTimeout(500);
  await page.screenshot({ path });
  await page.setViewportSize(viewport);
}

/**
 * Screenshot of the page from its top down to the bottom of `last` (an element further down
 * than the viewport reaches): a picture of a long page that ends where a reader has seen
 * enough, with nothing cut across.
 */
export async function screenshotDownTo(page, path, last) {
  const viewport = page.viewportSize();
  const height = Math.min((await contentHeight(page)) + 120, 12_000);
  await page.setViewportSize({ width: viewport.width, height });
  await page.waitForTimeout(500);
  const box = await last.boundingBox();
  if (!box) throw new Error(`nothing to end the screenshot ${path} at`);
  await page.screenshot({
    path,
    clip: {
      x: 0,
      y: 0,
      width: viewport.width,
      height: Math.min(height, Math.ceil(box.y + box.height + 16)),
    },
  });
  await page.setViewportSize(viewport);
}
