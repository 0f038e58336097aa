import { randomUUID } from 'node:crypto';
import type { ActionContext } from '@backstage/plugin-scaffolder-node';

/**
 * The token this task tags the role it creates with (`ecr-access.io/created-by-task`), so
 * that it claims a role only when it made it: two tasks of one template for one entity (a
 * double submit, a re-run) ask for the same role, and neither may roll back the other's.
 * Random, and checkpointed so that a retried task still knows the role its earlier attempt
 * made; a dry run makes no role and keeps nothing.
 */
export async function roleTaskToken(
  ctx: Pick<ActionContext<any>, 'checkpoint' | 'isDryRun'>,
  roleName: string,
): Promise<string> {
  if (ctx.isDryRun) return randomUUID();
  return ctx.checkpoint({
    key: `irsa-role-task-token.${roleName}`,
    fn: async () => randomUUID(),
  });
}
