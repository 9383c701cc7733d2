// The module contract (STYLE.md 14, issue 17), as functions of parsed configuration so that the tests can show each
// one failing on a broken fixture as well as passing on the real tree. Each returns a list of problems, one
// sentence each, naming the file and the block.
//
// A configuration is { dir, files: { "main.tf": parsed, ... }, texts: { "main.tf": source } }, where parsed is
// @cdktn/hcl2json's JSON form of the file (HashiCorp's HCL parser): expressions appear as "${...}" strings.

const SECRET_WORD = /(password|passwd|secret|token|private_key|api_key|credential|(^|_)key($|_))/i;
// An output or variable whose name ends like this is about a secret (its ARN, ID, name, a setting), not the secret.
const REFERENCE_SUFFIX = /_(arn|arns|id|ids|name|names|path|version|length|days|seconds|enabled)$/;
// Keys that are not secrets: an S3 object's key, a KMS key's reference, a cache or partition key.
const NOT_SECRET_KEY = /(^|_)(artifact|object|s3|kms|cache|partition|sort|hash)_key($|_)/;
const looksSecret = (name) => SECRET_WORD.test(name) && !REFERENCE_SUFFIX.test(name) && !NOT_SECRET_KEY.test(name);

// Values that carry a secret whatever the output is called.
const SECRET_VALUE = [
  /\brandom_password\./,
  /\brandom_bytes\./,
  /\brandom_string\./,
  /\btls_private_key\./,
  /\.secret_string\b/,
  /\.secret_binary\b/,
  /\.master_password\b/,
  /\.password\b/,
  /\.private_key_pem\b/,
  /\.ses_smtp_password_v4\b/,
];

export const REQUIRED_MODULE_FILES = ["main.tf", "variables.tf", "outputs.tf", "versions.tf", "README.md"];
export const REQUIRED_EXAMPLE_FILES = REQUIRED_MODULE_FILES;

// AWS resource types with no tags argument. Every other aws_ resource must be tagged; a new untaggable type goes
// here (the AWS provider's docs say whether a resource takes tags).
export const NOT_TAGGABLE = new Set([
  "aws_acm_certificate_validation",
  "aws_autoscaling_lifecycle_hook",
  "aws_autoscaling_policy",
  "aws_cloudfront_cache_policy",
  "aws_cloudfront_function",
  "aws_cloudfront_key_value_store",
  "aws_cloudfront_origin_request_policy",
  "aws_cloudfrontkeyvaluestore_key",
  "aws_iam_role_policy",
  "aws_iam_role_policy_attachment",
  "aws_route",
  "aws_route53_record",
  "aws_route_table_association",
  "aws_s3_bucket_cors_configuration",
  "aws_s3_bucket_lifecycle_configuration",
  "aws_s3_bucket_ownership_controls",
  "aws_s3_bucket_policy",
  "aws_s3_bucket_public_access_block",
  "aws_s3_bucket_server_side_encryption_configuration",
  "aws_s3_bucket_versioning",
  "aws_secretsmanager_secret_version",
]);
// Taggable through repeated `tag` blocks (propagate_at_launch) rather than a tags map.
const TAG_BLOCKS = new Set(["aws_autoscaling_group"]);

const blocks = (parsed, kind) => Object.entries(parsed?.[kind] ?? {}).map(([name, list]) => [name, list[0] ?? {}]);

function* allFiles(config) {
  for (const [file, parsed] of Object.entries(config.files)) yield [`${config.dir}/${file}`, parsed];
}

function* resources(config) {
  for (const [file, parsed] of allFiles(config)) {
    for (const [type, byName] of Object.entries(parsed.resource ?? {})) {
      for (const [name, list] of Object.entries(byName)) yield [file, type, name, list[0] ?? {}];
    }
  }
}

const text = (value) => (typeof value === "string" ? value : JSON.stringify(value ?? ""));
const isTrue = (value) => value === true || value === "${true}";

/** Variables declare a type and a non-empty description; one that looks secret is sensitive. */
export function checkVariables(config) {
  const problems = [];
  for (const [file, parsed] of allFiles(config)) {
    for (const [name, v] of blocks(parsed, "variable")) {
      if (v.type === undefined) problems.push(`${file}: variable "${name}" has no type`);
      if (!(typeof v.description === "string" && v.description.trim())) {
        problems.push(`${file}: variable "${name}" has no description`);
      }
      if (looksSecret(name) && !isTrue(v.sensitive)) {
        problems.push(`${file}: variable "${name}" looks secret but is not sensitive = true`);
      }
    }
  }
  return problems;
}

