// The console in a real browser against the real local stack (started by ConsoleBrowserIT in control-plane): a
// tenant signs up, adds a push and a pull domain, copies OBS's server and key from the URL generator, ffmpeg pushes
// with them, the stream is listed and its preview plays, forbid cuts it, resume lets it back; a stream named like
// markup shows as text; every page loads without console errors and passes axe; the Chinese console shows no
// English UI string. Exits non-zero on the first failure. Figures and a screenshot go to $ARTIFACTS.
import { mkdirSync, writeFileSync } from 'node:fs';
import { accessibilityViolations, englishLeftOn, englishPatterns, launch, settled, watch } from './browser.mjs';
import { pushLikeObs, signedStreamKeyA } from './encoder.mjs';
import { OPERATOR_PAGES, PUBLIC_PAGES, tenantPages } from './pages.mjs';
import { measureColdStart } from './measure.mjs';

const base = process.env.CONSOLE_URL ?? 'http://127.0.0.1:8080';
const operatorToken = process.env.OPERATOR_TOKEN;
const artifacts = process.env.ARTIFACTS ?? 'target/console-e2e';
const XSS = '<img src=x onerror=alert(1)>';
mkdirSync(artifacts, { recursive: true });

const problems = [];
const encoders = [];
const figures = {};
const tag = Math.random().toString(36).slice(2, 8);
const push = `push-${tag}.example.com`;
const pull = `play-${tag}.example.com`;
const started = Date.now();
let current = null;

async function step(name, action) {
  const t0 = Date.now();
  try {
    const result = await action();
    console.log(`ok   ${name} (${Date.now() - t0} ms)`);
    return result;
  } catch (error) {
    console.log(`FAIL ${name}: ${error.stack ?? error}`);
    if (current) {
      // What the page showed when the step failed (an API problem is on it), kept beside the other artifacts.
      await current.screenshot({ path: `${artifacts}/failed-step.png`, fullPage: true }).catch(() => undefined);
      console.log(`the page's text: ${(await current.locator('main').innerText().catch(() => '')).slice(0, 1500)}`);
    }
    throw error;
  }
}

