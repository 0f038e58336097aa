import { randomUUID } from 'node:crypto';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { NotificationPayload } from '@backstage/plugin-notifications-common';
import type { EcrAccessStore } from '../database';
import { readCandidates } from './candidates';
import { conditionsAt } from './conditions';
import { decide, type Decision, type OpenCondition } from './decide';
import type { NotificationLedger } from './NotificationLedger';
import { raisedPayload, resolvedPayload } from './notificationPayloads';
import type { NotifyOptions } from './notifyConfig';
import { notifyFactsOf, type NotifyFacts } from './notifyFacts';

/** A replica that claimed a notification and stopped before sending it: taken over after. */
const DEFAULT_LEASE_MS = 5 * 60_000;
/** Facts kept between evaluations are read again after this, changed or not. */
const FACTS_MAX_AGE_MS = 10 * 60_000;

export interface OwnerNotifierOptions {
  store: EcrAccessStore;
  ledger: NotificationLedger;
  notifications: NotificationService;
  options: Pick<NotifyOptions, 'expiryWindowMs' | 'severities'>;
  /** The clock: tests move it. */
  now?: () => Date;
  leaseMs?: number;
}

/** What one evaluation sent. */
export interface NotifyRun {
  raised: number;
  resolved: number;
}

/** Thrown when the notifications backend refused or did not answer: the rest waits. */
export class NotificationSendError extends Error {}

/**
 * Tells the owners of each entity about its conditions (see `conditions.ts`), from the
 * stored statuses and the clock: one notification per entity and condition until it clears,
 * and one when it does, sent by whichever replica's claim lands in the ledger.
 */
export class OwnerNotifier {
  private readonly facts = new Map<
    string,
    { digest: string; readAt: number; facts: NotifyFacts }
  >();
  private readonly now: () => Date;
  private readonly leaseMs: number;

  constructor(private readonly o: OwnerNotifierOptions) {
    this.now = o.now ?? (() => new Date());
    this.leaseMs = o.leaseMs ?? DEFAULT_LEASE_MS;
  }

  async evaluate(): Promise<NotifyRun> {
    const now = this.now().getTime();
    const candidates = await readCandidates(this.o.store);
    const open = new Map<string, OpenCondition[]>();
    for (const o of await this.o.ledger.listOpen()) {
      open.set(o.entityRef, [...(open.get(o.entityRef) ?? []), o]);
    }
    for (const ref of this.facts.keys()) {
      if (!candidates.has(ref)) this.facts.delete(ref);
    }
    const run: NotifyRun = { raised: 0, resolved: 0 };
    const refs = new Set([...candidates.keys(), ...open.keys()]);
    for (const ref of refs) {
      const facts = await this.factsOf(ref, candidates.get(ref), now);
      if (!facts) {
        // No longer audited (it left the catalog): nobody is left to tell.
        await this.o.ledger.forgetEntity(ref);
        continue;
      }
      const decision = decide({
        conditions: conditionsAt(facts, now, this.o.options.expiryWindowMs),
        open: open.get(ref) ?? [],
        severities: this.o.options.severities,
        now,
        leaseMs: this.leaseMs,
      });
      await this.apply(facts, decision, now, run);
    }
    return run;
  }

  private async factsOf(
    ref: string,
    digest: string | undefined,
    now: number,
  ): Promise<NotifyFacts | undefined> {
    const kept = this.facts.get(ref);
    if (
      kept &&
      digest === kept.digest &&
      now - kept.readAt < FACTS_MAX_AGE_MS
    ) {
      return kept.facts;
    }
    const stored = await this.o.store.getEntityStatus(ref);
    if (!stored) return undefined;
    const facts = notifyFactsOf(stored.status, stored.summary);
    if (digest !== undefined)
      this.facts.set(ref, { digest, readAt: now, facts });
    return facts;
  }

  private async apply(
    facts: NotifyFacts,
    decision: Decision,
    now: number,
    run: NotifyRun,
  ): Promise<void> {
    const { ledger } = this.o;
    const entityRef = facts.entityRef;
    const claim = randomUUID();
    const lease = { entityRef, claim, now, leaseMs: this.leaseMs };
    for (const condition of decision.raise) {
      const key = condition.key;
      if (
        !(await ledger.claimRaise({
          ...lease,
          key,
          severity: condition.severity,
        }))
      )
        continue;
      const payload = raisedPayload(entityRef, facts.summary, condition);
      await this.sendOrRelease(entityRef, payload, () =>
        ledger.releaseRaise(entityRef, key, claim),
      );
      await ledger.confirmRaised(entityRef, key, claim);
      run.raised += 1;
    }
    for (const { key } of decision.resolve) {
      if (!(await ledger.claimResolve({ ...lease, key }))) continue;
      const payload = resolvedPayload(entityRef, facts.summary, key);
      await this.sendOrRelease(entityRef, payload, () =>
        ledger.releaseResolve(entityRef, key, claim),
      );
      await ledger.confirmResolved(entityRef, key, claim);
      run.resolved += 1;
    }
    for (const dropped of decision.drop) {
      await ledger.drop(entityRef, dropped.key, dropped.claimedAtMs);
    }
  }

  private async sendOrRelease(
    entityRef: string,
    payload: NotificationPayload,
    release: () => Promise<void>,
  ): Promise<void> {
    try {
      // The entity itself: the notifications backend sends to its owner (a group's
      // members, or the owning user).
      await this.o.notifications.send({
        recipients: { type: 'entity', entityRef },
        payload,
      });
    } catch (error) {
      await release();
      throw new NotificationSendError(
        `could not send the notification about ${entityRef}: ${
          (error as Error).message
        }`,
      );
    }
  }
}