/** Outputs have a description; one named or valued like a secret is sensitive = true. */
export function checkOutputs(config) {
  const problems = [];
  for (const [file, parsed] of allFiles(config)) {
    for (const [name, o] of blocks(parsed, "output")) {
      if (!(typeof o.description === "string" && o.description.trim())) {
        problems.push(`${file}: output "${name}" has no description`);
      }
      if (isTrue(o.sensitive)) continue;
      const value = text(o.value);
      if (looksSecret(name)) {
        problems.push(`${file}: output "${name}" is named like a secret but is not sensitive = true`);
      } else if (SECRET_VALUE.some((re) => re.test(value))) {
        problems.push(`${file}: output "${name}" carries a secret value (${value}) but is not sensitive = true`);
      }
    }
  }
  return problems;
}

/** versions.tf pins terraform and every provider the configuration uses, each with a source and an upper bound. */
export function checkVersions(config) {
  const problems = [];
  const file = `${config.dir}/versions.tf`;
  const terraform = config.files["versions.tf"]?.terraform?.[0];
  if (!terraform) return [`${file}: no terraform block`];
  if (!terraform.required_version) problems.push(`${file}: no required_version`);
  const declared = terraform.required_providers?.[0] ?? {};
  for (const [provider, spec] of Object.entries(declared)) {
    if (typeof spec !== "object" || !spec.source) problems.push(`${file}: provider "${provider}" has no source`);
    const version = typeof spec === "object" ? spec.version : spec;
    if (!version) problems.push(`${file}: provider "${provider}" has no version constraint`);
    else if (!/~>|<|^=?\s*\d+\.\d+\.\d+$/.test(version)) {
      problems.push(`${file}: provider "${provider}" version "${version}" has no upper bound (use ~> or <)`);
    }
  }
  const used = new Set();
  for (const [, parsed] of allFiles(config)) {
    for (const kind of ["resource", "data"]) {
      for (const type of Object.keys(parsed[kind] ?? {})) used.add(type.split("_")[0]);
    }
    for (const provider of Object.keys(parsed.provider ?? {})) used.add(provider);
  }
  used.delete("terraform"); // terraform_data and terraform_remote_state are built in
  for (const provider of [...used].sort()) {
    if (!(provider in declared)) problems.push(`${file}: provider "${provider}" is used but not in required_providers`);
  }
  return problems;
}

/**
 * Every taggable resource is tagged, and with the caller's tags: `tags` (or an autoscaling group's `tag` blocks)
 * built from var.tags in a module, local.tags or default_tags in an example; launch templates tag what they launch.
 * In an example, every module call passes tags and every aws provider sets default_tags.
 */
export function checkTags(config, { example = false } = {}) {
  const problems = [];
  const source = example ? /\b(var|local)\.tags\b/ : /\bvar\.tags\b/;
  for (const [file, type, name, body] of resources(config)) {
    if (!type.startsWith("aws_") || NOT_TAGGABLE.has(type)) continue;
    const where = `${file}: ${type}.${name}`;
    if (TAG_BLOCKS.has(type)) {
      const tagBlocks = text(body.dynamic?.tag ?? body.tag);
      if (!source.test(tagBlocks)) problems.push(`${where} has no tag blocks from the tags variable`);
      continue;
    }
    if (body.tags === undefined) problems.push(`${where} has no tags`);
    else if (!source.test(text(body.tags))) problems.push(`${where} has tags that leave out the tags variable`);
    if (type === "aws_launch_template") {
      const specs = body.tag_specifications ?? [];
      for (const kind of ["instance", "volume"]) {
        const spec = specs.find((s) => s.resource_type === kind);
        if (!spec || !source.test(text(spec.tags))) problems.push(`${where} does not tag the ${kind}s it launches`);
      }
    }
  }
  if (!example) {
    const tags = config.files["variables.tf"]?.variable?.tags?.[0];
    if (!tags) problems.push(`${config.dir}/variables.tf: no "tags" variable`);
    else if (tags.type !== "${map(string)}") problems.push(`${config.dir}/variables.tf: variable "tags" is not map(string)`);
  } else {
    for (const [file, parsed] of allFiles(config)) {
      for (const [name, m] of blocks(parsed, "module")) {
        if (!/\b(var|local)\.tags\b/.test(text(m.tags))) problems.push(`${file}: module "${name}" is not passed tags`);
      }
      for (const p of parsed.provider?.aws ?? []) {
        if (!/\b(var|local)\.tags\b/.test(text(p.default_tags))) {
          problems.push(`${file}: provider "aws"${p.alias ? ` (${p.alias})` : ""} has no default_tags`);
        }
      }
    }
  }
  return problems;
}