async function until(what, check, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Pushes with OBS's two fields until the stream is in the online list (a new domain reaches the node within 2 s). */
async function publishUntilListed(page, server, key, streamName) {
  let encoder = null;
  await until(`${streamName} in the live list`, async () => {
    if (!encoder || encoder.child.exitCode !== null || encoder.child.signalCode !== null) {
      encoder = pushLikeObs(server, key);
      encoders.push(encoder);
    }
    return page.locator('[data-testid=online-streams] tr').filter({ hasText: streamName }).count();
  }, 30_000);
  return encoder;
}

const browser = await launch();
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  current = page;
  watch(page, problems);

  await step('sign up in the browser', async () => {
    await page.goto(`${base}/signup`);
    await page.getByLabel('Company or project name').fill(`E2E ${tag} ${XSS}`);
    await page.getByLabel('Email').fill(`e2e-${tag}@example.com`);
    await page.getByLabel('Password').fill('a long enough password');
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.waitForURL(`${base}/domains`);
    await settled(page);
    // The tenant's name is markup: it must show as text, and no image may exist.
    await page.getByTestId('who').getByText(XSS, { exact: false }).waitFor();
  });

  await step('add a push and a pull domain', async () => {
    await page.getByTestId('domain-name').fill(push);
    await page.getByRole('button', { name: 'Add domain' }).click();
    await page.getByRole('link', { name: push }).waitFor();
    await page.getByTestId('domain-name').fill(pull);
    await page.getByTestId('domain-type').selectOption('pull');
    await page.getByTestId('domain-push').selectOption(push);
    await page.getByRole('button', { name: 'Add domain' }).click();
    await page.getByRole('link', { name: pull }).waitFor();
    // The records to publish are shown with copy buttons.
    await page.getByText('_liveplane-challenge.' + pull).first().waitFor();
  });

  const obs = await step('copy OBS server and stream key from the URL generator', async () => {
    await page.getByRole('link', { name: push }).click();
    await page.getByRole('tab', { name: 'URL generator' }).click();
    await page.getByTestId('url-stream').fill('demo');
    await page.getByRole('button', { name: 'Generate URLs' }).click();
    const server = (await page.getByTestId('obs-server').textContent()).trim();
    const key = (await page.getByTestId('obs-stream-key').textContent()).trim();
    if (!server.startsWith('rtmp://') || !key.startsWith('demo?')) {
      throw new Error(`unexpected OBS fields: ${server} / ${key}`);
    }
    return { server, key };
  });

  await step('a recording rule: HLS with a thumbnail every 2 s', async () => {
    await page.getByRole('tab', { name: 'Recording' }).click();
    await page.getByRole('checkbox', { name: 'HLS' }).check();
    await page.getByRole('checkbox', { name: 'FLV' }).uncheck();
    await page.getByLabel('Thumbnail every (seconds, 0 for none)').fill('2');
    await page.getByRole('button', { name: 'Save rule' }).click();
    await page.getByRole('cell', { name: 'HLS', exact: true }).waitFor();
  });

  let encoder = await step('ffmpeg pushes with them; the stream appears in the live list', async () => {
    await page.goto(`${base}/streams`);
    await settled(page);
    return publishUntilListed(page, obs.server, obs.key, 'demo');
  });

  await step('the preview plays (currentTime advances)', async () => {
    const row = page.locator('[data-testid=online-streams] tr').filter({ hasText: 'demo' });
    const clicked = Date.now();
    await row.getByRole('button', { name: 'Preview' }).click();
    const video = page.locator('[data-testid=preview] video');
    await until('the preview to play', () => video.evaluate((v) => v.currentTime > 0), 20_000);
    figures.previewPlayingAfterClickMs = Date.now() - clicked;
    const first = await video.evaluate((v) => v.currentTime);
    await page.waitForTimeout(2000);
    const second = await video.evaluate((v) => v.currentTime);
    if (!(second > first + 1)) {
      throw new Error(`currentTime did not advance: ${first} then ${second}`);
    }
    await page.screenshot({ path: `${artifacts}/preview.png`, fullPage: false });
    await page.locator('[data-testid=preview]').getByRole('button', { name: 'Close' }).click();
  });

  await step('the latest thumbnail shows', async () => {
    // Asked outside the page until the node has made one, so the page never meets the API's 404 for none yet.
    await until('a thumbnail', async () => (await context.request.get(`${base}/v1/streams/${push}/live/demo/snapshot`)).ok(), 30_000);
    const row = page.locator('[data-testid=online-streams] tr').filter({ hasText: 'demo' });
    await row.getByRole('button', { name: 'Thumbnail' }).click();
    const image = page.locator('img.thumbnail');
    await image.waitFor();
    await until('the thumbnail to decode', () => image.evaluate((i) => i.complete && i.naturalWidth > 0));
    await page.getByRole('button', { name: 'Close' }).click();
  });

  await step('forbid for an hour with a reason cuts the publisher', async () => {
    const row = page.locator('[data-testid=online-streams] tr').filter({ hasText: 'demo' });
    await row.getByRole('button', { name: 'Forbid' }).click();
    await row.getByLabel('For', { exact: true }).selectOption({ label: '1 hour' });
    await row.getByLabel('Reason', { exact: true }).fill('e2e: a test forbid');
    await row.getByRole('button', { name: 'Yes, Forbid' }).click();
    const exit = await Promise.race([encoder.exited, new Promise((r) => setTimeout(() => r(null), 15_000))]);
    if (!exit) {
      throw new Error('ffmpeg still pushing 15 s after the forbid');
    }
    const forbidden = page.locator('[data-testid=forbidden-streams] tr').filter({ hasText: 'demo' });
    await forbidden.filter({ hasText: 'e2e: a test forbid' }).waitFor();
    if ((await forbidden.textContent()).includes('Until resumed')) {
      throw new Error('a forbid for an hour is listed as until resumed');
    }
  });

  await step("the recording's session plays in the page", async () => {
    // The forbid ended the publish, so its HLS file is closed and uploaded within seconds.
    await until('the recording to be listed', async () => {
      const answer = await context.request.get(`${base}/v1/recordings?domain=${push}`);
      return answer.ok() && (await answer.json()).items.length > 0;
    }, 30_000);
    await page.goto(`${base}/recordings`);
    await settled(page);
    await page.getByRole('button', { name: 'Play session' }).first().click();
    const video = page.locator('.preview video');
    await until('the session to play', () => video.evaluate((v) => v.currentTime > 1), 20_000);
    await page.goto(`${base}/streams`);
    await settled(page);
  });

  await step('resume lets it publish again', async () => {
    const row = page.locator('[data-testid=forbidden-streams] tr').filter({ hasText: 'demo' });
    await row.getByRole('button', { name: 'Resume' }).click();
    await row.waitFor({ state: 'detached' });
    encoder = await publishUntilListed(page, obs.server, obs.key, 'demo');
  });

  await step('tenant strings that look like markup show as text', async () => {
    // Media nodes refuse such a stream name outright (names are [A-Za-z0-9_.~-]), so it can never reach a page:
    // the tenant's name (in the header since sign-up) and an API key's name carry the markup instead.
    const auth = await page.evaluate(async (name) => (await fetch(`/v1/domains/${name}/auth`)).json(), push);
    const refused = pushLikeObs(obs.server, signedStreamKeyA('live', XSS, auth.primaryKey));
    encoders.push(refused);
    const exit = await Promise.race([refused.exited, new Promise((r) => setTimeout(() => r(null), 15_000))]);
    if (!exit) {
      throw new Error('the node took a stream named like markup');
    }
    await page.goto(`${base}/api-keys`);
    await settled(page);
    await page.getByLabel('Name').fill(XSS);
    await page.getByRole('button', { name: 'Create key' }).click();
    await page.getByRole('cell', { name: XSS, exact: true }).waitFor();
    await page.getByTestId('who').getByText(XSS, { exact: false }).waitFor();
    const images = await page.evaluate(() => document.querySelectorAll('img').length);
    if (images !== 0) {
      throw new Error(`${images} img elements on the page`);
    }
  });

  await step('the webhooks tab takes a URL', async () => {
    await page.goto(`${base}/domains/${push}?tab=callbacks`);
    await settled(page);
    await page.getByTestId('callback-url').fill('https://hooks.example.com/liveplane');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Signing secret', { exact: true }).waitFor();
  });

  const walk = async (pages, check) => {
    for (const path of pages) {
      await page.goto(`${base}${path}`);
      await settled(page);
      await check(path);
    }
  };
  const accessible = async (path) => {
    const violations = await accessibilityViolations(page);
    for (const v of violations) {
      problems.push(`axe ${v.impact} on ${path}: ${v.id} (${v.help}) at ${v.nodes.join(', ')}`);
    }
  };
  const patterns = await englishPatterns();
  const chinese = async (path) => {
    for (const left of await englishLeftOn(page, patterns)) {
      problems.push(`English left on ${path} in Chinese: ${left}`);
    }
  };
  const setLanguage = async (code) => {
    await page.getByTestId('language').first().selectOption(code);
    await page.waitForFunction((c) => document.documentElement.lang === c, code);
  };

  await step('every tenant page: no console error, no serious axe violation', () => walk(tenantPages(push, pull), accessible));
  await step('every tenant page in Chinese shows no English UI string', async () => {
    await setLanguage('zh-CN');
    await walk(tenantPages(push, pull), chinese);
    await page.screenshot({ path: `${artifacts}/streams-zh.png` });
  });
  await step('a phone-wide streams page in Chinese', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/streams`);
    await settled(page);
    await page.screenshot({ path: `${artifacts}/streams-phone-zh.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  await step('log out, then the operator logs in', async () => {
    await setLanguage('en');
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(`${base}/login`);
    await walk(PUBLIC_PAGES, accessible);
    await page.goto(`${base}/login`);
    await page.getByRole('button', { name: 'Operator' }).click();
    await page.getByLabel('Operator credential').fill(operatorToken);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${base}/operator/nodes`);
    await page.locator('td', { hasText: 'Healthy' }).first().waitFor();
  });
  await step("a node's rejected events open", async () => {
    await page.getByRole('button', { name: 'Rejected events' }).first().click();
    await page.getByText('No rejected events').waitFor();
    await page.getByRole('button', { name: 'Close' }).click();
  });
  await step('every operator page: no console error, no serious axe violation', () => walk(OPERATOR_PAGES, accessible));
  await step('every operator and public page in Chinese', async () => {
    await setLanguage('zh-CN');
    await walk(OPERATOR_PAGES, chinese);
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL(`${base}/login`);
    await walk(PUBLIC_PAGES, chinese);
  });

  await step('cold-browser figures: first contentful paint, time to a playing preview', async () => {
    Object.assign(figures, await measureColdStart(browser, base, `e2e-${tag}@example.com`, 'a long enough password'));
  });
  await context.close();
} finally {
  for (const encoder of encoders) {
    encoder.stop();
  }
  await browser.close();
  figures.suiteSeconds = Math.round((Date.now() - started) / 1000);
  writeFileSync(`${artifacts}/figures.json`, `${JSON.stringify(figures, null, 2)}\n`);
  console.log(`figures ${JSON.stringify(figures)}`);
}

if (problems.length > 0) {
  console.log(`FAIL ${problems.length} problem(s):\n${problems.join('\n')}`);
  process.exit(1);
}
console.log('ok   console end to end');
