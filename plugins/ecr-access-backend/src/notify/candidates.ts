import type {
  AuditListRow,
  EcrAccessStore,
  StoredAuditFilter,
} from '../database';

/**
 * The entities a condition can hold for, found by the audit list's indexed filters rather
 * than by reading every status: a static secret always carries SECRET_EXPIRES_SOON or
 * SECRET_EXPIRED (the engine adds the first to any secret nothing refreshes), a failing
 * refresher its REFRESHER_* finding, and an entity in error its health.
 */
const FILTERS: StoredAuditFilter[] = [
  { finding: 'SECRET_EXPIRES_SOON' },
  { finding: 'SECRET_EXPIRED' },
  { finding: 'REFRESHER_FAILING' },
  { finding: 'REFRESHER_TOO_SLOW' },
  { health: 'error' },
];

const PAGE = 500;

/**
 * What changes when a stored status changes, short of reading it: a replica reads the
 * status again only when this differs from the last evaluation's.
 */
function digestOf(row: AuditListRow): string {
  return JSON.stringify([
    row.checkedAt,
    row.health,
    row.stale,
    row.summary,
    row.findingCodes,
    row.mechanisms,
  ]);
}

/** Entity ref → digest of every candidate entity. */
export async function readCandidates(
  store: EcrAccessStore,
): Promise<Map<string, string>> {
  const candidates = new Map<string, string>();
  for (const filter of FILTERS) {
    // Keyset pages (the cursor), not offsets, which would read every row before each page.
    let after: string | undefined;
    do {
      const page = await store.listAuditPage({
        ...filter,
        orderBy: 'entityRef',
        limit: PAGE,
        after,
      });
      page.items.forEach(row => candidates.set(row.entityRef, digestOf(row)));
      after = page.nextCursor;
    } while (after);
  }
  return candidates;
}
