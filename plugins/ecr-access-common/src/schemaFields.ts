import { z } from 'zod/v4';

// Field schemas that several wire schemas share (model.ts, api/responses.ts), so that a kind
// of field reads and is described the same wherever it appears. Not exported from the package.

/** An ISO time: a string on the wire and in the spec; its description says which time. */
export function isoTime(description: string) {
  return z.string().describe(description);
}
