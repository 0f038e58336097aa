import { pullSecretWithHosts, secretMetadata } from './pullSecretHosts';
import { secretMetadataOnly } from './listAll';

const TOKEN = 'c2VjcmV0LXRva2VuLWNhbmFyeQ==';
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64');
const dockerconfigjson = {
  key: 'secrets' as const,
  path: '/api/v1/secrets',
  fieldSelector: 'type=kubernetes.io/dockerconfigjson',
};
const dockercfg = {
  ...dockerconfigjson,
  fieldSelector: 'type=kubernetes.io/dockercfg',
};
const metadata = {
  name: 'regcred',
  namespace: 'shop',
  annotations: {
    team: 'shop',
    // What `kubectl apply` of a Secret leaves behind: the whole manifest, data included.
    'kubectl.kubernetes.io/last-applied-configuration': `{"data":{"token":"${TOKEN}"}}`,
  },
};

describe('pullSecretWithHosts', () => {
  it('keeps the auths keys of .dockerconfigjson and drops the data', () => {
    const item = {
      metadata,
      data: {
        '.dockerconfigjson': b64({
          auths: {
            'https://111122223333.dkr.ecr.us-east-1.amazonaws.com': {
              password: TOKEN,
            },
          },
        }),
      },
    };
    const kept = pullSecretWithHosts(item, dockerconfigjson);
    expect(kept).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'kubernetes.io/dockerconfigjson',
      metadata: {
        name: 'regcred',
        namespace: 'shop',
        annotations: { team: 'shop' },
      },
      hosts: ['https://111122223333.dkr.ecr.us-east-1.amazonaws.com'],
    });
    expect(JSON.stringify(kept)).not.toContain(TOKEN);
  });

  it('reads the top-level keys of a legacy .dockercfg', () => {
    const item = {
      metadata,
      data: { '.dockercfg': b64({ 'quay.io': { auth: TOKEN } }) },
    };
    expect(pullSecretWithHosts(item, dockercfg)).toMatchObject({
      hosts: ['quay.io'],
    });
  });

  it('leaves hosts unknown when the config cannot be parsed', () => {
    for (const data of [
      { '.dockerconfigjson': 'bm90IGpzb24=' },
      {},
      undefined,
    ]) {
      const kept = pullSecretWithHosts(
        { metadata, data },
        dockerconfigjson,
      ) as object;
      expect(Object.keys(kept)).not.toContain('hosts');
    }
  });

  it('drops last-applied-configuration from metadata-only reads too', () => {
    expect(
      JSON.stringify(secretMetadataOnly({ metadata }, dockerconfigjson)),
    ).not.toContain(TOKEN);
    expect(secretMetadata(undefined)).toBeUndefined();
  });
});
