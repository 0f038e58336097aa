import { parseImageRef } from './imageRef';

describe('parseImageRef', () => {
  it.each([
    ['nginx', 'docker.io', 'library/nginx', undefined, undefined],
    ['nginx:1.27', 'docker.io', 'library/nginx', '1.27', undefined],
    ['bitnami/redis:7', 'docker.io', 'bitnami/redis', '7', undefined],
    [
      'index.docker.io/library/nginx',
      'docker.io',
      'library/nginx',
      undefined,
      undefined,
    ],
    ['localhost/app', 'localhost', 'app', undefined, undefined],
    [
      'localhost:5000/team/app:dev',
      'localhost:5000',
      'team/app',
      'dev',
      undefined,
    ],
    ['ghcr.io/org/app/sub:v1', 'ghcr.io', 'org/app/sub', 'v1', undefined],
    ['[::1]:5000/app', '[::1]:5000', 'app', undefined, undefined],
    [
      '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop/web:2024-01-01',
      '123456789012.dkr.ecr.us-east-1.amazonaws.com',
      'shop/web',
      '2024-01-01',
      undefined,
    ],
    [
      `quay.io/app:1@sha256:${'a'.repeat(64)}`,
      'quay.io',
      'app',
      '1',
      `sha256:${'a'.repeat(64)}`,
    ],
    [
      `app@sha256:${'b'.repeat(64)}`,
      'docker.io',
      'library/app',
      undefined,
      `sha256:${'b'.repeat(64)}`,
    ],
  ])('%s', (image, registry, repository, tag, digest) => {
    const result = parseImageRef(image);
    expect(result).toEqual({
      ok: true,
      ref: expect.objectContaining({ registry, repository, tag, digest }),
    });
  });

  it('normalises docker.io defaults', () => {
    const r = parseImageRef('nginx:1');
    expect(r.ok && r.ref.normalized).toBe('docker.io/library/nginx:1');
  });

  it.each([
    [''],
    ['   '],
    ['upper/case/Bad'],
    ['nginx:'],
    ['nginx@sha256:zz'],
    ['host:notaport/app'],
    ['a b'],
    ['app//x'],
    ['-bad.example.com/app'],
  ])('rejects %j with a reason', image => {
    const result = parseImageRef(image);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.length).toBeGreaterThan(5);
  });

  it.each([[undefined], [42], [{}], [null]])('rejects non-strings (%j)', v => {
    expect(parseImageRef(v).ok).toBe(false);
  });
});
