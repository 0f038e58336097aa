import {
  Finding,
  Health,
  PullAuth,
} from '@ecr-access/plugin-ecr-access-common';
import { ResolvedSecret } from './pullSecrets';

/*
 * Several pull secrets whose hosts are unknown (not read, no refresher declares them) for one
 * ECR image. The kubelet uses a secret only for the hosts it has entries for, in order
 * (Kubernetes "Images", interpretation of config.json), so which of them holds this image's
 * token cannot be told: the freshest may be another registry's (a Docker Hub PAT beside an
 * expired ECR token). Each is judged alone; when they agree that is the answer, otherwise it
 * depends on what the secrets hold.
 */

/** What a finding about a secret of unread hosts says it is taken for. */
export const ASSUMED_ECR_TOKEN =
  ' (its hosts were not read; assumed to hold the ECR token)';

/** What judging the image's pull by one secret alone gives. @internal */
export interface SecretVerdict {
  secret: ResolvedSecret;
  health: Health;
  pullAuth: PullAuth;
  /** Who pulls in the secret's place when its token expired. */
  effectivePullAuth?: PullAuth;
  /** The finding codes, sorted: an expired token and one that expires soon differ. */
  codes: string;
  /** The worst finding of that judgement, to say why it differs. */
  worst?: Finding;
}

/** Whether the verdicts give one answer, whichever secret holds the token. */
export function verdictsAgree(verdicts: SecretVerdict[]): boolean {
  const [first] = verdicts;
  return verdicts.every(
    v =>
      v.health === first.health &&
      v.pullAuth === first.pullAuth &&
      v.effectivePullAuth === first.effectivePullAuth &&
      v.codes === first.codes,
  );
}

/**
 * Each secret with what it gives alone: `if regcred holds it, error (the ECR token in regcred
 * expired 8 h ago …)`. The assumption each finding states is the one in question, so left out.
 */
export function describeVerdicts(verdicts: SecretVerdict[]): string {
  return verdicts
    .map(v => {
      const message = v.worst?.message.replace(ASSUMED_ECR_TOKEN, '');
      const why = message ? ` (${message})` : '';
      return `if ${v.secret.name} holds it, ${v.health}${why}`;
    })
    .join('; ');
}
