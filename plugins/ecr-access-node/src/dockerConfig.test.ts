import {
  ecrTokenTimes,
  parseDockerConfigHosts,
  secretHostMatchesImage,
  secretLastWrite,
} from './dockerConfig';
import { ImageRef, parseImageRef } from './imageRef';
import {
  argoTrackingEntry,
  clientSideApplyEntry,
  createdEntry,
  entryWithoutFields,
  labelEntry,
  serverSideApplyEntry,
} from './__fixtures__/managedFields';

function ref(image: string): ImageRef {
  const r = parseImageRef(image);
  if (!r.ok) throw new Error(r.error);
  return r.ref;
}

const ECR = '123456789012.dkr.ecr.us-east-1.amazonaws.com';

describe('parseDockerConfigHosts', () => {
  it('reads auths keys from JSON text or objects', () => {
    expect(
      parseDockerConfigHosts(
        JSON.stringify({ auths: { [ECR]: { auth: 'x' } } }),
      ),
    ).toEqual({
      ok: true,
      hosts: [ECR],
    });
    expect(
      parseDockerConfigHosts({ auths: { 'https://ghcr.io': {} } }),
    ).toEqual({
      ok: true,
      hosts: ['https://ghcr.io'],
    });
  });

  it('reads legacy .dockercfg top-level keys', () => {
    expect(parseDockerConfigHosts({ 'quay.io': {} })).toEqual({
      ok: true,
      hosts: ['quay.io'],
    });
  });

  it.each([
    ['{not json'],
    ['[]'],
    ['"x"'],
    [JSON.stringify({ auths: [1] })],
    [null],
  ])('reports broken config %j', text => {
    const r = parseDockerConfigHosts(text);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/dockerconfigjson/);
  });
});

describe('secretHostMatchesImage', () => {
  it.each([
    [ECR, `${ECR}/shop/web:1`, true],
    [`https://${ECR}`, `${ECR}/shop/web:1`, true],
    [`https://${ECR}/v2/`, `${ECR}/shop/web:1`, true],
    [`*.dkr.ecr.us-east-1.amazonaws.com`, `${ECR}/shop/web:1`, true],
    [`*.dkr.ecr.*.amazonaws.com`, `${ECR}/shop/web:1`, true],
    [`*.dkr.ecr.us-*-1.amazonaws.com`, `${ECR}/shop/web:1`, true],
    [`*.dkr.ecr.eu-*.amazonaws.com`, `${ECR}/shop/web:1`, false],
    [`${ECR}/shop`, `${ECR}/shop/web:1`, true],
    [`${ECR}/other`, `${ECR}/shop/web:1`, false],
    [
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
      `${ECR}/shop/web:1`,
      false,
    ],
    ['*.amazonaws.com', `${ECR}/shop/web:1`, false],
    ['https://index.docker.io/v1/', 'nginx', true],
    ['docker.io', 'bitnami/redis', true],
    ['localhost:5000', 'localhost:5000/app', true],
    ['localhost', 'localhost:5000/app', false],
    ['ghcr.io', 'quay.io/app', false],
  ])('%s for %s: %s', (key, image, expected) => {
    expect(secretHostMatchesImage(key, ref(image))).toBe(expected);
  });
});

describe('secret last write', () => {
  const CREATED = '2026-01-01T00:00:00Z';
  const T20H = '2026-01-01T04:00:00Z';
  const LATER = '2026-01-02T00:00:00Z';
  const withFields = (managedFields?: unknown[]) => ({
    metadata: { creationTimestamp: CREATED, managedFields },
  });

  it.each([
    ['kubectl label', labelEntry(LATER)],
    ['an Argo CD tracking annotation', argoTrackingEntry(LATER)],
  ])(
    'dates the token by the entry that owns f:data, not by %s after it',
    (_write, metadataOnly) => {
      expect(
        secretLastWrite(withFields([createdEntry(T20H), metadataOnly])),
      ).toEqual({ at: Date.parse(T20H), writer: 'kubectl-create' });
    },
  );

  it('takes the newest of the entries that own the data, and its manager', () => {
    expect(
      secretLastWrite(
        withFields([
          createdEntry(CREATED),
          clientSideApplyEntry(T20H),
          labelEntry(LATER),
        ]),
      ),
    ).toEqual({ at: Date.parse(T20H), writer: 'kubectl-client-side-apply' });
  });

  it.each([['data'], ['stringData']] as const)(
    'counts a server-side apply of %s',
    field => {
      expect(
        secretLastWrite(
          withFields([
            createdEntry(CREATED),
            serverSideApplyEntry(T20H, field),
            argoTrackingEntry(LATER),
          ]),
        ),
      ).toEqual({ at: Date.parse(T20H), writer: 'kubectl' });
    },
  );

  it('skips an entry whose time cannot be read', () => {
    expect(
      secretLastWrite(
        withFields([createdEntry(T20H), createdEntry('not a time', 'broken')]),
      ),
    ).toEqual({ at: Date.parse(T20H), writer: 'kubectl-create' });
  });

  it.each([
    ['no managedFields', undefined],
    ['only entries without their field set', [entryWithoutFields(LATER)]],
    ['only metadata-only writes', [labelEntry(LATER)]],
    [
      'a field set in another format',
      [{ ...createdEntry(LATER), fieldsType: 'FieldsV2' }],
    ],
  ])('falls back to creationTimestamp with %s', (_case, managedFields) => {
    expect(secretLastWrite(withFields(managedFields))).toEqual({
      at: Date.parse(CREATED),
    });
  });

  it('knows nothing without metadata', () => {
    expect(secretLastWrite({})).toEqual({});
    expect(secretLastWrite(null)).toEqual({});
  });

  it('computes age and a 12-hour expiry', () => {
    const times = ecrTokenTimes(
      { metadata: { creationTimestamp: '2026-01-01T00:00:00Z' } },
      new Date('2026-01-01T05:00:00Z'),
    );
    expect(times.ageMs).toBe(5 * 3600_000);
    expect(times.expiresAt).toBe(Date.parse('2026-01-01T12:00:00Z'));
  });
});