/** Module sources of the examples, as paths relative to terraform/ ("modules/network"). */
export function moduleSources(config) {
  const found = [];
  for (const [file, parsed] of allFiles(config)) {
    for (const [name, m] of blocks(parsed, "module")) found.push({ file, name, source: m.source });
  }
  return found;
}

/** Every module under modules/ is called by at least one example, and every local source names a module. */
export function checkModulesUsed(moduleDirs, examples, resolve) {
  const problems = [];
  const used = new Set();
  for (const example of examples) {
    for (const { file, name, source } of moduleSources(example)) {
      if (typeof source !== "string" || !source.startsWith(".")) continue;
      const target = resolve(example.dir, source);
      if (!moduleDirs.includes(target)) problems.push(`${file}: module "${name}" source ${source} is no module`);
      used.add(target);
    }
  }
  for (const dir of moduleDirs) {
    if (!used.has(dir)) problems.push(`${dir}: no example uses this module`);
  }
  return problems;
}

/** Files read with file() or templatefile() relative to path.module exist, unless another branch brings them. */
export function checkReferencedFiles(config, exists, pending = new Map()) {
  const problems = [];
  for (const [file, source] of Object.entries(config.texts)) {
    for (const m of source.matchAll(/"\$\{path\.module\}\/([^"$]+)"/g)) {
      const path = `${config.dir}/${m[1]}`;
      if (!exists(path) && !pending.has(path)) problems.push(`${config.dir}/${file}: ${m[1]} does not exist`);
    }
  }
  return problems;
}

/** The files every module or example directory has. */
export function checkLayout(dir, present, required) {
  return required.filter((f) => !present.includes(f)).map((f) => `${dir}: no ${f}`);
}

const TEMPLATE_KEYWORDS = new Set(["null", "true", "false", "for", "in", "if", "else", "endif", "endfor"]);

/** The variables a template file reads in its ${...} and %{...} sequences, less its loop variables. */
export function templateVariables(template) {
  const used = new Set();
  const loopVariables = new Set();
  for (const m of template.matchAll(/%\{~?\s*for\s+([A-Za-z_][\w\s,]*?)\s+in\b/g)) {
    for (const v of m[1].split(",")) loopVariables.add(v.trim());
  }
  // "$${" is a literal "${", not a sequence.
  for (const m of template.matchAll(/(?<!\$)[$%]\{([^}]*)\}/g)) {
    const expression = m[1].replace(/"[^"]*"/g, '""');
    // A name not after a dot (an attribute) and not before "(" (a function).
    for (const id of expression.matchAll(/(?<![\w.])([A-Za-z_]\w*)\b(?!\s*\()/g)) {
      if (!TEMPLATE_KEYWORDS.has(id[1]) && !loopVariables.has(id[1])) used.add(id[1]);
    }
  }
  return used;
}

/** The keys of the object literal that opens at text[open] ("{"), at its own level only. */
function objectKeys(text, open) {
  const keys = new Set();
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "{") depth++;
    else if (text[i] === "}" && --depth === 0) break;
    else if (depth === 1 && (i === open + 1 || text[i - 1] === "\n")) {
      const key = /^\s*([A-Za-z_][\w-]*)\s*=/.exec(text.slice(i, text.indexOf("\n", i)));
      if (key) keys.add(key[1]);
    }
  }
  return keys;
}

/**
 * Every variable a template reads is passed to its templatefile() call: terraform fails the plan otherwise, and
 * nothing else here would notice. readTemplate(path) gives a template's text, or null when it does not exist.
 */
export function checkTemplateVariables(config, readTemplate) {
  const problems = [];
  for (const [file, source] of Object.entries(config.texts)) {
    for (const m of source.matchAll(/templatefile\(\s*"\$\{path\.module\}\/([^"]+)"\s*,\s*\{/g)) {
      const template = readTemplate(posixJoin(config.dir, m[1]));
      if (template === null) continue;
      const passed = objectKeys(source, m.index + m[0].length - 1);
      for (const name of templateVariables(template)) {
        if (!passed.has(name)) problems.push(`${config.dir}/${file}: templatefile(${m[1]}) is not passed "${name}"`);
      }
    }
  }
  return problems;
}

