import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';
import { HumanDuration } from '@backstage/types';

export interface Config {
  /** Configuration of the ecr-access plugins. */
  ecrAccess?: {
    /**
     * How often the audit of every cluster runs, and how long one run may take.
     * Default: every 30 minutes, 10-minute timeout, first run 15 seconds after start-up.
     */
    schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    /**
     * Cluster audits one backend instance runs at once; the other clusters' tasks wait their
     * turn (the wait counts towards `schedule.timeout`). Each running audit holds its
     * cluster's objects and results until they are written, so this bounds the memory of a
     * cadence. Default: 4.
     */
    auditConcurrency?: number;
    /** How the audit talks to each cluster's Kubernetes API server. */
    kubernetes?: {
      /**
       * Longest wait for one request (a page of a LIST). A cluster that does not answer in
       * time is marked unreachable for this audit and its entities keep their last status,
       * marked stale. A duration object (`{ seconds: 10 }`) or an ISO 8601 duration string.
       * Default: 10 seconds.
       */
      requestTimeout?: HumanDuration | string;
      /** Requests per second to one API server, so an audit never floods it. Default: 20. */
      requestsPerSecond?: number;
      /**
       * Opt-in. Read pull secrets (`kubernetes.io/dockerconfigjson` and `dockercfg`) whole
       * instead of their metadata only, to learn the registry hosts they hold, so that a secret
       * for another registry is reported (`SECRET_REGISTRY_MISMATCH`). The collector decodes
       * the data in memory, keeps only the `auths` keys and drops the rest at once: tokens are
       * never stored, logged or returned. The RBAC is the same `list` on secrets; the
       * difference is that secret data then reaches the backend's memory. Default: false.
       */
      readPullSecretHosts?: boolean;
    };
    /**
     * How often on-demand refreshes (`POST …/refresh`, the card's button) are accepted; more
     * answer 429 with `Retry-After`. Counted per backend instance. Concurrent refreshes of one
     * entity share one check whatever these are.
     */
    refresh?: {
      /** Refreshes one user (or service) may ask for in a minute. Default: 10. */
      perCallerPerMinute?: number;
      /** Refreshes accepted in a minute, all callers together. Default: 60. */
      perMinute?: number;
    };
    /**
     * Notifications to the owners of an entity, through Backstage's notifications
     * (`@backstage/plugin-notifications-backend`): when a pull secret without a healthy
     * refresher will expire within `expiryWindow` (or has expired), when a refresher starts
     * failing (REFRESHER_FAILING, REFRESHER_TOO_SLOW), and when the entity's status turns to
     * error; one per entity and condition until it is resolved, and one when it is, however
     * many backend replicas run.
     */
    notifications?: {
      /**
       * Default: on when the notifications plugin is installed in the same backend, off
       * otherwise (nothing is sent, one log line says so). Set `true` to send to a
       * notifications backend that runs in another backend instance; `false` to send none.
       */
      enabled?: boolean;
      /**
       * How long before a pull secret's ECR token expires its owners are told. A duration
       * object (`{ hours: 2 }`) or an ISO 8601 duration string. Default: 2 hours.
       */
      expiryWindow?: HumanDuration | string;
      /**
       * Which conditions are sent, by severity: `error` (an expired token, a failing
       * refresher, an entity in error) and `warning` (a token that expires within the
       * window). Default: both.
       */
      severities?: Array<'error' | 'warning'>;
      /**
       * How often stored statuses are checked against the clock. A duration object or an
       * ISO 8601 duration string. Default: 1 minute.
       */
      frequency?: HumanDuration | string;
    };
    // The clusters (`ecrAccess.clusters`) are declared by @ecr-access/plugin-ecr-access-node,
    // which the scaffolder module shares.
  };
}
