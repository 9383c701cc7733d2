// The Terraform files under terraform/, as `terraform fmt -recursive` walks them.
import { readdirSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..");

// terraform fmt formats these; JSON variants it leaves alone.
const FORMATTED = [".tf", ".tfvars", ".tftest.hcl"];
// Not configuration: installed packages, terraform's own working directories, Maven's output.
const SKIPPED_DIRS = new Set(["node_modules", ".terraform", "target"]);

/** Every formatted file below dir (default: terraform/), as paths relative to terraform/, sorted. */
export function terraformFiles(dir = root, extensions = FORMATTED) {
  const found = [];
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith(".")) walk(join(d, entry.name));
      } else if (extensions.some((ext) => entry.name.endsWith(ext))) {
        found.push(relative(root, join(d, entry.name)));
      }
    }
  };
  walk(dir);
  return found.sort();
}
