import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { VarValue } from './builtSecretNames';
import { dockerRegistryWrites, registriesWritten } from './refresherRegistries';

const EXAMPLES = path.resolve(__dirname, '../../../examples/kubernetes');

/** The script of the CronJob of an example manifest, as its users write it. */
function cronJobScript(file: string): string {
  const docs = parseAllDocuments(
    readFileSync(path.join(EXAMPLES, file), 'utf8'),
  )
    .map(d => d.toJS())
    .filter(d => d?.kind === 'CronJob');
  const container = docs[0].spec.jobTemplate.spec.template.spec.containers[0];
  return container.command[2];
}

const known =
  (values: Record<string, string>, other: VarValue = 'unknown') =>
  (name: string): VarValue =>
    name in values ? { value: values[name] } : other;

/** Seed 002's ConfigMap (ecr-registry-helper-cm), loaded with envFrom. */
const SEED_002_CM = {
  AWS_REGION: 'us-east-1',
  AWS_ACCOUNT: '111122223333',
  DOCKER_SECRET_NAME: 'regcred',
};
const HOST = '111122223333.dkr.ecr.us-east-1.amazonaws.com';

const registries = (
  script: string,
  secret: string,
  env: (name: string) => VarValue = known({}),
) => registriesWritten(dockerRegistryWrites(script, env), secret);

