import type { Knex } from 'knex';
import { chunk, INSERT_SIZE, isPostgres } from './rows';

/** A column as the bulk statements send it: its name and, on PostgreSQL, its type. */
export type BulkColumn = readonly [name: string, pgType: string];

/**
 * `SELECT … FROM json_to_recordset(…)` over `rows`: the rows as a relation that one statement
 * can insert, on PostgreSQL only.
 *
 * Why one JSON parameter: a multi-row VALUES binds one parameter per value, so PostgreSQL's
 * limit of 65,535 parameters kept inserts to 400 rows, and knex spent much of a write's CPU
 * building those statements and PostgreSQL parsing them (50,000 statuses: 150 inserts of
 * entity rows, 450 of facets). Arrays per column (`unnest`) lift the limit too, but the
 * driver escapes every element in JavaScript (0.8 s of CPU per 50,000 statuses, their JSON
 * full of quotes); JSON.stringify is native.
 */
export function rowsRelation(
  knex: Knex,
  columns: readonly BulkColumn[],
  rows: ReadonlyArray<Record<string, unknown>>,
): Knex.Raw {
  const names = columns.map(([name]) => name);
  const types = columns.map(([, type]) => `?? ${type}`).join(', ');
  const document = JSON.stringify(rows, names);
  return knex.raw(
    `SELECT ${names
      .map(() => '??')
      .join(', ')} FROM json_to_recordset(?::json) AS r(${types})`,
    [...names, document, ...names],
  );
}

/**
 * Inserts `rows` into `table`: on PostgreSQL in one statement from arrays (see rowsRelation),
 * on SQLite in multi-row inserts of INSERT_SIZE rows (its compound SELECT's limit).
 */
export async function insertRows(
  tx: Knex.Transaction,
  table: string,
  columns: readonly BulkColumn[],
  rows: ReadonlyArray<Record<string, unknown>>,
): Promise<void> {
  if (!rows.length) return;
  if (isPostgres(tx)) {
    await tx.raw(`INSERT INTO ?? (${columns.map(() => '??').join(', ')}) ?`, [
      table,
      ...columns.map(([name]) => name),
      rowsRelation(tx, columns, rows),
    ]);
    return;
  }
  for (const batch of chunk(rows, INSERT_SIZE)) {
    await tx(table).insert(
      batch.map(row => Object.fromEntries(columns.map(([c]) => [c, row[c]]))),
    );
  }
}

/** `column = ANY(?)` on PostgreSQL (one array parameter), `column IN (…)` on SQLite. */
export function whereAnyOf(
  query: Knex.QueryBuilder,
  column: string,
  values: readonly string[],
): Knex.QueryBuilder {
  if (query.client.config.client === 'pg') {
    return query.whereRaw('?? = ANY(?::text[])', [column, [...values]]);
  }
  return query.whereIn(column, [...values]);
}

/** How an upsert treats a row whose key is stored already. */
export interface UpsertOptions {
  conflict: readonly string[];
  /** Replace the stored row's other columns, or keep the stored row. */
  onConflict: 'merge' | 'ignore';
  /** Merge only where the stored row's column is at most this value. */
  mergeWhere?: readonly [column: string, atMost: Date];
  /** The key column of the rows written, returned. */
  returning: string;
}

/**
 * Inserts or merges `rows` into `table` and returns the `returning` column of the rows
 * written (not of those ignored, nor of those `mergeWhere` kept). PostgreSQL: one statement
 * from arrays; SQLite: knex's upsert, INSERT_SIZE rows at a time.
 */
export async function upsertRows(
  tx: Knex.Transaction,
  table: string,
  columns: readonly BulkColumn[],
  rows: ReadonlyArray<Record<string, unknown>>,
  options: UpsertOptions,
): Promise<string[]> {
  if (!rows.length) return [];
  const { conflict, returning, mergeWhere } = options;
  if (!isPostgres(tx)) return upsertSqlite(tx, table, columns, rows, options);
  const names = columns.map(([name]) => name);
  const merged = names.filter(name => !conflict.includes(name));
  const action =
    options.onConflict === 'ignore'
      ? 'DO NOTHING'
      : `DO UPDATE SET ${merged.map(() => '?? = EXCLUDED.??').join(', ')}${
          mergeWhere ? ' WHERE ??.?? <= ?' : ''
        }`;
  const bindings = [
    table,
    ...names,
    rowsRelation(tx, columns, rows),
    ...conflict,
    ...(options.onConflict === 'ignore'
      ? []
      : [
          ...merged.flatMap(name => [name, name]),
          ...(mergeWhere ? [table, mergeWhere[0], mergeWhere[1]] : []),
        ]),
    returning,
  ];
  const { rows: written } = await tx.raw(
    `INSERT INTO ?? (${names.map(() => '??').join(', ')}) ?
     ON CONFLICT (${conflict.map(() => '??').join(', ')}) ${action}
     RETURNING ??`,
    bindings,
  );
  return (written as Array<Record<string, string>>).map(r => r[returning]);
}

async function upsertSqlite(
  tx: Knex.Transaction,
  table: string,
  columns: readonly BulkColumn[],
  rows: ReadonlyArray<Record<string, unknown>>,
  { conflict, onConflict, mergeWhere, returning }: UpsertOptions,
): Promise<string[]> {
  const written: string[] = [];
  for (const batch of chunk(rows, INSERT_SIZE)) {
    const insert = tx(table)
      .insert(
        batch.map(row => Object.fromEntries(columns.map(([c]) => [c, row[c]]))),
      )
      .onConflict([...conflict]);
    let query = onConflict === 'ignore' ? insert.ignore() : insert.merge();
    if (onConflict === 'merge' && mergeWhere) {
      query = query.where(`${table}.${mergeWhere[0]}`, '<=', mergeWhere[1]);
    }
    const returned: Array<Record<string, string>> = await query.returning(
      returning,
    );
    returned.forEach(r => written.push(r[returning]));
  }
  return written;
}
