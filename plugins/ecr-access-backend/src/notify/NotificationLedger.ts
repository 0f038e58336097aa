import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { NotifySeverity } from './notifyConfig';
import type { OpenCondition } from './decide';

const TABLE = 'ecr_access_notifications';

interface Row {
  entity_ref: string;
  condition_hash: string;
  condition: string;
  state: OpenCondition['state'];
  severity: string;
  claim: string;
  claimed_at_ms: number | string;
}

const hashOf = (key: string) => createHash('sha256').update(key).digest('hex');

const pk = (entityRef: string, key: string) => ({
  entity_ref: entityRef,
  condition_hash: hashOf(key),
});

/**
 * The record of what was sent, in the plugin's database (its own table,
 * `ecr_access_notifications`). Replicas share it: a condition is sent by the replica whose
 * claim lands (insert-if-absent on the primary key, or a conditional update), so two
 * evaluations at once send it once. A claim is released when its send fails, so the next
 * evaluation tries again; one held by a replica that stopped mid-send is taken over after
 * the lease (see `decide`).
 */
export class NotificationLedger {
  constructor(private readonly db: Knex) {}

  async listOpen(): Promise<OpenCondition[]> {
    const rows: Row[] = await this.db(TABLE).select();
    return rows.map(r => ({
      entityRef: r.entity_ref,
      key: r.condition,
      state: r.state,
      claimedAtMs: Number(r.claimed_at_ms),
    }));
  }

  /** True when this claim holds the new condition, to send its notification. */
  async claimRaise(options: {
    entityRef: string;
    key: string;
    severity: NotifySeverity;
    claim: string;
    now: number;
    leaseMs: number;
  }): Promise<boolean> {
    const { entityRef, key, claim, now } = options;
    // Drivers disagree on what an ignored insert returns: the row read below tells.
    await this.db(TABLE)
      .insert({
        ...pk(entityRef, key),
        condition: key,
        state: 'raising',
        severity: options.severity,
        claim,
        claimed_at_ms: now,
      })
      .onConflict(['entity_ref', 'condition_hash'])
      .ignore();
    const row: Row | undefined = await this.db(TABLE)
      .where(pk(entityRef, key))
      .first();
    if (row?.claim === claim) return true;
    // Held by a replica that stopped mid-send: whichever update lands takes it over.
    const taken = await this.db(TABLE)
      .where({ ...pk(entityRef, key), state: 'raising' })
      .where('claimed_at_ms', '<', now - options.leaseMs)
      .update({ claim, claimed_at_ms: now });
    return taken > 0;
  }

  /** The condition's notification was sent: it stays open until resolved. */
  async confirmRaised(entityRef: string, key: string, claim: string) {
    await this.db(TABLE)
      .where({ ...pk(entityRef, key), claim, state: 'raising' })
      .update({ state: 'raised' });
  }

  /** The send failed: the next evaluation tries again. */
  async releaseRaise(entityRef: string, key: string, claim: string) {
    await this.db(TABLE)
      .where({ ...pk(entityRef, key), claim, state: 'raising' })
      .delete();
  }

  /** True when this claim holds the gone condition, to send that it is resolved. */
  async claimResolve(options: {
    entityRef: string;
    key: string;
    claim: string;
    now: number;
    leaseMs: number;
  }): Promise<boolean> {
    const { entityRef, key, claim, now } = options;
    const updated = await this.db(TABLE)
      .where(pk(entityRef, key))
      .where(q =>
        q
          .where('state', 'raised')
          .orWhere(old =>
            old
              .where('state', 'resolving')
              .where('claimed_at_ms', '<', now - options.leaseMs),
          ),
      )
      .update({ state: 'resolving', claim, claimed_at_ms: now });
    return updated > 0;
  }

  /** "Resolved" was sent: the condition is closed, and may be raised again later. */
  async confirmResolved(entityRef: string, key: string, claim: string) {
    await this.db(TABLE)
      .where({ ...pk(entityRef, key), claim, state: 'resolving' })
      .delete();
  }

  /** The send failed: the condition stays open and the next evaluation tries again. */
  async releaseResolve(entityRef: string, key: string, claim: string) {
    await this.db(TABLE)
      .where({ ...pk(entityRef, key), claim, state: 'resolving' })
      .update({ state: 'raised' });
  }

  /** Forgets a claim abandoned mid-send whose condition is gone. */
  async drop(entityRef: string, key: string, claimedAtMs: number) {
    await this.db(TABLE)
      .where({ ...pk(entityRef, key), state: 'raising' })
      .where('claimed_at_ms', claimedAtMs)
      .delete();
  }

  /** Forgets every condition of an entity that is no longer audited (left the catalog). */
  async forgetEntity(entityRef: string) {
    await this.db(TABLE).where('entity_ref', entityRef).delete();
  }
}
