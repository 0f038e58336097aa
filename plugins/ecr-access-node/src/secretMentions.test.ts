import { registryHelperCronJob } from './classify.fixtures.secrets';
import {
  findSecretMentions,
  referencedConfigMaps,
  refresherPodSpec,
} from './secretMentions';

const podSpec = (nameIn?: 'envFrom' | 'configMapKeyRef' | 'env' | 'args') =>
  refresherPodSpec('CronJob', registryHelperCronJob({ nameIn }));
const helperCm = {
  AWS_REGION: 'us-east-1',
  AWS_ACCOUNT: '111122223333',
  DOCKER_SECRET_NAME: 'regcred',
};
const configMaps = (name: string) =>
  name === 'ecr-registry-helper-cm' ? helperCm : undefined;

describe('findSecretMentions', () => {
  it('finds the name in a ConfigMap loaded with envFrom, never in the envFrom Secret', () => {
    expect(referencedConfigMaps(podSpec())).toEqual(['ecr-registry-helper-cm']);
    expect(
      findSecretMentions(podSpec(), ['regcred', 'other'], configMaps),
    ).toEqual([
      {
        secret: 'regcred',
        source: 'envFrom',
        configMap: 'ecr-registry-helper-cm',
      },
    ]);
    expect(findSecretMentions(podSpec(), ['regcred'])).toEqual([]);
  });

  it('reads only the key a configMapKeyRef names', () => {
    const spec = podSpec('configMapKeyRef');
    expect(findSecretMentions(spec, ['regcred'], configMaps)).toEqual([
      {
        secret: 'regcred',
        source: 'configMapKeyRef',
        configMap: 'ecr-registry-helper-cm',
      },
      {
        secret: 'regcred',
        source: 'envFrom',
        configMap: 'ecr-registry-helper-cm',
      },
    ]);
    const noEnvFrom = {
      ...spec,
      containers: [{ ...(spec!.containers as any[])[0], envFrom: [] }],
    };
    const otherKey = () => ({ DOCKER_SECRET_NAME: 'x', OTHER: 'regcred' });
    expect(findSecretMentions(noEnvFrom, ['regcred'], otherKey)).toEqual([]);
  });

  it('finds the name in args and env values as a whole word only', () => {
    expect(findSecretMentions(podSpec('args'), ['regcred'])).toEqual([
      { secret: 'regcred', source: 'args' },
    ]);
    expect(findSecretMentions(podSpec('env'), ['regcred'])).toEqual([
      { secret: 'regcred', source: 'env' },
    ]);
    expect(
      findSecretMentions(podSpec('args'), ['regcred-old', 'cred']),
    ).toEqual([]);
  });

  it('survives malformed pod specs', () => {
    expect(findSecretMentions(undefined, ['regcred'])).toEqual([]);
    expect(
      findSecretMentions(
        { containers: [null, { env: [null, 3], envFrom: 'x' }] },
        ['regcred'],
      ),
    ).toEqual([]);
    expect(referencedConfigMaps({ containers: 'x' })).toEqual([]);
  });
});
