import {
  jsonPatch,
  JsonPatchError,
  mergePatch,
  strategicMergePatch,
} from './patch';
import { matchesLabels, parseLabelSelector } from './selectors';

describe('patches', () => {
  const sa = {
    metadata: {
      name: 'x',
      annotations: { a: '1', b: '2' },
      finalizers: ['f1'],
    },
    imagePullSecrets: [{ name: 'one' }, { name: 'two' }],
  };

  it('merge patch replaces lists and deletes on null (RFC 7386)', () => {
    expect(
      mergePatch(sa, {
        metadata: { annotations: { a: null, c: '3' } },
        imagePullSecrets: [{ name: 'three' }],
      }),
    ).toEqual({
      metadata: {
        name: 'x',
        annotations: { b: '2', c: '3' },
        finalizers: ['f1'],
      },
      imagePullSecrets: [{ name: 'three' }],
    });
  });

  it('strategic merge patch merges keyed lists and honours $patch', () => {
    const patched = strategicMergePatch(sa, {
      metadata: { finalizers: ['f2'] },
      imagePullSecrets: [{ name: 'one', $patch: 'delete' }, { name: 'three' }],
    }) as any;
    expect(patched.imagePullSecrets).toEqual([
      { name: 'two' },
      { name: 'three' },
    ]);
    expect(patched.metadata.finalizers).toEqual(['f1', 'f2']);
    const replaced = strategicMergePatch(sa, {
      metadata: { annotations: { $patch: 'replace', z: '9' } },
    }) as any;
    expect(replaced.metadata.annotations).toEqual({ z: '9' });
  });

  it('JSON patch applies operations and reports a missing path (RFC 6902)', () => {
    expect(
      jsonPatch(sa, [
        { op: 'replace', path: '/metadata/annotations/a', value: 'x' },
        { op: 'remove', path: '/imagePullSecrets/0' },
      ]),
    ).toEqual({
      metadata: {
        name: 'x',
        annotations: { a: 'x', b: '2' },
        finalizers: ['f1'],
      },
      imagePullSecrets: [{ name: 'two' }],
    });
    expect(
      jsonPatch(sa, [
        {
          op: 'add',
          path: '/metadata/annotations/eks.amazonaws.com~1role-arn',
          value: 'r',
        },
      ]),
    ).toMatchObject({
      metadata: { annotations: { 'eks.amazonaws.com/role-arn': 'r' } },
    });
    expect(() =>
      jsonPatch(sa, [{ op: 'replace', path: '/metadata/labels/x', value: 1 }]),
    ).toThrow(JsonPatchError);
    expect(() =>
      jsonPatch(sa, [{ op: 'test', path: '/metadata/name', value: 'y' }]),
    ).toThrow('testing value /metadata/name failed');
  });
});

describe('label selectors', () => {
  it('parses set-based requirements with commas inside parentheses', () => {
    const selector = parseLabelSelector('env in (prod, staging),!canary,tier');
    expect(selector).toEqual([
      { key: 'env', op: 'in', values: ['prod', 'staging'] },
      { key: 'canary', op: 'notexists' },
      { key: 'tier', op: 'exists' },
    ]);
    expect(matchesLabels(selector, { env: 'prod', tier: 'web' })).toBe(true);
    expect(
      matchesLabels(selector, { env: 'prod', tier: 'web', canary: 'true' }),
    ).toBe(false);
  });
});
