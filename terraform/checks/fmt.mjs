// `terraform fmt -recursive` (--write) and `terraform fmt -check -recursive` (--check) without terraform: every
// .tf, .tfvars and .tftest.hcl under terraform/ is compared with canonical.mjs's form of it.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { canonical } from "./canonical.mjs";
import { root, terraformFiles } from "./files.mjs";

const write = process.argv.includes("--write");
const started = Date.now();
const files = terraformFiles();
const unformatted = [];
let failed = false;

for (const file of files) {
  const path = join(root, file);
  const text = readFileSync(path, "utf8");
  let want;
  try {
    want = await canonical(file, text);
  } catch (e) {
    console.error(`terraform/${file}: not valid HCL: ${e.message ?? e}`);
    failed = true;
    continue;
  }
  if (want === text) continue;
  unformatted.push(file);
  if (write) {
    writeFileSync(path, want);
    console.log(`formatted terraform/${file}`);
  } else {
    const have = text.split("\n");
    const line = want.split("\n").findIndex((l, i) => l !== have[i]);
    console.error(`terraform/${file}:${line + 1}: not formatted (want: ${JSON.stringify(want.split("\n")[line])})`);
  }
}

const seconds = ((Date.now() - started) / 1000).toFixed(1);
if (!write && unformatted.length > 0) {
  console.error(`${unformatted.length} of ${files.length} files not formatted; run: npm --prefix terraform run fmt`);
  failed = true;
} else {
  const what = write ? "rewritten" : "to format";
  console.log(`terraform fmt${write ? "" : " -check"}: ${files.length} files, ${unformatted.length} ${what} (${seconds} s)`);
}
process.exit(failed ? 1 : 0);
