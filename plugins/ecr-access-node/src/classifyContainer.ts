import {
  ContainerStatus,
  createFinding,
  Finding,
  PullAuth,
  severityToHealth,
  worstHealth,
} from '@ecr-access/plugin-ecr-access-common';
import { ecrRepositoryArn, EcrHost, parseEcrHost } from './ecrHost';
import { ECR_TOKEN_LIFETIME_MS, ecrTokenTimes } from './dockerConfig';
import { ImageRef, parseImageRef } from './imageRef';
import { asRecord, asString } from './k8sTypes';
import {
  findRefresher,
  refresherFindings,
  summarizeRefresher,
} from './refreshers';
import {
  anyRolePullCheck,
  PullAbility,
  PullTarget,
  rolePullCheck,
} from './pullPrincipal';
import {
  pullSecretNames,
  ResolvedSecret,
  secretStatus,
  selectPullSecrets,
} from './pullSecrets';
import {
  ECR_ROLE_ARN_ANNOTATION,
  FindingList,
  WorkloadContext,
} from './classifyContext';
import { irsaRoleFindings } from './irsaChecks';

/** An ECR token with less than this left breaks pulls soon, whatever refreshes it. */
const EXPIRES_SOON_MS = 2 * 3600_000;

type PrivateEcr = Extract<EcrHost, { kind: 'private' }>;

interface Draft {
  status: ContainerStatus;
  findings: FindingList;
}

function targetOf(ref: ImageRef, ecr: PrivateEcr): PullTarget {
  return {
    repositoryArn: ecrRepositoryArn({ ...ecr, repository: ref.repository }),
    accountId: ecr.accountId,
    region: ecr.region,
    name: ref.repository,
  };
}

/** Region checks (DESIGN.md: cross-region pulls work but cost and share the other region's fate). */
function regionFindings(
  ctx: WorkloadContext,
  target: PullTarget,
  subject: string,
): Finding[] {
  const facts = ctx.iam.repositories ?? [];
  const here = facts.find(
    r =>
      r.accountId === target.accountId &&
      r.region === target.region &&
      r.name === target.name,
  );
  const elsewhere = facts.filter(
    r =>
      r.accountId === target.accountId &&
      r.name === target.name &&
      r.exists &&
      r.region !== target.region,
  );
  if (here && !here.exists && elsewhere.length) {
    const regions = elsewhere.map(r => r.region).join(', ');
    return [
      createFinding(
        'ECR_REGION_MISMATCH',
        subject,
        `repository ${target.name} does not exist in ${target.region}, the region of the image reference; it exists in ${regions}`,
        'error',
      ),
    ];
  }
  if (target.region !== ctx.cluster.region) {
    return [
      createFinding(
        'ECR_REGION_MISMATCH',
        subject,
        `the image is pulled from ${target.region} while ${ctx.cluster.name} runs in ${ctx.cluster.region}`,
      ),
    ];
  }
  return [];
}

function nodeRoles(ctx: WorkloadContext): { arns: string[]; label: string } {
  const fargate = ctx.cluster.fargate;
  if (ctx.onFargate) {
    return {
      arns: (typeof fargate === 'object' && fargate.podExecutionRoleArns) || [],
      label: 'Fargate pod execution role',
    };
  }
  return { arns: ctx.cluster.nodeRoleArns ?? [], label: 'node role' };
}

function nodePull(
  ctx: WorkloadContext,
  target: PullTarget,
): { ability: PullAbility; findings: Finding[] } {
  const { arns, label } = nodeRoles(ctx);
  return anyRolePullCheck(ctx.iam, arns, target, label);
}

interface Fallback {
  pullAuth: PullAuth;
  pullRoleArn?: string;
  label: string;
  ability: PullAbility;
  findings: Finding[];
}

/**
 * What pulls when no pull secret works: on Fargate the pod execution role;
 * with service-account-token providers (KEP-4412) the ServiceAccount's
 * ecr-role-arn, which must also be assumable by this ServiceAccount (its
 * trust and OIDC provider); otherwise the node role through
 * ecr-credential-provider.
 */
function fallbackPull(ctx: WorkloadContext, target: PullTarget): Fallback {
  const sa = ctx.serviceAccount;
  const tokenPulls = ctx.cluster.imagePullAuth === 'service-account-token';
  if (!ctx.onFargate && tokenPulls && sa.ecrRoleArn) {
    const label = 'ECR pull role';
    const opts = { checkBreadth: true, label };
    const check = rolePullCheck(ctx.iam, sa.ecrRoleArn, target, opts);
    const trust = irsaRoleFindings(ctx, sa.ecrRoleArn, ECR_ROLE_ARN_ANNOTATION);
    return {
      pullAuth: 'service-account-role',
      pullRoleArn: sa.ecrRoleArn,
      label,
      ability: assumable(trust, check.ability),
      findings: [...trust, ...check.findings],
    };
  }
  const { arns, label } = nodeRoles(ctx);
  const pullAuth = ctx.onFargate ? 'fargate-role' : 'node-role';
  const pullRoleArn = arns.length === 1 ? arns[0] : undefined;
  return { pullAuth, pullRoleArn, label, ...nodePull(ctx, target) };
}

