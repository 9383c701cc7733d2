// terraform fmt's canonical form of a file: HashiCorp's hclwrite formatter (the Format terraform fmt runs, compiled to
// WASM in @cdktn/hcl-tools) plus the three rewrites terraform fmt adds on top of it (internal/command/fmt.go):
// interpolation-only strings unwrapped, legacy variable types normalized, block labels quoted.
import { format } from "@cdktn/hcl-tools";
import { parse } from "@cdktn/hcl2json";

const HEREDOC_START = /<<-?([A-Za-z_][A-Za-z0-9_-]*)\s*$/;

/** Calls fn(line, index) for each line outside heredoc bodies; what fn returns replaces the line. */
function mapCodeLines(text, fn) {
  const lines = text.split("\n");
  let heredocEnd = null;
  for (let i = 0; i < lines.length; i++) {
    if (heredocEnd !== null) {
      if (lines[i].trim() === heredocEnd) heredocEnd = null;
      continue;
    }
    lines[i] = fn(lines[i], i, lines);
    const start = HEREDOC_START.exec(lines[i]);
    if (start) heredocEnd = start[1];
  }
  return lines.join("\n");
}

// `name = "${expr}"` -> `name = expr` when the string is one interpolation and nothing else (formatValueExpr).
// Single-line values only; terraform fmt also unwraps a multi-line one, wrapping it in parentheses.
const INTERPOLATION_ONLY = /^(\s*[A-Za-z_][A-Za-z0-9_-]*\s*=\s*)"\$\{(.*)\}"(\s*(?:#.*|\/\/.*)?)$/;

function unwrapInterpolation(line) {
  const m = INTERPOLATION_ONLY.exec(line);
  if (!m) return line;
  const inside = m[2];
  // Another interpolation, a literal part or a nested string: not provably one interpolation, left alone.
  if (/\$\{|%\{|"/.test(inside) || /\}[^}]*\$\{/.test(inside)) return line;
  let depth = 0;
  for (const ch of inside) {
    if (ch === "{") depth++;
    if (ch === "}" && --depth < 0) return line;
  }
  return depth === 0 ? `${m[1]}${inside.trim()}${m[3]}` : line;
}

// In a top-level variable block (hclwrite indents its body by two spaces): `type = "string"` -> `type = string`,
// "list"/"map" -> list(string)/map(string), bare list/map/set -> list(any)/map(any)/set(any) (formatTypeExpr).
const LEGACY_TYPES = {
  '"string"': "string",
  '"list"': "list(string)",
  '"map"': "map(string)",
  list: "list(any)",
  map: "map(any)",
  set: "set(any)",
};

function normalizeVariableTypes(text) {
  let inVariable = false;
  return mapCodeLines(text, (line) => {
    if (/^variable\s/.test(line)) inVariable = true;
    else if (/^\}/.test(line)) inVariable = false;
    const m = inVariable && /^(  type\s*=\s*)(\S+)(\s*)$/.exec(line);
    return m && LEGACY_TYPES[m[2]] ? `${m[1]}${LEGACY_TYPES[m[2]]}${m[3]}` : line;
  });
}

// `resource aws_s3_bucket this {` -> `resource "aws_s3_bucket" "this" {` (block.SetLabels).
const BLOCK_HEADER = /^(\s*)([A-Za-z_][A-Za-z0-9_-]*)((?:\s+(?:"[^"]*"|[A-Za-z_][A-Za-z0-9_-]*))+)\s*\{(.*)$/;

function quoteLabels(line) {
  const m = BLOCK_HEADER.exec(line);
  if (!m) return line;
  const labels = m[3].trim().split(/\s+/);
  if (labels.every((l) => l.startsWith('"'))) return line;
  const quoted = labels.map((l) => (l.startsWith('"') ? l : `"${l}"`));
  return `${m[1]}${m[2]} ${quoted.join(" ")} {${m[4]}`;
}

/** The text terraform fmt would write for a file, or throws with the parser's message if it is not valid HCL. */
export async function canonical(name, text) {
  // terraform fmt refuses to format what does not parse (the formatter could mangle it).
  await parse(name, text);
  const formatted = await format(text);
  const rewritten = normalizeVariableTypes(mapCodeLines(formatted, (line) => quoteLabels(unwrapInterpolation(line))));
  // A rewrite can change a line's width, and so the alignment of the `=` around it.
  return rewritten === formatted ? formatted : format(rewritten);
}