describe('the registry a refresher writes a pull secret for', () => {
  const seed002 = cronJobScript(
    'seed-002-ecr-registry-helper/manifest-ecr-helper.yaml',
  );

  it('seed 002 verbatim: its --docker-server, expanded with its ConfigMap, as written', () => {
    // kubectl writes the flag's value as the secret's auths key, scheme included.
    expect(registries(seed002, 'regcred', known(SEED_002_CM))).toEqual([
      `https://${HOST}`,
    ]);
    expect(
      registries(
        seed002,
        'regcred',
        known({ ...SEED_002_CM, AWS_ACCOUNT: '999988887777' }),
      ),
    ).toEqual(['https://999988887777.dkr.ecr.us-east-1.amazonaws.com']);
    // Another secret: seed 002 does not write it.
    expect(registries(seed002, 'other', known(SEED_002_CM))).toBeUndefined();
  });

  it('claims nothing while any variable of the host or the name is not known', () => {
    const { AWS_ACCOUNT, ...noAccount } = SEED_002_CM;
    expect(AWS_ACCOUNT).toBeDefined();
    expect(registries(seed002, 'regcred', known(noAccount))).toBeUndefined();
    // Withheld (the engine's pass, after the collector dropped the values).
    expect(
      registries(seed002, 'regcred', known({}, 'withheld')),
    ).toBeUndefined();
    // The name from a Secret: the command may write regcred, with any host.
    const { DOCKER_SECRET_NAME, ...noName } = SEED_002_CM;
    expect(DOCKER_SECRET_NAME).toBe('regcred');
    expect(registries(seed002, 'regcred', known(noName))).toBeUndefined();
  });

  it('reads literal hosts, with or without a scheme, and the flag’s value after a space', () => {
    expect(
      registries(
        cronJobScript('public-cases/node-role/regcred-cronjob-apply.yaml'),
        'regcred',
      ),
    ).toEqual([HOST]);
    expect(
      registries(
        cronJobScript(
          'public-cases/node-role/regcred-cronjob-delete-create-daily.yaml',
        ),
        'regcred',
      ),
    ).toEqual([`https://${HOST}`]);
    expect(
      registries(
        `kubectl create secret docker-registry -n shop regcred --docker-server "https://${HOST}/" --docker-password "$T"`,
        'regcred',
      ),
    ).toEqual([`https://${HOST}/`]);
  });

  it('keeps a port, a path or capitals as written: the kubelet matches the key with them', () => {
    for (const server of [
      `${HOST}:443`,
      `https://${HOST}:443`,
      `${HOST}/other-team`,
      HOST.toUpperCase(),
    ]) {
      const script = `kubectl create secret docker-registry regcred --docker-server=${server}`;
      expect(registries(script, 'regcred')).toEqual([server]);
    }
  });

  it('the ecr-registry-credentials gist: its account from a Secret is never known', () => {
    const gist = cronJobScript(
      'public-cases/node-role/ecr-registry-credentials-cronjob.yaml',
    );
    const env = known({ AWS_REGION: 'us-east-1' });
    expect(
      registries(gist, 'us-east-1-ecr-registry-credentials', env),
    ).toBeUndefined();
    // With the account known, the name built in the script (SECRET_NAME=${AWS_REGION}-…).
    expect(
      registries(
        gist,
        'us-east-1-ecr-registry-credentials',
        known({ AWS_REGION: 'us-east-1', AWS_ACCOUNT: '111122223333' }),
      ),
    ).toEqual([`https://${HOST}`]);
  });

  it('takes a script’s own plain assignment over the environment (the original gist)', () => {
    const script = [
      'ACCOUNT=123456789012',
      'REGION=ap-southeast-2',
      'SECRET_NAME=${REGION}-ecr-registry',
      'TOKEN=`aws ecr --region=$REGION get-authorization-token --output text | base64 -d | cut -d: -f2`',
      'kubectl delete secret --ignore-not-found $SECRET_NAME',
      'kubectl create secret docker-registry $SECRET_NAME \\',
      ' --docker-server=https://${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com \\',
      ' --docker-username=AWS \\',
      ' --docker-password="${TOKEN}"',
    ].join('\n');
    const env = known({ REGION: 'us-east-1', ACCOUNT: '111122223333' });
    expect(registries(script, 'ap-southeast-2-ecr-registry', env)).toEqual([
      'https://123456789012.dkr.ecr.ap-southeast-2.amazonaws.com',
    ]);
    // Set twice, from a command, or after the create: unknown.
    for (const set of [
      'REGION=us-west-2\nREGION=ap-southeast-2',
      'REGION=$(curl -s http://169.254.169.254/latest/meta-data/placement/region)',
      'read REGION',
    ]) {
      const twice = `${set}\nkubectl create secret docker-registry regcred --docker-server=${'${ACCOUNT}'}.dkr.ecr.${'${REGION}'}.amazonaws.com`;
      expect(registries(twice, 'regcred', env)).toBeUndefined();
    }
    const after = `kubectl create secret docker-registry regcred --docker-server=1.dkr.ecr.$REGION.amazonaws.com\nREGION=x`;
    expect(registries(after, 'regcred', env)).toBeUndefined();
  });

  it('keeps ECR Public, whose images the kubelet sends the secret for', () => {
    for (const server of ['public.ecr.aws', 'https://public.ecr.aws/']) {
      const script = `kubectl create secret docker-registry ecr-public --docker-server=${server} --docker-username=AWS --docker-password=$(aws ecr-public get-login-password --region us-east-1)`;
      expect(registries(script, 'ecr-public')).toEqual([server]);
    }
  });

  it('keeps only ECR hosts, never another registry or an unparsed value', () => {
    for (const server of [
      'https://index.docker.io/v1/',
      'ghcr.io',
      '${AWS_SECRET_ACCESS_KEY}',
      '$(aws ecr describe-registry --query registryId)',
      '111122223333.dkr.ecr.us-east-1.amazonaws.com.evil.example',
    ]) {
      const script = `kubectl create secret docker-registry regcred --docker-server=${server}`;
      expect(
        registries(script, 'regcred', known({ AWS_SECRET_ACCESS_KEY: 'x' })),
      ).toBeUndefined();
    }
    // Without --docker-server kubectl writes Docker Hub's host.
    expect(
      registries('kubectl create secret docker-registry regcred', 'regcred'),
    ).toBeUndefined();
  });

  it('gives each secret its own command’s host, and nothing when a command’s name is unknown', () => {
    const two = [
      `kubectl create secret docker-registry use1 --docker-server=${HOST}`,
      'kubectl create secret docker-registry usw2 --docker-server=111122223333.dkr.ecr.us-west-2.amazonaws.com',
    ].join('\n');
    expect(registries(two, 'use1')).toEqual([HOST]);
    expect(registries(two, 'usw2')).toEqual([
      '111122223333.dkr.ecr.us-west-2.amazonaws.com',
    ]);
    const unknownName = `${two}\nkubectl create secret docker-registry $OTHER --docker-server=999988887777.dkr.ecr.us-east-1.amazonaws.com`;
    expect(registries(unknownName, 'use1')).toBeUndefined();
  });

  it('survives malformed scripts', () => {
    for (const script of [
      '',
      'kubectl create secret docker-registry',
      'kubectl create secret docker-registry --docker-server',
      'create secret docker-registry "$(',
      '\\\n\\\n;;&&||',
    ]) {
      expect(() => registries(script, 'regcred')).not.toThrow();
      expect(registries(script, 'regcred')).toBeUndefined();
    }
  });
});
