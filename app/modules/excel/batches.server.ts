import { sql, type Kysely, type RawBuilder } from 'kysely'
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
    /** staged batches: rows in import_batch_chunks, and the whole count of problems (only the first are kept) */
    stagedCount: b.staged_count,
    problemCount: b.problem_count ?? (b.problems as ImportProblem[]).length,
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

// ---------------------------------------------------------------------------------------------
// Staged batches, for imports of up to 100,000 rows in constant memory: the checked rows go to
// import_batch_chunks a chunk at a time as the file is read, and come back a chunk at a time at commit.

/** The first problems a staged batch keeps (the preview lists 500 of them); the count is kept whole. */
export const KEPT_PROBLEMS = 1000

/** A new staged batch, before its rows are read: finished by finishStagedBatch or discardBatch. */
export async function openStagedBatch(db: Kysely<Database>, enterpriseId: string, userId: string, kind: ImportBatchKind, fileName: string) {
  const row = await db
    .insertInto('import_batches')
    .values({
      enterprise_id: enterpriseId,
      kind,
      file_name: fileName.slice(0, 200),
      status: 'previewed',
      row_count: 0,
      rows: '[]',
      problems: '[]',
      staged_count: 0,
      problem_count: 0,
      created_by: userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/**
 * Rows as a JSON array in UTF-8 bytes, written a row at a time into a buffer that is used again. One
 * JSON.stringify of a chunk builds the text as a tree of pieces that the driver then flattens into one
 * more copy: two strings of 300 KB per chunk, too large for V8's young generation, so a 100,000-row
 * preview left 60 MB of them for the full collector; a new buffer per chunk left as much outside the
 * heap. Each row's text here is small and dies young.
 */
export class JsonRowsWriter {
  private buf = Buffer.allocUnsafe(64 * 1024)

  /** The rows' bytes: a view of this writer's buffer, valid until its next write. */
  write(rows: readonly unknown[]): Buffer {
    let length = 0
    const put = (text: string) => {
      const need = length + text.length * 3
      if (need > this.buf.length) {
        const grown = Buffer.allocUnsafe(Math.max(need, this.buf.length * 2))
        this.buf.copy(grown, 0, 0, length)
        this.buf = grown
      }
      length += this.buf.write(text, length)
    }
    put('[')
    for (let i = 0; i < rows.length; i++) put((i ? ',' : '') + JSON.stringify(rows[i]))
    put(']')
    return this.buf.subarray(0, length)
  }
}

/** One chunk of checked rows staged: `rows` as a JsonRowsWriter wrote them (they must stay unchanged until this resolves). */
export async function stageChunk(db: Kysely<Database>, enterpriseId: string, batchId: string, seq: number, rows: Buffer) {
  // the bytes go as they are (a binary parameter, on both engines: db/client.ts)
  const json = sql<string>`convert_from(${rows}, 'UTF8')::jsonb`
  await db.insertInto('import_batch_chunks').values({ enterprise_id: enterpriseId, batch_id: batchId, seq, rows: json }).execute()
}

export async function finishStagedBatch(
  db: Kysely<Database>,
  enterpriseId: string,
  batchId: string,
  counts: { rowCount: number; stagedCount: number; problemCount: number; problems: ImportProblem[] },
) {
  await db
    .updateTable('import_batches')
    .set({
      row_count: counts.rowCount,
      staged_count: counts.stagedCount,
      problem_count: counts.problemCount,
      problems: JSON.stringify(counts.problems.slice(0, KEPT_PROBLEMS)),
    })
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', batchId)
    .execute()
}

/** A batch refused whole while it was read (too many rows): kept as discarded, its staged rows dropped. */
export async function discardBatch(db: Kysely<Database>, enterpriseId: string, batchId: string) {
  await db.deleteFrom('import_batch_chunks').where('enterprise_id', '=', enterpriseId).where('batch_id', '=', batchId).execute()
  await db
    .updateTable('import_batches')
    .set({ status: 'discarded' })
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', batchId)
    .execute()
}

/** After the commit only the first chunk is kept (the batch page shows its first rows). */
export async function dropStagedRows(db: Kysely<Database>, enterpriseId: string, batchId: string) {
  await db
    .deleteFrom('import_batch_chunks')
    .where('enterprise_id', '=', enterpriseId)
    .where('batch_id', '=', batchId)
    .where('seq', '>', 0)
    .execute()
}

/** The staged rows of a batch, a chunk at a time, in file order (the first `limit` chunks, or all). */
export async function* stagedChunks<T>(db: Kysely<Database>, enterpriseId: string, batchId: string, limit = Infinity): AsyncGenerator<T[]> {
  let after = -1
  for (let read = 0; read < limit; read++) {
    const chunk = await db
      .selectFrom('import_batch_chunks')
      .select(['seq', 'rows'])
      .where('enterprise_id', '=', enterpriseId)
      .where('batch_id', '=', batchId)
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(1)
      .executeTakeFirst()
    if (!chunk) return
    after = chunk.seq
    yield chunk.rows as T[]
  }
}

/**
 * The rows of a batch as a set of records in SQL, staged (import_batch_chunks) or kept whole in the
 * batch (batches previewed before staging): a capability's commit writes them with `insert … select`
 * from this, so 100,000 rows go from the batch to their tables without coming back through the
 * process. `columns` declares the fields of the rows' JSON as jsonb_to_recordset takes them
 * (`"employeeNo" text, "postIds" jsonb`).
 */
export function batchRecords(enterpriseId: string, batchId: string, columns: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`(select r.* from import_batch_chunks c cross join lateral jsonb_to_recordset(c.rows) as r(${columns})
      where c.enterprise_id = ${enterpriseId} and c.batch_id = ${batchId}
    union all
    select r.* from import_batches b cross join lateral jsonb_to_recordset(b.rows) as r(${columns})
      where b.enterprise_id = ${enterpriseId} and b.id = ${batchId} and b.staged_count is null)`
}
