import type {
  AuditorService,
  AuditorServiceCreateEventOptions,
  AuditorServiceEvent,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';

/** What an event says about its target: the role, or the ServiceAccount and its cluster. */
export type AuditTarget = NonNullable<AuditorServiceCreateEventOptions['meta']>;

/**
 * The writes provisioning makes, one event id each (kebab-case; the auditor adds the plugin,
 * `scaffolder`). IAM role tags are set by `CreateRole` itself, in the same call, so there is no
 * separate tag write: the tags are in the `irsa-role-create` event.
 */
export type WriteEventId =
  | 'irsa-role-create'
  | 'irsa-role-policy-put'
  | 'irsa-role-delete'
  | 'serviceaccount-create'
  | 'serviceaccount-patch'
  | 'serviceaccount-delete';

/**
 * The auditor of one run of a provisioning action: every event carries who started the task
 * (`actor`; the auditor's own actor is the scaffolder's service identity, as the action runs
 * outside any request), the action, the task and whether it is a dry run.
 */
export interface WriteAudit {
  readonly dryRun: boolean;
  /** Starts the event of a write about to be made; the caller reports its outcome on it. */
  begin(
    eventId: WriteEventId,
    target: AuditTarget,
  ): Promise<AuditorServiceEvent>;
  /** One write under its event: success when it resolves, fail with its error when it throws. */
  write<T>(
    eventId: WriteEventId,
    target: AuditTarget,
    fn: () => Promise<T>,
  ): Promise<T>;
  /** A write that a dry run would make: recorded as such (`dryRun: true`), nothing written. */
  wouldWrite(eventId: WriteEventId, target: AuditTarget): Promise<void>;
}

/** Who the task runs for, as the audit log names them: a user's entity ref, or a service. */
export function actorOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type?: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (principal.type === 'user' && principal.userEntityRef) {
    return principal.userEntityRef;
  }
  if (principal.type === 'service' && principal.subject) {
    return principal.subject;
  }
  return 'none';
}

export function writeAudit(
  auditor: AuditorService,
  scope: { actor: string; action: string; taskId?: string; dryRun: boolean },
): WriteAudit {
  const meta = (target: AuditTarget) => ({
    ...target,
    actor: scope.actor,
    action: scope.action,
    ...(scope.taskId ? { taskId: scope.taskId } : {}),
    dryRun: scope.dryRun,
  });
  const begin = (eventId: WriteEventId, target: AuditTarget) =>
    auditor.createEvent({
      eventId,
      // A dry run changes nothing; the writes themselves change who can pull what.
      severityLevel: scope.dryRun ? 'low' : 'medium',
      meta: meta(target),
    });
  return {
    dryRun: scope.dryRun,
    begin,
    async write(eventId, target, fn) {
      const event = await begin(eventId, target);
      try {
        const value = await fn();
        await event.success();
        return value;
      } catch (error) {
        await event.fail({ error: error as Error });
        throw error;
      }
    },
    async wouldWrite(eventId, target) {
      await (await begin(eventId, target)).success();
    },
  };
}

/**
 * The auditor of a step that only reads and plans (`ecr-access:plan:validate`): it runs the
 * same checks as a dry run of the writes, and records nothing, since nothing is or would be
 * written by it (the provisioning step records its own writes, or in a dry run its would-be ones).
 */
export function silentAudit(): WriteAudit {
  const event: AuditorServiceEvent = {
    async success() {},
    async fail() {},
  };
  return {
    dryRun: true,
    begin: async () => event,
    write: async (_eventId, _target, fn) => fn(),
    async wouldWrite() {},
  };
}
