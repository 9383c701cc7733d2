/** A dictionary's shape: nested sections whose leaves are strings. The Chinese one must have English's shape. */
export type Dictionary<T> = { [K in keyof T]: T[K] extends string ? string : Dictionary<T[K]> };

/** Every leaf of a dictionary as a dotted key and its text. */
export function leaves(dictionary: object, prefix = ''): Map<string, string> {
  const found = new Map<string, string>();
  for (const [key, value] of Object.entries(dictionary)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') {
      found.set(path, value);
    } else {
      for (const [leaf, text] of leaves(value as object, path)) {
        found.set(leaf, text);
      }
    }
  }
  return found;
}
