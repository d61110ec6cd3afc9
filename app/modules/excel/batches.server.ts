import type { Kysely } from 'kysely'
import { allowLongStatements } from '../../../db/client'
import type { Database, ImportBatchKind } from '../../../db/types'
import { notFound } from '../../utils/http'

// The preview step of every import: checked rows and problems are kept as a batch, shown to the
// person, and committed (all of it, once) or abandoned. Each capability supplies its own rows.

export interface ImportProblem {
  row: number
  column: string
  message: string
}

export async function createBatch<T>(
  db: Kysely<Database>,
  enterpriseId: string,
  userId: string,
  batch: { kind: ImportBatchKind; fileName: string; rowCount: number; rows: T[]; problems: ImportProblem[] },
): Promise<string> {
  const row = await db
    .insertInto('import_batches')
    .values({
      enterprise_id: enterpriseId,
      kind: batch.kind,
      file_name: batch.fileName.slice(0, 200),
      status: 'previewed',
      row_count: batch.rowCount,
      rows: JSON.stringify(batch.rows),
      problems: JSON.stringify(batch.problems),
      created_by: userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/** A batch of this enterprise and kind, locked for the commit; anything else is a 404. */
/** A commit of an import may take this long per statement. */
export const IMPORT_COMMIT_TIMEOUT_MS = 5 * 60_000

export async function loadBatch<T>(db: Kysely<Database>, enterpriseId: string, batchId: string, kind: ImportBatchKind, forCommit = false) {
  let q = db
    .selectFrom('import_batches')
    .selectAll()
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', batchId)
    .where('kind', '=', kind)
  if (forCommit) {
    q = q.forUpdate()
    // committing a big import (10,000 rows) is one transaction of many statements: it sets its own,
    // longer limit for this transaction only (the app's default is DB_STATEMENT_TIMEOUT_MS, 30 s)
    await allowLongStatements(db, IMPORT_COMMIT_TIMEOUT_MS)
  }
  const b = await q.executeTakeFirst()
  if (!b) throw notFound()
  return {
    id: b.id,
    fileName: b.file_name,
    status: b.status,
    rowCount: b.row_count,
    rows: b.rows as T[],
    problems: b.problems as ImportProblem[],
    createdAt: new Date(b.created_at).toISOString(),
  }
}

export async function markCommitted(db: Kysely<Database>, enterpriseId: string, batchId: string) {
  await db
    .updateTable('import_batches')
    .set({ status: 'committed', committed_at: new Date() })
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', batchId)
    .execute()
}
