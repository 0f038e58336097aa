import {
  auditResponseSchema,
  auditRunsResponseSchema,
  entityStatusResponseSchema,
  historyResponseSchema,
  refreshResponseSchema,
} from '@ecr-access/plugin-ecr-access-common';
import { z as z3 } from 'zod/v3';
import { z } from 'zod/v4';
import { workload } from '../__fixtures__/workloads';
import { toZodV3, toZodV3Object } from './zodV3';

const status = {
  entityRef: 'component:default/shop',
  health: 'error',
  mechanisms: ['static-secret'],
  runtimeIdentities: ['none'],
  workloads: [
    workload({
      cluster: 'prod',
      name: 'shop',
      pullAuth: 'static-secret',
      findings: ['SECRET_EXPIRED'],
    }),
  ],
  findings: [],
  clusters: [{ cluster: 'prod', reachable: false, error: 'timeout' }],
  checkedAt: '2026-11-23T10:00:00.000Z',
  stale: true,
  checked: true,
  summary: 'Pulls use a static secret',
};

describe('toZodV3', () => {
  it("converts every response schema of -common's contract", () => {
    for (const schema of [
      entityStatusResponseSchema,
      refreshResponseSchema,
      historyResponseSchema,
      auditResponseSchema,
      auditRunsResponseSchema,
    ]) {
      expect(() => toZodV3Object(schema, z3)).not.toThrow();
    }
  });

  it('parses what the zod 4 schema parses to the same value', () => {
    const v3 = toZodV3Object(entityStatusResponseSchema, z3);
    expect(entityStatusResponseSchema.parse(status)).toEqual(status);
    expect(v3.parse(status)).toEqual(status);
  });

  it('rejects what the zod 4 schema rejects, and drops keys the contract does not name', () => {
    const v3 = toZodV3Object(entityStatusResponseSchema, z3);
    expect(v3.safeParse({ ...status, health: 'fine' }).success).toBe(false);
    expect(v3.safeParse({ ...status, stale: 'yes' }).success).toBe(false);
    const extra = {
      ...status,
      token: 'x',
      clusters: [{ ...status.clusters[0], url: 'https://10.0.0.1' }],
    };
    expect(v3.parse(extra)).toEqual(status);
  });

  it('keeps the descriptions, which the registry turns into the JSON Schema an assistant reads', () => {
    const v3 = toZodV3Object(entityStatusResponseSchema, z3);
    expect(v3.description).toBe(entityStatusResponseSchema.description);
    for (const key of ['summary', 'health', 'mechanisms', 'stale'] as const) {
      expect(v3.shape[key].description).toBe(
        entityStatusResponseSchema.shape[key].description,
      );
    }
    expect(v3.shape.summary.description).toMatch(/One sentence/);
  });

  it('counts: whole numbers stay whole, records keep their keys', () => {
    const counts = toZodV3(auditResponseSchema.shape.summary, z3);
    expect(
      counts.parse({ byMechanism: { 'node-role': 2 }, byHealth: {} }),
    ).toEqual({ byMechanism: { 'node-role': 2 }, byHealth: {} });
    expect(
      counts.safeParse({ byMechanism: { 'node-role': 1.5 }, byHealth: {} })
        .success,
    ).toBe(false);
    expect(
      counts.safeParse({ byMechanism: { password: 1 }, byHealth: {} }).success,
    ).toBe(false);
  });

  it("unions: a sentence's parts, words or an age kept as its instant", () => {
    const parts = toZodV3(
      auditResponseSchema.shape.items.element.shape.summaryParts,
      z3,
    );
    const sentence = [
      'Pulls with a static secret that ',
      { at: '2026-12-03T18:00:00.000Z', form: 'expires' },
      '.',
    ];
    expect(parts.parse(sentence)).toEqual(sentence);
    expect(parts.safeParse([{ at: '2026-12-03T18:00:00.000Z' }]).success).toBe(
      false,
    );
    expect(parts.safeParse([42]).success).toBe(false);
  });

  it('names a kind of schema it has no form for', () => {
    expect(() => toZodV3(z.date(), z3)).toThrow(/zod 4 'date' schema/);
  });
});
