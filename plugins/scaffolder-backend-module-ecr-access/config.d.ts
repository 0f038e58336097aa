export interface Config {
  ecrAccess?: {
    /** How the IRSA provisioning actions name and bound the IAM roles they create. */
    provisioning?: {
      /** Prefix of every role name, e.g. `irsa-`. The whole name stays within IAM's 64 characters. */
      roleNamePrefix?: string;
      /** IAM path of the roles, e.g. `/backstage/` (starts and ends with `/`). */
      rolePath?: string;
      /**
       * Managed policy ARN set as the permissions boundary of every created role. When set, it
       * is required: the action refuses to create a role without it.
       */
      permissionsBoundaryArn?: string;
      /** Tags added to every created role, on top of `backstage.io/entity-ref` and `managed-by`. */
      tags?: { [key: string]: string };
    };
  };
}
