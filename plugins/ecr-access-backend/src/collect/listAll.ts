import { ListedKind } from './kubernetesKinds';
import { pullSecretWithHosts, secretMetadata } from './pullSecretHosts';
import {
  ClusterUnreachableError,
  KindForbiddenError,
  KubernetesRequestError,
} from './errors';

/** The part of a fetch response the lister reads. */
export interface KubernetesResponse {
  status: number;
  headers: { get(name: string): string | null };
  json(): Promise<unknown>;
  text(): Promise<string>;
}

/**
 * One authenticated GET against a cluster's API server (path with query string). The
 * connection carries what it was configured to read: `readPullSecretHosts` (from
 * `ecrAccess.kubernetes.readPullSecretHosts`) lets the collection read pull secrets whole,
 * reduced to their hosts on arrival.
 */
export type KubernetesGet = ((
  pathAndQuery: string,
  accept: string,
) => Promise<KubernetesResponse>) & { readPullSecretHosts?: boolean };

export interface ListOptions {
  /** Items per page; the API server caps what it returns anyway. */
  pageSize?: number;
  /** Retries of one page on 429 and 5xx before giving up on the kind. */
  maxRetries?: number;
  /** Longest wait honoured from a `Retry-After` header. */
  maxRetryAfterMs?: number;
  /** Injected for tests; waits the given milliseconds. */
  sleep?: (ms: number) => Promise<void>;
  /** Called for every HTTP request, retries included, also when the list then fails. */
  onRequest?: () => void;
  /**
   * Read pull secrets whole and keep only their registry hosts (`ecrAccess.kubernetes.
   * readPullSecretHosts`); the data is dropped as each page arrives. Off: metadata only.
   */
  pullSecretHosts?: boolean;
}

export interface ListResult {
  items: unknown[];
  /** HTTP requests made, retries included: what the benchmarks count. */
  requests: number;
}

// What kubectl sends for metadata-only lists; the server falls back to a full list when it
// does not know the `as=` form, which is why Secret items are projected below regardless.
const METADATA_ONLY_ACCEPT =
  'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json';
const RETRYABLE = new Set([429, 500, 502, 503, 504]);

const defaultSleep = (ms: number) =>
  new Promise<void>(resolve => setTimeout(resolve, ms));

function pageQuery(
  kind: ListedKind,
  limit: number,
  continueToken?: string,
  path = kind.path,
) {
  const query = new URLSearchParams({ limit: String(limit) });
  if (kind.fieldSelector) query.set('fieldSelector', kind.fieldSelector);
  if (kind.labelSelector) query.set('labelSelector', kind.labelSelector);
  if (continueToken) query.set('continue', continueToken);
  return `${path}?${query}`;
}

/** Retry-After is in seconds (RFC 9110 also allows a date; API servers send seconds). */
function retryDelay(res: KubernetesResponse, attempt: number, cap: number) {
  const header = Number(res.headers.get('retry-after'));
  const ms = Number.isFinite(header) && header > 0 ? header * 1000 : 0;
  // Without a header: exponential backoff from 250 ms.
  return Math.min(ms || 250 * 2 ** attempt, cap);
}

/**
 * Keeps only metadata of a Secret. Metadata-only lists already carry nothing else; this holds
 * even against a server that ignored the request for metadata, so that secret data never
 * enters the plugin's memory, logs or database.
 */
export function secretMetadataOnly(item: unknown, kind: ListedKind): unknown {
  const metadata = (item as { metadata?: unknown } | null)?.metadata;
  const type = kind.fieldSelector?.replace(/^type=/, '');
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    type,
    metadata: secretMetadata(metadata),
  };
}

async function getPage(
  get: KubernetesGet,
  path: string,
  kind: ListedKind,
  options: Required<ListOptions>,
  count: () => void,
): Promise<KubernetesResponse> {
  const metadataOnly = kind.metadataOnly && !options.pullSecretHosts;
  for (let attempt = 0; ; attempt++) {
    let res: KubernetesResponse;
    count();
    try {
      res = await get(
        path,
        metadataOnly ? METADATA_ONLY_ACCEPT : 'application/json',
      );
    } catch (error) {
      // No answer at all: the cluster is down or unreachable. Fail fast rather than retry,
      // so an unreachable cluster costs one bounded timeout.
      throw new ClusterUnreachableError(`GET ${kind.path} failed`, error);
    }
    if (!RETRYABLE.has(res.status) || attempt >= options.maxRetries) {
      return res;
    }
    await options.sleep(retryDelay(res, attempt, options.maxRetryAfterMs));
  }
}

/**
 * Whether the API server serves the resource a collection path lists, from its API group's
 * discovery document (`/apis/<group>/<version>`, readable by every authenticated user through
 * `system:discovery`). kube-apiserver authorizes before it routes, so a reader without `list`
 * on an optional CRD's resource gets 403 whether or not the CRD is installed: only discovery
 * tells "not installed" (404, or not among the group's resources) from "installed, refused".
 * Anything else keeps the 403.
 */
