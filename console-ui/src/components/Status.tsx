/** A status word on a colour of its kind (ok, pending, bad), the word itself always shown. */
export function Status({ kind, children }: { kind: 'ok' | 'pending' | 'bad' | 'neutral'; children: string }) {
  return <span className={`status status-${kind}`}>{children}</span>;
}
