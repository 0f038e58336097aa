import fc from 'fast-check';
import {
  describePullStatus,
  WorkloadStatus,
} from '@ecr-access/plugin-ecr-access-common';
import { aggregateEntityStatus } from './aggregate';
import { classifyCluster } from './classify';
import { CLASSIFY_FIXTURES } from './__fixtures__/classify';
import { hoursAgo, NOW } from './__fixtures__/classify.builders';
import { DELETE, Json, mutate, paths } from './classify.mutations';

/*
 * "A sentence that never contradicts health" (issue #14), over statuses the engine makes
 * from the fixture worlds with domain-shaped edits: times moved, trust and policies swapped,
 * the cluster's pull mode flipped, objects removed.
 */
const DOMAIN_VALUES: Array<Json | typeof DELETE> = [
  DELETE,
  'service-account-token',
  'node-role',
  'shop-staging',
  'ecr:*',
  'ecr:PutImage',
  's3:GetObject',
  '*',
  'Deny',
  'arn:aws:iam::111122223333:role/missing',
  hoursAgo(1),
  hoursAgo(11),
  hoursAgo(30),
  hoursAgo(400),
  true,
  false,
  [],
];

const editedWorld = fc
  .record({
    fixture: fc.nat(CLASSIFY_FIXTURES.length - 1),
    edits: fc.array(
      fc.record({
        at: fc.nat(),
        value: fc.constantFrom(...DOMAIN_VALUES),
      }),
      { maxLength: 4 },
    ),
  })
  .map(({ fixture, edits }) => {
    const f = CLASSIFY_FIXTURES[fixture];
    let world: Json = { snapshot: f.snapshot, iam: f.iam };
    for (const edit of edits) {
      const all = paths(world).filter(p => p.length > 1);
      world = mutate(world, all[edit.at % all.length], edit.value);
    }
    return world as { snapshot: never; iam: never };
  });

/** Sentences that say a mechanism works. */
const WORKING = [
  /^Pulls use IRSA/,
  /^Pulls use the node role/,
  /^Pulls use the Fargate/,
  /^Pulls are anonymous/,
];

function tellsAnError(w: WorkloadStatus, sentence: string): boolean {
  return w.findings.some(
    f =>
      f.severity === 'error' &&
      (sentence.includes(f.message) ||
        (f.code === 'SECRET_EXPIRED' && sentence.includes('expired'))),
  );
}

function expectSentencesAgreeWithHealth(statuses: WorkloadStatus[]) {
  for (const w of statuses) {
    const sentence = describePullStatus(w, NOW);
    const primary = w.containers.find(c => !c.init) ?? w.containers[0];
    if (w.health === 'error') expect(tellsAnError(w, sentence)).toBe(true);
    if (primary?.health === 'error' && primary.pullAuth === w.pullAuth) {
      for (const claim of WORKING) expect(sentence).not.toMatch(claim);
    }
    if (w.health === 'ok' || w.health === 'warning') {
      expect(sentence).not.toMatch(/ fail: |whether it can pull is unknown/);
    }
  }
}

describe('the sentence never contradicts health', () => {
  it('holds for every fixture as written', () => {
    const statuses = CLASSIFY_FIXTURES.flatMap(f =>
      classifyCluster(f.snapshot, f.iam, NOW),
    );
    // Not vacuous: the fixtures hold every health, errors among them.
    expect(new Set(statuses.map(s => s.health))).toEqual(
      new Set(['ok', 'warning', 'error', 'unknown']),
    );
    expectSentencesAgreeWithHealth(statuses);
  });

  it('holds for worlds with domain-shaped edits', () => {
    const property = fc.property(editedWorld, world =>
      expectSentencesAgreeWithHealth(
        classifyCluster(world.snapshot, world.iam, NOW),
      ),
    );
    expect(() => fc.assert(property, { numRuns: 500 })).not.toThrow();
  });

  it('an error entity names an error', () => {
    fc.assert(
      fc.property(editedWorld, world => {
        const workloads = classifyCluster(world.snapshot, world.iam, NOW);
        const status = aggregateEntityStatus({
          entityRef: 'component:default/web',
          workloads,
          clusters: [],
          now: NOW,
        });
        if (status.health !== 'error') return;
        const sentence = describePullStatus(status, NOW);
        expect(workloads.some(w => tellsAnError(w, sentence))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
