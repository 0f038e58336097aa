import { FINDING_CODES } from '@ecr-access/plugin-ecr-access-common';
import { classifyCluster } from './classify';
import { CLASSIFY_FIXTURES } from './__fixtures__/classify';
import { AGGREGATE_FIXTURES } from './__fixtures__/aggregate';
import { aggregateEntityStatus } from './aggregate';
import { NOW } from './__fixtures__/classify.builders';

/** Every case with the codes it actually produces, computed (not copied from the expectations). */
const produced = [
  ...CLASSIFY_FIXTURES.map(f => ({
    name: f.name,
    nearMissOf: f.nearMissOf ?? [],
    codes: new Set(
      classifyCluster(f.snapshot, f.iam, NOW).flatMap(w =>
        w.findings.map(x => x.code),
      ),
    ),
  })),
  ...AGGREGATE_FIXTURES.map(f => ({
    name: f.name,
    nearMissOf: f.nearMissOf ?? [],
    codes: new Set(
      aggregateEntityStatus({
        entityRef: 'x',
        workloads: f.workloads,
        clusters: f.clusters,
        findings: f.findings,
        now: NOW,
      }).findings.map(x => x.code),
    ),
  })),
];

describe('fixture coverage of the finding catalog', () => {
  it.each(FINDING_CODES.map(c => [c]))(
    '%s is produced by a fixture and avoided by a near miss',
    code => {
      expect(
        produced.filter(p => p.codes.has(code)).map(p => p.name),
      ).not.toEqual([]);
      const nearMisses = produced.filter(p =>
        (p.nearMissOf as string[]).includes(code),
      );
      expect(nearMisses.map(p => p.name)).not.toEqual([]);
      for (const miss of nearMisses)
        expect([miss.name, miss.codes.has(code)]).toEqual([miss.name, false]);
    },
  );
});
