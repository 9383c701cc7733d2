/** The non-empty lines of a text area, trimmed: how the console edits the API's lists (patterns, CIDRs). */
export function linesOf(text: string): string[] {
  return text.split('\n').map((line) => line.trim()).filter((line) => line.length > 0);
}
