import {
  AuthService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';

type CatalogQuery = NonNullable<
  Parameters<CatalogService['streamEntities']>[0]
>['query'];

/** The Kubernetes plugin's annotations: only entities with one of them are audited. */
const AUDITED_ENTITIES: CatalogQuery = {
  $any: [
    { 'metadata.annotations.backstage.io/kubernetes-id': { $exists: true } },
    {
      'metadata.annotations.backstage.io/kubernetes-label-selector': {
        $exists: true,
      },
    },
  ],
};

const DEFAULT_TTL_MS = 30_000;
/**
 * Callers kept. A list of 50,000 refs takes a few megabytes, so this bounds the cache to
 * some hundred megabytes in the worst case, and far less when conditions are narrow.
 */
const MAX_CALLERS = 50;

interface CacheEntry {
  expiresAt: number;
  refs: Promise<string[]>;
}

/**
 * Which audited entities a caller may read, following the catalog's read permission.
 *
 * Under a conditional decision the catalog alone can apply the conditions, so the visible
 * refs are read from it with the caller's credentials, every page of them. That costs
 * seconds in a catalog of 50,000 entities, and the audit page asks again on every page,
 * filter and sort; the list is therefore kept per caller and decision for a short time
 * (30 s by default), which is also how late a change of ownership or policy shows here.
 */
export class CatalogVisibility {
  readonly #cache = new Map<string, CacheEntry>();

  constructor(
    private readonly options: {
      auth: AuthService;
      permissions: PermissionsService;
      catalog: CatalogService;
      ttlMs?: number;
      now?: () => number;
    },
  ) {}

  /** `undefined` when the caller may read every entity, else the refs it may read. */
  async visibleEntityRefs(
    credentials: BackstageCredentials,
  ): Promise<string[] | undefined> {
    const [decision] = await this.options.permissions.authorizeConditional(
      [{ permission: catalogEntityReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.CONDITIONAL) {
      return decision.result === AuthorizeResult.ALLOW ? undefined : [];
    }
    const key = `${this.#callerKey(credentials)}\u0000${JSON.stringify(
      decision.conditions,
    )}`;
    return this.#cached(key, () => this.#readVisible(credentials));
  }

  #callerKey(credentials: BackstageCredentials): string {
    const { auth } = this.options;
    if (auth.isPrincipal(credentials, 'user')) {
      const actor = credentials.principal.actor?.subject ?? '';
      return `user:${credentials.principal.userEntityRef}:${actor}`;
    }
    if (auth.isPrincipal(credentials, 'service')) {
      return `service:${credentials.principal.subject}`;
    }
    return 'none';
  }

  async #cached(key: string, read: () => Promise<string[]>) {
    const now = (this.options.now ?? Date.now)();
    const hit = this.#cache.get(key);
    this.#cache.delete(key);
    if (hit && hit.expiresAt > now) {
      this.#cache.set(key, hit); // most recently used last
      return hit.refs;
    }
    if (this.#cache.size >= MAX_CALLERS) {
      // Maps iterate in insertion order: the first key is the least recently used.
      this.#cache.delete(this.#cache.keys().next().value!);
    }
    const refs = read();
    this.#cache.set(key, {
      expiresAt: now + (this.options.ttlMs ?? DEFAULT_TTL_MS),
      refs,
    });
    // A failed read is not remembered.
    refs.catch(() => {
      if (this.#cache.get(key)?.refs === refs) this.#cache.delete(key);
    });
    return refs;
  }

  async #readVisible(credentials: BackstageCredentials): Promise<string[]> {
    const refs: string[] = [];
    const pages = this.options.catalog.streamEntities(
      {
        query: AUDITED_ENTITIES,
        fields: ['kind', 'metadata.namespace', 'metadata.name'],
        pageSize: 1000,
        totalItems: 'exclude', // only the refs are needed, not a count per page
      },
      { credentials },
    );
    for await (const page of pages) {
      for (const entity of page) refs.push(stringifyEntityRef(entity));
    }
    return refs;
  }
}
