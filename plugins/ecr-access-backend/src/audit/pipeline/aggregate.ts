import { aggregateEntityStatus } from '@ecr-access/plugin-ecr-access-node';
import type { AggregateEntityStatus } from '../../database';

/**
 * An entity's status over every cluster, by the pure engine: the one piece of classification
 * the pipeline hands to the store instead of running it itself. The store calls it inside the
 * transaction that holds the entity's row lock, because two replicas writing two clusters of
 * one entity must each aggregate both clusters' rows (`database/recomputeEntities.ts`);
 * computing it before the write would let the second writer overwrite the first's aggregate.
 * The plugin hands it to the store when it creates it (`plugin.ts`).
 */
export const aggregateStatus: AggregateEntityStatus = aggregateEntityStatus;