const posixJoin = (dir, path) => {
  const parts = [];
  for (const part of `${dir}/${path}`.split("/")) {
    if (part === "..") parts.pop();
    else if (part !== "." && part !== "") parts.push(part);
  }
  return parts.join("/");
};

// Arguments of a module block that are Terraform's, not the module's variables.
const MODULE_META = new Set(["source", "version", "providers", "depends_on", "count", "for_each"]);

/** Every string in a parsed body that holds an expression ("${...}"), however deep. */
function* expressions(value) {
  if (typeof value === "string") {
    if (value.includes("${")) yield value;
  } else if (Array.isArray(value)) {
    for (const v of value) yield* expressions(v);
  } else if (value && typeof value === "object") {
    for (const v of Object.values(value)) yield* expressions(v);
  }
}

/** What a configuration declares: variables (and whether each has a default), locals, resources, data, modules, outputs. */
export function declarations(config) {
  const d = {
    variables: new Map(),
    locals: new Set(),
    resources: new Set(),
    data: new Set(),
    modules: new Map(),
    outputs: new Set(),
  };
  for (const [, parsed] of allFiles(config)) {
    for (const [name, v] of blocks(parsed, "variable")) d.variables.set(name, "default" in v);
    for (const l of parsed.locals ?? []) for (const name of Object.keys(l)) d.locals.add(name);
    for (const [type, byName] of Object.entries(parsed.resource ?? {})) {
      for (const n of Object.keys(byName)) d.resources.add(`${type}.${n}`);
    }
    for (const [type, byName] of Object.entries(parsed.data ?? {})) {
      for (const n of Object.keys(byName)) d.data.add(`data.${type}.${n}`);
    }
    for (const [name, m] of blocks(parsed, "module")) d.modules.set(name, m);
    for (const [name] of blocks(parsed, "output")) d.outputs.add(name);
  }
  return d;
}

/**
 * What `terraform validate` would refuse about names, checked without terraform: every var., local., resource,
 * data and module.X.Y reference names something declared; every module call passes only the module's variables
 * and all of those without a default. moduleAt(dir, source) gives the called module's configuration.
 */
export function checkReferences(config, moduleAt) {
  const problems = [];
  const own = declarations(config);
  const seen = new Set();
  const report = (file, what) => {
    const line = `${file}: ${what}`;
    if (!seen.has(line)) problems.push(line);
    seen.add(line);
  };
  for (const [file, parsed] of allFiles(config)) {
    for (const expression of expressions(parsed)) {
      for (const m of expression.matchAll(/(?<![\w.])var\.([A-Za-z_][\w-]*)/g)) {
        if (!own.variables.has(m[1])) report(file, `var.${m[1]} is not declared`);
      }
      for (const m of expression.matchAll(/(?<![\w.])local\.([A-Za-z_][\w-]*)/g)) {
        if (!own.locals.has(m[1])) report(file, `local.${m[1]} is not defined`);
      }
      for (const m of expression.matchAll(/(?<![\w.])((?:aws|random)_[a-z0-9_]+)\.([A-Za-z_][\w-]*)/g)) {
        if (!own.resources.has(`${m[1]}.${m[2]}`)) report(file, `${m[1]}.${m[2]} is not a resource here`);
      }
      for (const m of expression.matchAll(/(?<![\w.])data\.([a-z0-9_]+)\.([A-Za-z_][\w-]*)/g)) {
        if (!own.data.has(`data.${m[1]}.${m[2]}`)) report(file, `data.${m[1]}.${m[2]} is not a data source here`);
      }
      for (const m of expression.matchAll(/(?<![\w.])module\.([A-Za-z_][\w-]*)\.([A-Za-z_][\w-]*)/g)) {
        const call = own.modules.get(m[1]);
        if (!call) report(file, `module.${m[1]} is not called here`);
        else {
          const target = moduleAt(config.dir, call.source);
          if (target && !declarations(target).outputs.has(m[2])) report(file, `module.${m[1]} has no output "${m[2]}"`);
        }
      }
    }
    for (const [name, call] of blocks(parsed, "module")) {
      const target = moduleAt(config.dir, call.source);
      if (!target) continue;
      const variables = declarations(target).variables;
      for (const arg of Object.keys(call)) {
        if (!MODULE_META.has(arg) && !variables.has(arg)) {
          report(file, `module "${name}" passes "${arg}", which ${target.dir} does not declare`);
        }
      }
      for (const [variable, hasDefault] of variables) {
        if (!hasDefault && !(variable in call)) report(file, `module "${name}" does not pass required "${variable}"`);
      }
    }
  }
  return problems;
}
