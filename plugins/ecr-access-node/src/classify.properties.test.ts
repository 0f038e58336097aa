import fc from 'fast-check';
import {
  severityToHealth,
  WorkloadStatus,
  worstHealth,
} from '@ecr-access/plugin-ecr-access-common';
import { classifyCluster } from './classify';
import { aggregateEntityStatus } from './aggregate';
import { CLASSIFY_FIXTURES } from './__fixtures__/classify';
import { NOW } from './__fixtures__/classify.builders';
import { DELETE, Json, mutate, paths } from './classify.mutations';

/** A fixture world with some fields removed or replaced by arbitrary values. */
const halfBrokenWorld = fc
  .record({
    fixture: fc.nat(CLASSIFY_FIXTURES.length - 1),
    edits: fc.array(
      fc.record({
        at: fc.nat(),
        value: fc.oneof(fc.constant<typeof DELETE>(DELETE), fc.anything()),
      }),
      { maxLength: 6 },
    ),
  })
  .map(({ fixture, edits }) => {
    const f = CLASSIFY_FIXTURES[fixture];
    let world: Json = {
      snapshot: structuredClone(f.snapshot),
      iam: structuredClone(f.iam),
    };
    for (const edit of edits) {
      const all = paths(world).filter(p => p.length > 1);
      if (all.length === 0) break;
      world = mutate(world, all[edit.at % all.length], edit.value);
    }
    const w = (world ?? {}) as { snapshot?: unknown; iam?: unknown };
    return { snapshot: w.snapshot, iam: w.iam };
  });

const anyWorld = fc.record({ snapshot: fc.anything(), iam: fc.anything() });

function classify(world: {
  snapshot: unknown;
  iam: unknown;
}): WorkloadStatus[] {
  return classifyCluster(world.snapshot as never, world.iam as never, NOW);
}

function checkHealthIsWorstFinding(statuses: WorkloadStatus[]) {
  for (const s of statuses) {
    expect(s.health).toBe(
      worstHealth(s.findings.map(f => severityToHealth(f.severity))),
    );
    for (const c of s.containers) {
      expect(c.health).toBe(
        worstHealth(c.findings.map(f => severityToHealth(f.severity))),
      );
      for (const f of c.findings) expect(s.findings).toContainEqual(f);
    }
    // An unknown mechanism always says why.
    if (s.pullAuth === 'unknown')
      expect(['unknown', 'error']).toContain(s.health);
  }
}

describe('classifier properties', () => {
  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(anyWorld, world => {
        expect(Array.isArray(classify(world))).toBe(true);
      }),
    );
  });

  it('never throws on half-missing or mistyped objects', () => {
    fc.assert(
      fc.property(halfBrokenWorld, world => {
        expect(Array.isArray(classify(world))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on workload lists of arbitrary items', () => {
    fc.assert(
      fc.property(
        fc.array(fc.anything(), { maxLength: 4 }),
        fc.array(fc.anything(), { maxLength: 4 }),
        (deployments, serviceAccounts) => {
          const f = CLASSIFY_FIXTURES[0];
          const statuses = classify({
            snapshot: { ...f.snapshot, deployments, serviceAccounts },
            iam: f.iam,
          });
          expect(statuses).toHaveLength(deployments.length);
        },
      ),
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(halfBrokenWorld, world => {
        const copy = structuredClone(world);
        expect(classify(copy)).toEqual(classify(world));
      }),
      { numRuns: 100 },
    );
  });

  it('reports health as the worst finding severity', () => {
    const property = fc.property(fc.oneof(halfBrokenWorld, anyWorld), world =>
      checkHealthIsWorstFinding(classify(world)),
    );
    expect(() => fc.assert(property, { numRuns: 300 })).not.toThrow();
  });

  it('aggregates to the worst finding severity, never throwing', () => {
    fc.assert(
      fc.property(
        halfBrokenWorld,
        fc.array(fc.record({ cluster: fc.string(), reachable: fc.boolean() })),
        (world, clusters) => {
          const status = aggregateEntityStatus({
            entityRef: 'component:default/web',
            workloads: classify(world),
            clusters,
            now: NOW,
          });
          const fromFindings = status.findings.map(f =>
            severityToHealth(f.severity),
          );
          // Nothing read anywhere is "not yet checked": unknown, never ok.
          expect(status.health).toBe(
            worstHealth(
              status.checked === false
                ? [...fromFindings, 'unknown']
                : fromFindings,
            ),
          );
          expect(status.checked).toBe(
            status.workloads.length > 0 || clusters.some(c => c.reachable),
          );
          expect(status.stale).toBe(clusters.some(c => !c.reachable));
        },
      ),
      { numRuns: 100 },
    );
  });
});
