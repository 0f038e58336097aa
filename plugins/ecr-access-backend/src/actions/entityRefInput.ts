import { CompoundEntityRef, parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { z as z3 } from 'zod/v3';

/** The entity an action is about: a ref, or its parts. */
export function entityRefInputSchema(zod: typeof z3) {
  return zod.object({
    entityRef: zod
      .string()
      .optional()
      .describe(
        'The entity, e.g. `component:default/payments-api`; the kind defaults to `component` and the namespace to `default` (`payments-api` is enough). Or give `name` (and `kind`, `namespace`) instead.',
      ),
    kind: zod
      .string()
      .optional()
      .describe("The entity's kind, with `name` (default `component`)."),
    namespace: zod
      .string()
      .optional()
      .describe("The entity's namespace, with `name` (default `default`)."),
    name: zod.string().optional().describe("The entity's name."),
  });
}

type EntityRefInput = z3.infer<ReturnType<typeof entityRefInputSchema>>;

const DEFAULTS = { defaultKind: 'component', defaultNamespace: 'default' };

/**
 * The entity of the input. Only the ref's form is checked here; its parts are validated by
 * the route they are sent to, with -common's path schema.
 */
export function entityOfInput(input: EntityRefInput): CompoundEntityRef {
  const { entityRef, kind, namespace, name } = input;
  const parts = [kind, namespace, name].some(p => p !== undefined);
  if (entityRef !== undefined && parts) {
    throw new InputError(
      "Give either 'entityRef' or 'kind', 'namespace' and 'name', not both",
    );
  }
  if (entityRef !== undefined) {
    try {
      return parseEntityRef(entityRef, DEFAULTS);
    } catch (error) {
      throw new InputError(
        `Invalid input 'entityRef': ${(error as Error).message}`,
      );
    }
  }
  if (name === undefined) {
    throw new InputError(
      "Missing input 'entityRef' (e.g. component:default/payments-api) or 'name'",
    );
  }
  return {
    kind: kind ?? DEFAULTS.defaultKind,
    namespace: namespace ?? DEFAULTS.defaultNamespace,
    name,
  };
}

/** The route path of the entity, `/entities/{kind}/{namespace}/{name}`. */
export function entityPath({ kind, namespace, name }: CompoundEntityRef) {
  return `/entities/${[kind, namespace, name]
    .map(encodeURIComponent)
    .join('/')}`;
}
