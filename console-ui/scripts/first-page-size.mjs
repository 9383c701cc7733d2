// The JavaScript the first page (log-in, or any page's shell) loads, gzipped as the control plane sends it:
// index.html's entry script and the chunks it imports statically. Lazy pages and players are not counted.
// Fails when it passes the budget (250 KB gzipped, issue 16).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET = 250 * 1024;
const root = 'target/generated-resources/console/META-INF/liveplane-console';
const html = readFileSync(join(root, 'index.html'), 'utf8');
const entries = [...html.matchAll(/<script[^>]*src="\/([^"]+\.js)"/g)].map((m) => m[1]);
const seen = new Set();
const queue = [...entries];
while (queue.length > 0) {
  const file = queue.shift();
  if (seen.has(file)) {
    continue;
  }
  seen.add(file);
  const code = readFileSync(join(root, file), 'utf8');
  // Static imports only (`import ... from "./x.js"` and bare `import "./x.js"`), not `import("./x.js")`.
  for (const m of code.matchAll(/(?:^|[;}\n])\s*import\s*(?:[^'"()]*?\bfrom\s*)?["']\.\/([^"']+\.js)["']/g)) {
    queue.push(join('assets', m[1]));
  }
}
let raw = 0;
let gzipped = 0;
for (const file of seen) {
  const bytes = readFileSync(join(root, file));
  raw += bytes.length;
  gzipped += gzipSync(bytes, { level: 9 }).length;
}
console.log(`first page JS: ${seen.size} file(s), ${(raw / 1024).toFixed(1)} KB, ${(gzipped / 1024).toFixed(1)} KB gzipped (budget ${BUDGET / 1024} KB)`);
if (gzipped > BUDGET) {
  process.exit(1);
}
