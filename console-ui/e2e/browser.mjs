// The browser side of the end-to-end suite: Debian's Chromium through playwright-core, every console message and
// dialog recorded, axe-core run inside the page, and the check that a Chinese page shows no English UI string.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import ts from 'typescript';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

// The flags this machine kind needs (no sandbox as root, no calls home on a closed network).
const ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--autoplay-policy=no-user-gesture-required'];

export async function launch() {
  return chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ARGS });
}

/** Records what must not happen on any page: console errors, uncaught exceptions, dialogs (an XSS's alert). */
export function watch(page, problems) {
  page.on('console', (message) => {
    if (message.type() !== 'error') {
      return;
    }
    const where = message.location()?.url ?? '';
    problems.push(`console error on ${page.url()}: ${message.text()} (${where})`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught on ${page.url()}: ${error.message}`));
  page.on('dialog', (dialog) => {
    problems.push(`dialog on ${page.url()}: ${dialog.type()} ${dialog.message()}`);
    void dialog.dismiss();
  });
}

/** Waits for a page to settle: its heading shown and nothing left loading. */
export async function settled(page) {
  await page.locator('h1').first().waitFor({ state: 'visible', timeout: 15_000 });
  await page.waitForFunction(() => document.querySelectorAll('.loading').length === 0, null, { timeout: 15_000 });
}

/** axe-core's serious and critical violations on the page as it is now. */
export async function accessibilityViolations(page) {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern (a <script> tag would be refused).
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => (await window.axe.run(document, {
    resultTypes: ['violations'],
  })).violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) })));
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

async function dictionary(name) {
  const source = readFileSync(new URL(`../src/i18n/${name}.ts`, import.meta.url), 'utf8');
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
  return import(`data:text/javascript;base64,${Buffer.from(js).toString('base64')}`);
}

function leaves(object, prefix = '', found = new Map()) {
  for (const [key, value] of Object.entries(object)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') {
      found.set(path, value);
    } else {
      leaves(value, path, found);
    }
  }
  return found;
}

/**
 * The English UI strings a Chinese page must not show: each English text whose Chinese differs, as a pattern for a
 * whole text (placeholders match anything).
 */
export async function englishPatterns() {
  const en = leaves((await dictionary('en')).en);
  const zh = leaves((await dictionary('zh')).zh);
  const patterns = [];
  for (const [key, text] of en) {
    if (zh.get(key) === text || !/[A-Za-z]{2}/.test(text)) {
      continue;
    }
    const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\\{\\\{\s*\w+\s*\\\}\\\}/g, '.+');
    patterns.push({ key, source: `^${escaped}$` });
  }
  return patterns;
}

/** Visible texts (and labels, placeholders) of the page that are English UI strings. */
export async function englishLeftOn(page, patterns) {
  return page.evaluate((list) => {
    const compiled = list.map((p) => ({ key: p.key, re: new RegExp(p.source, 's') }));
    const texts = new Set();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      const text = node.textContent.trim();
      if (text && parent && parent.checkVisibility()) {
        texts.add(text);
      }
    }
    for (const element of document.querySelectorAll('[aria-label], [placeholder], [title]')) {
      for (const name of ['aria-label', 'placeholder', 'title']) {
        const value = element.getAttribute(name);
        if (value) {
          texts.add(value.trim());
        }
      }
    }
    const left = [];
    for (const text of texts) {
      const hit = compiled.find((p) => p.re.test(text));
      if (hit) {
        left.push(`${hit.key}: "${text}"`);
      }
    }
    return left;
  }, patterns);
}