async function servedByDiscovery(
  get: KubernetesGet,
  collectionPath: string,
  count: () => void,
): Promise<boolean> {
  const m = /^(\/apis?\/.+?)(?:\/namespaces\/[^/]+)?\/([^/]+)$/.exec(
    collectionPath,
  );
  if (!m) return true;
  const [, groupVersion, plural] = m;
  count();
  let res: KubernetesResponse;
  try {
    res = await get(groupVersion, 'application/json');
  } catch {
    return true;
  }
  if (res.status === 404) return false;
  if (res.status !== 200) return true;
  const body = (await res.json().catch(() => undefined)) as
    | { resources?: Array<{ name?: unknown }> }
    | undefined;
  if (!Array.isArray(body?.resources)) return true;
  return body!.resources.some(r => r?.name === plural);
}

/**
 * Whether a list's first answer means the cluster does not serve that version: a 404, or a
 * 403 on an optional kind whose API group's discovery does not list it (see
 * {@link servedByDiscovery}).
 */
async function notServed(
  get: KubernetesGet,
  kind: ListedKind,
  res: KubernetesResponse,
  collectionPath: string,
  count: () => void,
): Promise<boolean> {
  if (res.status === 404) return true;
  if (res.status !== 403 || !kind.optional) return false;
  return !(await servedByDiscovery(get, collectionPath, count));
}

async function statusError(
  res: KubernetesResponse,
  kind: ListedKind,
  verb: 'list' | 'get' = 'list',
) {
  // A metav1.Status body says why; its message never holds secret data.
  let reason = '';
  try {
    const body = (await res.json()) as { message?: string };
    reason = body?.message ? `: ${body.message}` : '';
  } catch {
    // not JSON: keep the status code alone
  }
  if (res.status === 403) {
    return new KindForbiddenError(`Forbidden to ${verb} ${kind.path}${reason}`);
  }
  return new KubernetesRequestError(
    `GET ${kind.path} answered ${res.status}${reason}`,
    res.status,
  );
}

function withDefaults(options: ListOptions): Required<ListOptions> {
  return {
    pageSize: options.pageSize ?? 500,
    maxRetries: options.maxRetries ?? 4,
    maxRetryAfterMs: options.maxRetryAfterMs ?? 30_000,
    sleep: options.sleep ?? defaultSleep,
    onRequest: options.onRequest ?? (() => {}),
    pullSecretHosts: options.pullSecretHosts ?? false,
  };
}

/**
 * Lists every object of one kind across all namespaces, page by page (`limit`/`continue`).
 * A `410 Gone` on a continue token (the snapshot it pointed into was compacted) restarts the
 * list once from the beginning, as client-go's pager does; 429 and 5xx are retried, honouring
 * `Retry-After`.
 */
export async function listAll(
  get: KubernetesGet,
  kind: ListedKind,
  options: ListOptions = {},
): Promise<ListResult> {
  const opts = withDefaults(options);
  // Secrets are projected either way: to metadata, or to metadata and hosts.
  let project: typeof secretMetadataOnly | undefined;
  if (kind.metadataOnly) {
    project = opts.pullSecretHosts ? pullSecretWithHosts : secretMetadataOnly;
  }
  let requests = 0;
  const count = () => {
    requests++;
    opts.onRequest();
  };
  // The version listed: `path`, or `fallbackPath` once `path` answered 404 (never both).
  let collectionPath = kind.path;
  let relisted = false;
  for (;;) {
    const items: unknown[] = [];
    let continueToken: string | undefined;
    let restart = false;
    do {
      const path = pageQuery(
        kind,
        opts.pageSize,
        continueToken,
        collectionPath,
      );
      const res = await getPage(get, path, kind, opts, count);
      if (res.status === 410 && continueToken && !relisted) {
        relisted = true;
        restart = true;
        break;
      }
      if (
        !continueToken &&
        (await notServed(get, kind, res, collectionPath, count))
      ) {
        // This version is not served (an older operator): the older one is listed instead;
        // with none, an optional kind has no objects here.
        if (kind.fallbackPath && collectionPath === kind.path) {
          collectionPath = kind.fallbackPath;
          restart = true;
          break;
        }
        if (kind.optional) return { items: [], requests };
      }
      if (res.status === 404 && kind.optional) {
        return { items: [], requests };
      }
      if (res.status !== 200) throw await statusError(res, kind);
      const body = (await res.json()) as {
        items?: unknown[];
        metadata?: { continue?: string };
      };
      const page = Array.isArray(body?.items) ? body.items : [];
      items.push(...(project ? page.map(item => project(item, kind)) : page));
      continueToken = body?.metadata?.continue || undefined;
    } while (continueToken);
    if (!restart) return { items, requests };
  }
}

/**
 * GETs one object by path, with the retries of a list page (429 and 5xx, `Retry-After`).
 * Undefined on 404; a 403 is a `KindForbiddenError`. Used for the few ConfigMaps that
 * refresher candidates load, which no LIST is worth.
 */
export async function getOne(
  get: KubernetesGet,
  path: string,
  kind: ListedKind,
  options: ListOptions = {},
): Promise<unknown | undefined> {
  const opts = withDefaults({ ...options, pullSecretHosts: false });
  const res = await getPage(get, path, kind, opts, opts.onRequest);
  if (res.status === 404) return undefined;
  if (res.status !== 200) throw await statusError(res, kind, 'get');
  return res.json();
}