/** A role that cannot be assumed pulls nothing, whatever its policies allow. */
function assumable(trust: Finding[], ability: PullAbility): PullAbility {
  const worst = worstHealth(trust.map(f => severityToHealth(f.severity)));
  if (worst === 'error') return 'no';
  if (worst === 'unknown' && ability === 'yes') return 'unknown';
  return ability;
}

/** No usable pull secret: the credential provider pulls. */
function credentialProviderPull(
  ctx: WorkloadContext,
  draft: Draft,
  target: PullTarget,
  hadSecrets: boolean,
): void {
  const fb = fallbackPull(ctx, target);
  draft.status.pullAuth = fb.pullAuth;
  draft.status.pullRoleArn = fb.pullRoleArn;
  draft.findings.add(...fb.findings);
  if (hadSecrets && fb.ability === 'yes') {
    const text = `the pull secrets of ${ctx.subject} do not work for ${target.name}; the ${fb.label} pulls instead`;
    const finding = createFinding(
      'SECRET_MASKED_BY_NODE_ROLE',
      ctx.subject,
      text,
    );
    draft.findings.add(finding);
  }
}

/** The secret's token expired: does the credential provider pull in its place? */
function expiredFindings(
  ctx: WorkloadContext,
  draft: Draft,
  s: ResolvedSecret,
  target: PullTarget,
  expired: string,
): boolean {
  const subject = `Secret ${ctx.namespace}/${s.name}`;
  const fb = fallbackPull(ctx, target);
  if (fb.ability === 'yes') {
    // Never masked (DESIGN.md): the secret stays expired, next to who pulls instead.
    draft.status.effectivePullAuth = fb.pullAuth;
    draft.status.pullRoleArn = fb.pullRoleArn;
    draft.findings.add(...fb.findings);
    const inPlace = `${expired}; the ${fb.label} pulls in its place`;
    draft.findings.add(
      createFinding('SECRET_EXPIRED', subject, inPlace, 'warning'),
      createFinding(
        'SECRET_MASKED_BY_NODE_ROLE',
        subject,
        `pulls with ${s.name} fail and silently fall back to the ${fb.label}`,
      ),
    );
    return true;
  }
  const then =
    fb.ability === 'no'
      ? `; the ${fb.label} cannot pull ${target.name} in its place`
      : `; whether the ${fb.label} pulls in its place is unknown`;
  draft.findings.add(createFinding('SECRET_EXPIRED', subject, expired + then));
  return false;
}

/**
 * Findings about the token's age. `refreshed` is undefined when the
 * refresher could not be looked for. True when the token expired and the
 * credential provider pulls in the secret's place.
 */
function expiryFindings(
  ctx: WorkloadContext,
  draft: Draft,
  s: ResolvedSecret,
  target: PullTarget,
  refreshed: boolean | undefined,
): boolean {
  const subject = `Secret ${ctx.namespace}/${s.name}`;
  const times = ecrTokenTimes(s.object, ctx.now);
  if (times.expiresAt === undefined) {
    draft.status.pullAuth = 'unknown';
    draft.findings.add(
      createFinding(
        'INPUT_MALFORMED',
        subject,
        `pull secret ${s.name} has no creationTimestamp or managedFields time, so its token age is unknown`,
      ),
    );
    return false;
  }
  // Metadata-only reads do not see the hosts: say what is assumed.
  const assumed =
    s.hosts === undefined
      ? ' (its hosts were not read; assumed to hold the ECR token)'
      : '';
  const left = times.expiresAt - ctx.now.getTime();
  const hours = (ms: number) => `${Math.floor(Math.abs(ms) / 3600_000)} h`;
  if (left <= 0) {
    // The kubelet tries the secret, fails, then the credential provider.
    const expired = `the ECR token in ${s.name} expired ${hours(
      left,
    )} ago (written ${hours(ECR_TOKEN_LIFETIME_MS - left)} ago)${assumed}`;
    return expiredFindings(ctx, draft, s, target, expired);
  }
  if (refreshed === false || left < EXPIRES_SOON_MS) {
    const by = refreshed === false ? ' and nothing refreshes it' : '';
    draft.findings.add(
      createFinding(
        'SECRET_EXPIRES_SOON',
        subject,
        `the ECR token in ${s.name} expires in ${hours(left)}${by}${assumed}`,
      ),
    );
  }
  return false;
}

/**
 * A broken refresher breaks no pull while the credential provider can pull in the secret's
 * place (the kubelet tries it after the secret): its findings stay, as warnings that say so.
 * Undefined when nothing covers for the secret.
 */
