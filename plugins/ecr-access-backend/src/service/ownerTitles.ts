import { AuthService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';

/** How long an owner's display name is reused: renaming a team is rare. */
const DEFAULT_TTL_MS = 10 * 60_000;
/** Owners kept: a catalog has hundreds of teams, not hundreds of thousands. */
const MAX_OWNERS = 20_000;

interface Entry {
  title?: string;
  expiresAt: number;
}

/** `metadata.title`, else a group's or user's `spec.profile.displayName`. */
function titleOf(entity: {
  metadata?: { title?: unknown };
  spec?: { profile?: unknown } & object;
}): string | undefined {
  const profile = entity.spec?.profile as { displayName?: unknown } | undefined;
  const title = entity.metadata?.title ?? profile?.displayName;
  return typeof title === 'string' && title.trim() ? title : undefined;
}

/**
 * The display names of owners, for the audit page's owner picker and for filtering by
 * display name. The audit stores each entity's owner ref, not the owner entity, so the names
 * come from the catalog: the owners not known yet in one batched call, kept for 10 minutes
 * (owners without a name too, so that they are not asked for on every request).
 *
 * Read with the plugin's own credentials: the names of the owners of entities the caller
 * may read, whose refs the audit list already shows.
 */
export class OwnerTitles {
  readonly #cache = new Map<string, Entry>();

  constructor(
    private readonly options: {
      auth: AuthService;
      catalog: CatalogService;
      ttlMs?: number;
      now?: () => number;
    },
  ) {}

  /** The display name of each of `refs` that has one; none when the catalog fails. */
  async titles(refs: string[]): Promise<Map<string, string>> {
    const now = (this.options.now ?? Date.now)();
    const missing = refs.filter(
      ref => !((this.#cache.get(ref)?.expiresAt ?? 0) > now),
    );
    if (missing.length) await this.#load(missing, now);
    const titles = new Map<string, string>();
    for (const ref of refs) {
      const title = this.#cache.get(ref)?.title;
      if (title !== undefined) titles.set(ref, title);
    }
    return titles;
  }

  async #load(refs: string[], now: number) {
    const { auth, catalog } = this.options;
    let items: Array<Parameters<typeof titleOf>[0] | null | undefined>;
    try {
      ({ items } = await catalog.getEntitiesByRefs(
        {
          entityRefs: refs,
          fields: ['metadata.title', 'spec.profile.displayName'],
        },
        { credentials: await auth.getOwnServiceCredentials() },
      ));
    } catch {
      // Names are a convenience: the picker then shows refs; nothing is cached.
      return;
    }
    const expiresAt = now + (this.options.ttlMs ?? DEFAULT_TTL_MS);
    refs.forEach((ref, i) => {
      const entity = items[i];
      this.#cache.delete(ref);
      this.#cache.set(ref, {
        ...(entity ? { title: titleOf(entity) } : {}),
        expiresAt,
      });
    });
    while (this.#cache.size > MAX_OWNERS) {
      this.#cache.delete(this.#cache.keys().next().value!);
    }
  }
}

/**
 * The owners that `text` names, without regard to case: by entity ref
 * (`group:default/team-a`), by `kind:name` in the default namespace, by name (`team-a`) or by
 * display name.
 */
export function ownersNamed(
  text: string,
  owners: Array<{ ref: string; title?: string }>,
): string[] {
  const wanted = text.trim().toLocaleLowerCase('en-US');
  const asRef = /^[^:/]+:[^:/]+$/.test(wanted)
    ? wanted.replace(':', ':default/')
    : wanted;
  return owners
    .filter(({ ref, title }) => {
      const name = ref.slice(ref.lastIndexOf('/') + 1);
      return (
        ref === asRef ||
        name === wanted ||
        title?.trim().toLocaleLowerCase('en-US') === wanted
      );
    })
    .map(o => o.ref);
}

/**
 * The owners whose display name holds `text`, without regard to case: `q` on the audit list
 * matches an owner's name as the owner picker shows it (its ref is matched in the store).
 */
export function ownersTitledWith(
  text: string,
  owners: Array<{ ref: string; title?: string }>,
): string[] {
  const wanted = text.trim().toLocaleLowerCase('en-US');
  if (!wanted) return [];
  return owners
    .filter(({ title }) => title?.toLocaleLowerCase('en-US').includes(wanted))
    .map(o => o.ref);
}
