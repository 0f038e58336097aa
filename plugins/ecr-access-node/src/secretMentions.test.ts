import { registryHelperCronJob } from './__fixtures__/classify.secrets';
import {
  findSecretMentions,
  referencedConfigMaps,
  refresherPodSpec,
  secretMentionsIn,
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
/** The registry its --docker-server names (as written), with the ConfigMap's account and region. */
const registries = ['https://111122223333.dkr.ecr.us-east-1.amazonaws.com'];

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
        registries,
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
        registries,
      },
      {
        secret: 'regcred',
        source: 'envFrom',
        configMap: 'ecr-registry-helper-cm',
        registries,
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

  it('records the ECR registry it writes the secret for, only from values it was given', () => {
    const mentions = (spec: unknown, cm = configMaps) =>
      findSecretMentions(spec, ['regcred'], cm).map(m => m.registries);
    expect(mentions(podSpec())).toEqual([registries]);
    // Another account in the ConfigMap: that account's registry.
    const central = () => ({ ...helperCm, AWS_ACCOUNT: '999988887777' });
    expect(mentions(podSpec(), central)).toEqual([
      ['https://999988887777.dkr.ecr.us-east-1.amazonaws.com'],
    ]);
    // A Secret loaded after the ConfigMap may set AWS_ACCOUNT (the last source wins).
    const spec = podSpec();
    const c = (spec!.containers as any[])[0];
    const secretLast = {
      ...spec,
      containers: [{ ...c, envFrom: [...c.envFrom].reverse() }],
    };
    expect(mentions(secretLast)).toEqual([undefined]);
    // The engine's own pass, after the collector dropped the values: nothing claimed.
    expect(
      secretMentionsIn(podSpec('env'), ['regcred'], { withheld: true }),
    ).toEqual([{ secret: 'regcred', source: 'env' }]);
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

describe('names built from variables', () => {
  const BUILT = 'us-east-1-ecr-registry-credentials';
  const spec = (
    script: string,
    env: object[] = [],
    envFrom: object[] = [],
  ) => ({
    containers: [
      { name: 'c', command: ['/bin/sh', '-c', script], env, envFrom },
    ],
  });
  const gist = 'SECRET_NAME=${AWS_REGION}-ecr-registry-credentials';
  const region = (value: string) => [{ name: 'AWS_REGION', value }];
  const fromSecret = [
    {
      name: 'AWS_REGION',
      valueFrom: { secretKeyRef: { name: 'aws', key: 'AWS_REGION' } },
    },
  ];
  const fromCm = [
    {
      name: 'AWS_REGION',
      valueFrom: { configMapKeyRef: { name: 'cm', key: 'region' } },
    },
  ];
  const names = (pod: unknown, secrets: string[], cm?: object) =>
    findSecretMentions(pod, secrets, n =>
      n === 'cm' ? (cm as Record<string, string>) : undefined,
    ).map(m => `${m.secret} ${m.source}`);

  it('the ecr-registry-credentials gist: exactly, when the env value is known', () => {
    expect(names(spec(gist, region('us-east-1')), [BUILT])).toEqual([
      `${BUILT} command`,
    ]);
    expect(names(spec(gist, region('eu-west-1')), [BUILT])).toEqual([]);
    expect(
      names(spec(gist, region('eu-west-1')), [
        'eu-west-1-ecr-registry-credentials',
      ]),
    ).toEqual(['eu-west-1-ecr-registry-credentials command']);
  });

  it('exactly from a ConfigMap the container loads (configMapKeyRef, envFrom with prefix)', () => {
    expect(names(spec(gist, fromCm), [BUILT], { region: 'us-east-1' })).toEqual(
      [`${BUILT} command`],
    );
    expect(names(spec(gist, fromCm), [BUILT], { region: 'eu-west-1' })).toEqual(
      [],
    );
    const envFrom = [{ configMapRef: { name: 'cm' }, prefix: 'AWS_' }];
    expect(
      names(spec(gist, [], envFrom), [BUILT], { REGION: 'us-east-1' }),
    ).toEqual([`${BUILT} command`]);
    expect(
      names(spec(gist, [], envFrom), [BUILT], { REGION: 'eu-west-1' }),
    ).toEqual([]);
    // env overrides envFrom (Kubernetes: env takes precedence).
    expect(
      names(spec(gist, region('eu-west-1'), envFrom), [BUILT], {
        REGION: 'us-east-1',
      }),
    ).toEqual([]);
  });

  it('by its distinctive suffix or prefix when a value is unknown', () => {
    expect(names(spec(gist, fromSecret), [BUILT])).toEqual([
      `${BUILT} command`,
    ]);
    // Unread ConfigMap, shell variable, image environment: unknown.
    expect(names(spec(gist, fromCm), [BUILT])).toEqual([`${BUILT} command`]);
    expect(names(spec(gist), [BUILT])).toEqual([`${BUILT} command`]);
    expect(
      names(
        spec(
          'kubectl create secret docker-registry $REGION-ecr-registry-credentials',
        ),
        [BUILT],
      ),
    ).toEqual([`${BUILT} command`]);
    expect(
      names(spec('NAME="ecr-pull-${ENVIRONMENT}"'), [
        'ecr-pull-prod',
        'ecr-pull',
      ]),
    ).toEqual(['ecr-pull-prod command']);
    // Kubernetes' own $(VAR) expansion in args.
    expect(
      names(
        {
          containers: [
            { args: ['--secret=$(CLUSTER)-ecr-registry-credentials'] },
          ],
        },
        ['blue-ecr-registry-credentials'],
      ),
    ).toEqual(['blue-ecr-registry-credentials args']);
  });

  it('never by a short or generic part alone', () => {
    for (const script of [
      'kubectl create secret docker-registry ${APP}-cred',
      'kubectl create secret docker-registry ${APP}-secret',
      'kubectl create secret docker-registry $APP-creds',
      'kubectl create secret docker-registry ${PREFIX}ecrcreds',
      'kubectl create secret docker-registry ${A}-${B}',
    ]) {
      expect(
        names(spec(script), [
          'awsecr-cred',
          'my-secret',
          'shop-creds',
          'xecrcreds',
          'a-b',
        ]),
      ).toEqual([]);
    }
    // A middle literal is anchored nowhere.
    expect(
      names(spec('N=${A}-ecr-registry-credentials-${B}'), [
        'x-ecr-registry-credentials-y',
      ]),
    ).toEqual([]);
  });

  it('never a registry host, and a lone variable only by its own value', () => {
    const server =
      'kubectl create secret docker-registry regcred --docker-server=https://${AWS_ACCOUNT}.dkr.ecr.${AWS_REGION}.amazonaws.com';
    const host = '111122223333.dkr.ecr.us-east-1.amazonaws.com';
    expect(names(spec(server, region('us-east-1')), [host])).toEqual([]);
    expect(
      names(spec(server.replace('https://', ''), region('us-east-1')), [host]),
    ).toEqual([]);
    expect(
      names(
        spec('kubectl create secret docker-registry $NAME', [
          { name: 'NAME', value: 'regcred' },
        ]),
        ['regcred'],
      ),
    ).toEqual(['regcred env']);
  });

  it('leaves a name built from withheld values to the collector', () => {
    // As the collector keeps the CronJob: env values dropped, ConfigMaps not at hand.
    const dropped = spec(gist, [{ name: 'AWS_REGION' }]);
    expect(secretMentionsIn(dropped, [BUILT], { withheld: true })).toEqual([]);
    expect(
      secretMentionsIn(spec(gist, fromCm), [BUILT], { withheld: true }),
    ).toEqual([]);
    const envFrom = [{ configMapRef: { name: 'cm' } }];
    expect(
      secretMentionsIn(spec(gist, [], envFrom), [BUILT], { withheld: true }),
    ).toEqual([]);
    // A Secret's value is never known: the distinctive suffix still names it.
    expect(
      secretMentionsIn(spec(gist, fromSecret), [BUILT], { withheld: true }),
    ).toEqual([{ secret: BUILT, source: 'command' }]);
    // Without `withheld`, a variable set with no value is empty (Kubernetes' default).
    expect(findSecretMentions(dropped, [BUILT])).toEqual([]);
  });
});
