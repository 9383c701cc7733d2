// What a first visit costs, from a cold browser context (no cache, no session): the log-in page's first contentful
// paint and the JavaScript it loaded, then from log-in to a playing preview of the first live stream.
export async function measureColdStart(browser, base, email, password) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  try {
    await page.goto(`${base}/login`);
    await page.getByRole('button', { name: 'Log in' }).waitFor();
    const paint = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1);
    const scripts = await page.evaluate(() => performance.getEntriesByType('resource')
      .filter((e) => e.initiatorType === 'script' || e.name.endsWith('.js'))
      .reduce((sum, e) => sum + e.transferSize, 0));
    const t0 = Date.now();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${base}/domains`);
    await page.goto(`${base}/streams`);
    const row = page.locator('[data-testid=online-streams] tr').filter({ hasText: 'demo' });
    await row.getByRole('button', { name: 'Preview' }).click();
    await page.locator('[data-testid=preview] video').evaluate((video) => new Promise((resolve) => {
      const check = () => (video.currentTime > 0 ? resolve() : setTimeout(check, 50));
      check();
    }));
    return {
      firstContentfulPaintMs: Math.round(paint),
      firstPageScriptTransferBytes: scripts,
      logInToPlayingPreviewMs: Date.now() - t0,
    };
  } finally {
    await context.close();
  }
}