function coveredRefresherFindings(
  ctx: WorkloadContext,
  findings: Finding[],
  target: PullTarget | undefined,
  masked: boolean,
): Finding[] | undefined {
  if (!target || !findings.some(f => f.severity === 'error')) return undefined;
  const fb = fallbackPull(ctx, target);
  if (fb.ability !== 'yes') return undefined;
  const then = masked ? 'pulls' : 'would pull';
  return findings.map(f =>
    f.severity === 'error'
      ? {
          ...f,
          severity: 'warning',
          message: `${f.message}; the ${fb.label} ${then} in the secret's place`,
        }
      : f,
  );
}

function secretPull(
  ctx: WorkloadContext,
  draft: Draft,
  s: ResolvedSecret,
  target: PullTarget | undefined,
): void {
  const subject = `Secret ${ctx.namespace}/${s.name}`;
  draft.status.secret = secretStatus(ctx, s, target !== undefined);
  if (s.malformed) {
    draft.status.pullAuth = 'unknown';
    draft.findings.add(
      createFinding(
        'INPUT_MALFORMED',
        subject,
        `pull secret ${s.name}: ${s.malformed}`,
      ),
    );
    return;
  }
  const refresher = findRefresher(s.object, ctx.snapshot);
  const forbidden = ctx.snapshot.forbidden;
  const unsure =
    !refresher &&
    Boolean(
      forbidden?.cronJobs ||
        forbidden?.configMaps ||
        forbidden?.roles ||
        forbidden?.roleBindings ||
        forbidden?.externalSecrets,
    );
  if (unsure) {
    draft.status.pullAuth = 'unknown';
    draft.findings.add(
      createFinding(
        'OBJECTS_NOT_READABLE',
        subject,
        `CronJobs, ConfigMaps, RoleBindings or ExternalSecrets could not be read in ${ctx.cluster.name}, so what refreshes ${s.name} is unknown`,
      ),
    );
  } else {
    draft.status.pullAuth = refresher ? 'rotating-secret' : 'static-secret';
  }
  const ofRefresher = refresher ? refresherFindings(refresher, ctx.now) : [];
  if (refresher) draft.status.secret.refresher = summarizeRefresher(refresher);
  const refreshed = unsure ? undefined : refresher !== undefined;
  const masked = target
    ? expiryFindings(ctx, draft, s, target, refreshed)
    : false;
  draft.findings.add(
    ...(coveredRefresherFindings(ctx, ofRefresher, target, masked) ??
      ofRefresher),
  );
}

function pullOf(ctx: WorkloadContext, draft: Draft, ref: ImageRef): void {
  const ecr = parseEcrHost(ref.registry);
  if (ecr?.kind === 'public') {
    draft.status.pullAuth = 'anonymous';
    return;
  }
  const target = ecr ? targetOf(ref, ecr) : undefined;
  if (target) {
    draft.status.repositoryArn = target.repositoryArn;
    draft.findings.add(
      ...regionFindings(ctx, target, `image ${ref.normalized}`),
    );
  }
  const names = pullSecretNames(ctx);
  if (names.length && ctx.snapshot.forbidden?.secrets) {
    draft.status.pullAuth = 'unknown';
    draft.findings.add(
      createFinding(
        'SECRETS_NOT_READABLE',
        ctx.subject,
        `${ctx.subject} uses pull secrets ${names.join(
          ', ',
        )} but Secrets could not be listed in ${ctx.cluster.name}`,
      ),
    );
    return;
  }
  const selection = selectPullSecrets(ctx, names, ref);
  draft.findings.add(...selection.findings);
  if (selection.candidates.length) {
    secretPull(ctx, draft, selection.candidates[0], target);
  } else if (target) {
    // Broken secrets only: a secret for another image of the pod is no mistake.
    const broken = selection.missing.length + selection.mismatched.length > 0;
    credentialProviderPull(ctx, draft, target, broken);
  } else {
    // Not ECR and no usable secret: the registry is pulled without credentials.
    draft.status.pullAuth = 'anonymous';
  }
}

/**
 * Classify the pull of one container image of a workload.
 *
 * @internal
 */
export function classifyContainer(
  ctx: WorkloadContext,
  container: unknown,
  init: boolean,
  index: number,
): ContainerStatus {
  const rec = asRecord(container);
  const name = asString(rec?.name) ?? `#${index + 1}`;
  const image = typeof rec?.image === 'string' ? rec.image : '';
  const draft: Draft = {
    status: {
      name,
      init,
      image,
      pullAuth: 'unknown' as PullAuth,
      findings: [],
      health: 'ok',
    },
    findings: new FindingList(),
  };
  const parsed = parseImageRef(rec?.image);
  if (!parsed.ok) {
    draft.findings.add(
      createFinding(
        'INPUT_MALFORMED',
        `container ${name} of ${ctx.subject}`,
        `image of container ${name}: ${parsed.error}`,
      ),
    );
  } else {
    draft.status.registry = parsed.ref.registry;
    pullOf(ctx, draft, parsed.ref);
  }
  draft.status.findings = draft.findings.items;
  draft.status.health = worstHealth(
    draft.status.findings.map(f => severityToHealth(f.severity)),
  );
  return draft.status;
}
