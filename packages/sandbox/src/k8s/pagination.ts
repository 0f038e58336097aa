import { statusErrors } from './status';
import { storeKey } from './store';
import { K8sObject } from './types';

/**
 * `limit`/`continue` chunking as the API server does it: the continue token is
 * base64 JSON naming the list's resourceVersion and the key to start after
 * (apiserver storage `EncodeContinue`). Once the store is compacted past that
 * revision the token answers 410 Gone with reason Expired, and the Status
 * carries an "inconsistent" token to continue from the current state.
 */
interface ContinueToken {
  v: 'meta.k8s.io/v1';
  rv: number;
  start: string;
}

function encodeContinue(rv: number, lastKey: string): string {
  const token: ContinueToken = {
    v: 'meta.k8s.io/v1',
    rv,
    start: `${lastKey}\u0000`,
  };
  return Buffer.from(JSON.stringify(token)).toString('base64');
}

function decodeContinue(text: string): ContinueToken {
  try {
    const token = JSON.parse(Buffer.from(text, 'base64').toString('utf8'));
    if (
      token.v !== 'meta.k8s.io/v1' ||
      typeof token.rv !== 'number' ||
      typeof token.start !== 'string'
    ) {
      throw new Error('bad token');
    }
    return token;
  } catch {
    throw statusErrors.badRequest(`continue key is not valid: ${text}`);
  }
}

export interface Page {
  items: K8sObject[];
  continueToken?: string;
  remainingItemCount?: number;
  resourceVersion: string;
}

export function paginate(
  sorted: K8sObject[],
  options: {
    limit?: number;
    continueToken?: string;
    currentRevision: number;
    compactedRevision: number;
    selectorsUsed: boolean;
  },
): Page {
  let items = sorted;
  let rv = options.currentRevision;
  if (options.continueToken) {
    const token = decodeContinue(options.continueToken);
    const start = token.start;
    if (token.rv < options.compactedRevision) {
      const fresh = { v: 'meta.k8s.io/v1', rv: options.currentRevision, start };
      throw statusErrors.expired(
        Buffer.from(JSON.stringify(fresh)).toString('base64'),
      );
    }
    rv = token.rv;
    items = sorted.slice(firstAtOrAfter(sorted, start));
  }
  if (!options.limit || options.limit <= 0 || items.length <= options.limit) {
    return { items, resourceVersion: String(rv) };
  }
  const page = items.slice(0, options.limit);
  const last = storeKey(page[page.length - 1]);
  return {
    items: page,
    continueToken: encodeContinue(rv, last),
    // The API server reports the count only when no selector filtered the list.
    remainingItemCount: options.selectorsUsed
      ? undefined
      : items.length - page.length,
    resourceVersion: String(rv),
  };
}

/** Binary search in key order: the index of the first object whose key is ≥ `key`. */
function firstAtOrAfter(sorted: K8sObject[], key: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (storeKey(sorted[mid]) < key) low = mid + 1;
    else high = mid;
  }
  return low;
}
