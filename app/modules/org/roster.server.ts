import { sql, type Kysely } from 'kysely'
import type { Database } from '../../../db/types'
import { todayInShanghai } from '../../utils/dates'
import { matchKey } from '../../utils/form'
import { forbidden } from '../../utils/http'
import type { Failure, Result } from '../../utils/result'
import { containsPattern, type Page } from '../../utils/table-params'
import { recordAudit } from '../audit/audit.server'
import { enterpriseAdmin } from '../auth/actor'
import {
  batchRecords,
  discardBatch,
  dropStagedRows,
  finishStagedBatch,
  KEPT_PROBLEMS,
  loadBatch,
  markCommitted,
  openStagedBatch,
  JsonRowsWriter,
  stageChunk,
  stagedChunks,
} from '../excel/batches.server'
import { cleanCode, cleanPhone } from '../excel/cells'
import { openSheet, templateWorkbook, UnreadableSheet, withCellProblems, type SheetChunk } from '../excel/workbook.server'
import { canExportRoster, canReadOrg } from './policy'
import { loadOrgGraph, unitPath } from './org.server'
import {
  newRosterSeen,
  ROSTER_COLUMNS,
  validateRoster,
  type ImportProblem,
  type RosterContext,
  type RosterRow,
  type RosterSeen,
} from './roster-rules'
import { maskIdCard } from './rules'
import type { RequestContext } from '../../db.server'

type DB = Kysely<Database>

/** What a roster import checks every row against that does not grow with the roster: the org tree and its posts. */
async function rosterShape(db: DB, enterpriseId: string) {
  const graph = await loadOrgGraph(db, enterpriseId)
  const posts = new Map<string, Map<string, string>>()
  for (const p of graph.posts) {
    if (!posts.has(p.unitId)) posts.set(p.unitId, new Map())
    posts.get(p.unitId)!.set(matchKey(p.name), p.id)
  }
  return {
    units: graph.units.map((u) => ({ id: u.id, name: u.name, path: unitPath(graph.units, u.id), isRoot: !u.parentId })),
    posts,
  }
}

/**
 * The roster as it stands, only as far as one chunk of rows names it: employees holding any of its
 * 工号, 手机号 or 身份证号 (three index lookups with = any), with the posts they hold today.
 */
async function rosterFor(
  db: DB,
  enterpriseId: string,
  today: string,
  keys: { nos: string[]; phones: string[]; idCards: string[] },
): Promise<Pick<RosterContext, 'existingEmployeeNos' | 'existingPhones' | 'existingIdCards' | 'existing'>> {
  const found = await db
    .selectFrom('employees')
    .select(['id', 'employee_no', 'name', 'phone', 'employment_type', 'hired_on', 'id_card'])
    .where('enterprise_id', '=', enterpriseId)
    .where((eb) =>
      eb.or([
        eb('employee_no', '=', sql<string>`any(${sql.val(keys.nos)}::text[])`),
        eb('phone', '=', sql<string>`any(${sql.val(keys.phones)}::text[])`),
        eb('id_card', '=', sql<string>`any(${sql.val(keys.idCards)}::text[])`),
      ]),
    )
    .execute()
  const held = await currentAssignments(
    db,
    enterpriseId,
    today,
    found.map((e) => e.id),
  )
  return {
    existingEmployeeNos: new Set(found.map((e) => e.employee_no)),
    existingPhones: new Set(found.map((e) => e.phone)),
    existingIdCards: new Map(found.flatMap((e) => (e.id_card ? [[e.id_card, e.employee_no] as const] : []))),
    existing: new Map(
      found.map((e) => {
        const mine = held.get(e.id) ?? []
        return [
          e.employee_no,
          {
            name: e.name,
            phone: e.phone,
            employmentType: e.employment_type as RosterRow['employmentType'],
            hiredOn: e.hired_on,
            postIds: mine.map((a) => a.postId),
            startOn: mine.length ? mine.map((a) => a.startOn).sort()[0]! : null,
            idCard: e.id_card,
          },
        ]
      }),
    ),
  }
}

/** The keys a chunk of rows may clash on, as validateRoster will read them. */
function chunkKeys(rows: { cells: Record<string, unknown> }[]) {
  const nos: string[] = []
  const phones: string[] = []
  const idCards: string[] = []
  for (const { cells } of rows) {
    const no = cleanCode(cells.employeeNo).replace(/\s+/g, '').toUpperCase()
    if (no) nos.push(no)
    const phone = cleanPhone(cells.phone)
    if (phone) phones.push(phone)
    const id = cleanCode(cells.idCard).replace(/\s+/g, '').toUpperCase()
    if (id && !id.includes('*')) idCards.push(id)
  }
  return { nos, phones, idCards }
}

/** Each employee's posts held on `today`, with the day each was taken. */
async function currentAssignments(db: DB, enterpriseId: string, today: string, employeeIds?: string[]) {
  if (employeeIds && !employeeIds.length) return new Map<string, { postId: string; startOn: string }[]>()
  let q = db
    .selectFrom('assignments')
    .select(['employee_id', 'post_id', 'start_on'])
    .where('enterprise_id', '=', enterpriseId)
    .where('start_on', '<=', today)
    .where((eb) => eb.or([eb('end_on', 'is', null), eb('end_on', '>=', today)]))
  if (employeeIds) q = q.where('employee_id', 'in', employeeIds)
  const byEmployee = new Map<string, { postId: string; startOn: string }[]>()
  for (const a of await q.execute()) {
    const list = byEmployee.get(a.employee_id) ?? []
    list.push({ postId: a.post_id, startOn: a.start_on })
    byEmployee.set(a.employee_id, list)
  }
  return byEmployee
}

export type PreviewResult = Result<{ batchId: string }>

/** The most rows one roster import takes (the file is also limited to 10 MB). */
export const MAX_ROSTER_ROWS = 100_000
const CHUNK_ROWS = 1000

/**
 * One chunk of the file checked: its problems (the cell problems first), and its valid rows already
 * written as the bytes to stage, so that none of the chunk's objects outlive this call.
 */
function checkChunk(chunk: SheetChunk, ctx: RosterContext, seen: RosterSeen, writer: JsonRowsWriter) {
  const checked = validateRoster(chunk.rows, ctx, seen)
  const problems = withCellProblems(chunk.problems, checked.problems)
  const refused = new Set(chunk.problems.map((p) => p.row))
  const valid = checked.valid.filter((r) => !refused.has(r.row))
  return {
    problems: problems.slice(0, KEPT_PROBLEMS),
    problemCount: problems.length,
    valid: valid.length ? writer.write(valid) : null,
    validCount: valid.length,
  }
}

/**
 * parse → validate → preview, a chunk of 1,000 rows at a time: read from the file as it streams,
 * checked against the part of the roster those rows name (= any lookups), and staged in the batch.
 * Memory holds one chunk and what the file's rows claimed so far (工号, 手机号, 身份证号), never the file's rows.
 */
export async function previewRosterImport(ctx: RequestContext, file: { name: string; bytes: Buffer }): Promise<PreviewResult> {
  const { db, actor } = ctx
  const enterpriseId = enterpriseAdmin(actor, '只有企业安全管理员可以维护花名册')
  const sheet = await openSheet(file.bytes, ROSTER_COLUMNS, CHUNK_ROWS)
  if (!sheet.ok) return sheet
  const today = todayInShanghai(ctx.now)
  const shape = await rosterShape(db, enterpriseId)
  const seen = newRosterSeen()
  const batchId = await openStagedBatch(db, enterpriseId, actor.userId, 'roster', file.name)
  let rowCount = 0
  let staged = 0
  let seq = 0
  let problemCount = 0
  const kept: ImportProblem[] = []
  // Pipelined: while the database looks a chunk's keys up, the next chunk is read from the file, and
  // a chunk is staged while the next is read and checked (one connection runs the statements in
  // order; the file's reading and the database's work overlap on two cores).
  // A promise awaited later is given a handler now: a file that breaks off while the database works
  // (or a statement that fails while the file is read) is handled where it is awaited, and never
  // reaches the process as an unhandled rejection.
  const handled = <T>(p: Promise<T>) => {
    p.catch(() => undefined)
    return p
  }
  const chunks = sheet.chunks
  let next = handled(chunks.next())
  let staging: Promise<unknown> = Promise.resolve()
  // Two buffers for the staged bytes, taking turns: chunk n is written into the one chunk n - 2 used,
  // whose insert was awaited before chunk n - 1 was staged.
  const writers = [new JsonRowsWriter(), new JsonRowsWriter()]
  try {
    for (;;) {
      const read = await next
      if (read.done) break
      const chunk = read.value
      rowCount += chunk.rows.length
      if (rowCount > MAX_ROSTER_ROWS) {
        await staging
        await chunks.return(undefined)
        await discardBatch(db, enterpriseId, batchId)
        return { ok: false, message: `一次最多导入 ${MAX_ROSTER_ROWS} 行，请拆分文件` }
      }
      const lookup = rosterFor(db, enterpriseId, today, chunkKeys(chunk.rows))
      next = handled(chunks.next())
      const checked = checkChunk(chunk, { ...shape, ...(await lookup), today }, seen, writers[seq % 2]!)
      problemCount += checked.problemCount
      if (kept.length < KEPT_PROBLEMS) kept.push(...checked.problems.slice(0, KEPT_PROBLEMS - kept.length))
      await staging
      if (checked.valid) {
        staging = handled(stageChunk(db, enterpriseId, batchId, seq++, checked.valid))
        staged += checked.validCount
      }
    }
    await staging
  } catch (error) {
    await staging.catch(() => undefined)
    if (error instanceof UnreadableSheet) {
      await discardBatch(db, enterpriseId, batchId)
      return { ok: false, message: error.message }
    }
    throw error
  }
  if (!rowCount) {
    await discardBatch(db, enterpriseId, batchId)
    return { ok: false, message: '文件中没有数据行' }
  }
  await finishStagedBatch(db, enterpriseId, batchId, { rowCount, stagedCount: staged, problemCount, problems: kept })
  return { ok: true, batchId }
}

export async function getImportBatch(ctx: RequestContext, batchId: string) {
  const { db, actor } = ctx
  const enterpriseId = enterpriseAdmin(actor, '只有企业安全管理员可以维护花名册')
  const b = await loadBatch<RosterRow>(db, enterpriseId, batchId, 'roster')
  const first: RosterRow[] =
    b.stagedCount === null ? b.rows : ((await stagedChunks<RosterRow>(db, enterpriseId, batchId, 1).next()).value ?? [])
  return {
    id: b.id,
    fileName: b.fileName,
    status: b.status,
    rowCount: b.rowCount,
    validCount: b.stagedCount ?? b.rows.length,
    problems: b.problems.slice(0, 500),
    problemCount: b.problemCount,
    sample: first.slice(0, 50).map((r) => ({ ...r, idCard: maskIdCard(r.idCard) })),
    createdAt: b.createdAt,
  }
}

export type CommitResult = Result<{ employees: number; assignments: number }> | (Failure & { problems: ImportProblem[] })

/** The fields of a staged RosterRow that the commit reads, as jsonb_to_recordset declares them. */
const ROSTER_RECORD = sql.raw(
  `"row" int, name text, "employeeNo" text, phone text, "employmentType" text, "hiredOn" date, "startOn" date, "idCard" text, "postIds" jsonb`,
)

/**
 * All or nothing: the batch is written only if the whole file was valid, and re-checked against the
 * roster as it is now (someone may have added a 工号 since the preview). Runs in the caller's
 * transaction, in SQL over the staged rows (batchRecords), which never come back through the process:
 * one statement checks that every post is still there, one finds rows whose 工号 or 手机号 is now taken,
 * and one writes the employees and their assignments (insert … select), so nothing is written unless
 * everything can be.
 */
export async function commitRosterImport(ctx: RequestContext, batchId: string): Promise<CommitResult> {
  const { db, actor, client } = ctx
  const enterpriseId = enterpriseAdmin(actor, '只有企业安全管理员可以维护花名册')
  const b = await loadBatch<RosterRow>(db, enterpriseId, batchId, 'roster', true)
  if (b.status !== 'previewed') return { ok: false, message: '这批数据已经导入过或已放弃' }
  if (b.problemCount) return { ok: false, message: '文件中有错误，整批未导入；请修改后重新上传' }
  const staged = batchRecords(enterpriseId, batchId, ROSTER_RECORD)

  const gone = await sql<{ gone: boolean }>`select exists (
      select 1 from ${staged} s cross join lateral jsonb_array_elements_text(s."postIds") as p(id)
      where not exists (select 1 from posts where enterprise_id = ${enterpriseId} and id = p.id::uuid and archived_at is null)
    ) as gone`.execute(db)
  if (gone.rows[0]?.gone) return { ok: false, message: '预览之后岗位已有变化，整批未导入；请重新上传' }

  const taken = await sql<{ row_no: number; taken_column: string }>`select distinct on (x.row_no) x.row_no, x.taken_column from (
      select s."row" as row_no, '工号' as taken_column, 1 as rank from ${staged} s
        join employees e on e.enterprise_id = ${enterpriseId} and e.employee_no = s."employeeNo"
      union all
      select s."row", '手机号', 2 from ${staged} s
        join employees e on e.enterprise_id = ${enterpriseId} and e.phone = s.phone
    ) x order by x.row_no, x.rank limit 50`.execute(db)
  if (taken.rows.length)
    return {
      ok: false,
      message: '预览之后花名册已有变化，部分工号或手机号已存在，整批未导入；请重新上传',
      problems: taken.rows.map((r) => ({ row: r.row_no, column: r.taken_column, message: '已存在于本企业花名册' })),
    }

  const written = await sql<{ employees: number; assignments: number }>`with s as materialized (select * from ${staged} s),
    e as (
      insert into employees (enterprise_id, name, employee_no, phone, employment_type, hired_on, id_card)
      select ${enterpriseId}, s.name, s."employeeNo", s.phone, s."employmentType", s."hiredOn", s."idCard" from s order by s."row"
      returning id, employee_no
    ),
    a as (
      insert into assignments (enterprise_id, employee_id, post_id, start_on)
      select ${enterpriseId}, e.id, p.id::uuid, s."startOn"
      from s join e on e.employee_no = s."employeeNo" cross join lateral jsonb_array_elements_text(s."postIds") with ordinality as p(id, n)
      order by s."row", p.n
      returning 1
    )
    select (select count(*) from e)::int as employees, (select count(*) from a)::int as assignments`.execute(db)
  const { employees, assignments } = written.rows[0]!
  await markCommitted(db, enterpriseId, batchId)
  if (b.stagedCount !== null) await dropStagedRows(db, enterpriseId, batchId)
  await recordAudit(db, {
    userId: actor.userId,
    enterpriseId,
    action: 'roster.import',
    target: batchId,
    result: 'ok',
    ...client,
    detail: { employees, assignments },
  })
  return { ok: true, employees, assignments }
}

// ---------------------------------------------------------------------------------------------
// The roster table and its export

export interface RosterListQuery {
  q: string
  unit?: string
  type?: string
  page: number
  size: number
  sort: 'employeeNo' | 'name' | 'hiredOn' | 'unit'
  dir: 'asc' | 'desc'
}

export interface EmployeeRow {
  id: string
  name: string
  employeeNo: string
  phone: string
  employmentType: string
  hiredOn: string
  idCardMasked: string | null
  posts: string
}

function rosterBase(db: DB, enterpriseId: string, query: Pick<RosterListQuery, 'q' | 'unit' | 'type'>, today: string) {
  let base = db.selectFrom('employees as e').where('e.enterprise_id', '=', enterpriseId)
  if (query.q) {
    const like = containsPattern(query.q)
    base = base.where((eb) =>
      eb.or([eb('e.name', 'like', like), eb('e.employee_no', 'like', like.toUpperCase()), eb('e.phone', 'like', like)]),
    )
  }
  if (query.type)
    base = base.where('e.employment_type', '=', query.type as EmployeeRow['employmentType'] & Database['employees']['employment_type'])
  if (query.unit) {
    base = base.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('assignments as a')
          .innerJoin('posts as p', (j) => j.onRef('p.enterprise_id', '=', 'a.enterprise_id').onRef('p.id', '=', 'a.post_id'))
          .select(sql`1`.as('one'))
          .whereRef('a.enterprise_id', '=', 'e.enterprise_id')
          .whereRef('a.employee_id', '=', 'e.id')
          .where('p.org_unit_id', '=', query.unit!)
          .where((eb) => eb.or([eb('a.end_on', 'is', null), eb('a.end_on', '>=', today)])),
      ),
    )
  }
  return base
}

const postsOf = (today: string) =>
  sql<string>`(select string_agg(u.name || '·' || p.name, '、' order by u.name, p.name) from assignments a
    join posts p on p.enterprise_id = a.enterprise_id and p.id = a.post_id
    join org_units u on u.enterprise_id = p.enterprise_id and u.id = p.org_unit_id
    where a.enterprise_id = e.enterprise_id and a.employee_id = e.id and a.start_on <= ${today} and (a.end_on is null or a.end_on >= ${today}))`

const ROSTER_SORT = { employeeNo: 'e.employee_no', name: 'e.name', hiredOn: 'e.hired_on', unit: 'posts' } as const

export async function listEmployees(ctx: RequestContext, query: RosterListQuery): Promise<Page<EmployeeRow>> {
  const { db, actor } = ctx
  if (!canReadOrg(actor)) throw forbidden()
  const today = todayInShanghai(ctx.now)
  const base = rosterBase(db, actor.enterpriseId, query, today)
  const { total } = await base.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow()
  const rows = await base
    .select(['e.id', 'e.name', 'e.employee_no', 'e.phone', 'e.employment_type', 'e.hired_on', 'e.id_card', postsOf(today).as('posts')])
    .orderBy(sql.raw(ROSTER_SORT[query.sort]), query.dir)
    .orderBy('e.employee_no')
    .limit(query.size)
    .offset((query.page - 1) * query.size)
    .execute()
  return {
    rows: rows.map((r) => ({
      id: r.id,
      name: r.name,
      employeeNo: r.employee_no,
      phone: r.phone,
      employmentType: r.employment_type,
      hiredOn: r.hired_on,
      idCardMasked: maskIdCard(r.id_card),
      posts: r.posts ?? '',
    })),
    total,
    page: query.page,
    size: query.size,
  }
}

/**
 * Streamed in pages of 2000. The roster as the import template lays it out (same columns, same order, same formats), so that
 * importing an export changes nothing: 部门 is the full path of the unit of the first post; 岗位 the
 * posts held today, those of other units after their unit's path (合成车间>加氢工段>加氢工段长); 任职日期 the earliest day of
 * those posts; 身份证号 masked (a masked number stands for the one on record).
 */
export async function* rosterExportRows(ctx: RequestContext): AsyncGenerator<Record<string, unknown>> {
  const { db, actor, client } = ctx
  if (!canExportRoster(actor)) throw forbidden()
  const today = todayInShanghai(ctx.now)
  await recordAudit(db, { userId: actor.userId, enterpriseId: actor.enterpriseId, action: 'roster.export', result: 'ok', ...client })
  const graph = await loadOrgGraph(db, actor.enterpriseId)
  const pathOf = new Map(graph.units.map((u) => [u.id, unitPath(graph.units, u.id)]))
  const postById = new Map(graph.posts.map((p) => [p.id, { name: p.name, unit: pathOf.get(p.unitId) ?? '' }]))
  let after = ''
  for (;;) {
    const rows = await rosterBase(db, actor.enterpriseId, { q: '' }, today)
      .select(['e.id', 'e.name', 'e.employee_no', 'e.phone', 'e.employment_type', 'e.hired_on', 'e.id_card'])
      .where('e.employee_no', '>', after)
      .orderBy('e.employee_no')
      .limit(2000)
      .execute()
    const held = await currentAssignments(
      db,
      actor.enterpriseId,
      today,
      rows.map((r) => r.id),
    )
    for (const r of rows) {
      const mine = (held.get(r.id) ?? [])
        .map((a) => ({ ...a, ...postById.get(a.postId)! }))
        .sort((a, b) => a.unit.localeCompare(b.unit, 'zh-CN') || a.name.localeCompare(b.name, 'zh-CN'))
      const unit = mine[0]?.unit ?? ''
      yield {
        name: r.name,
        employeeNo: r.employee_no,
        phone: r.phone,
        unit,
        posts: mine.map((p) => (p.unit === unit ? p.name : `${p.unit.replace(/\//g, '>')}>${p.name}`)).join('、'),
        employmentType: r.employment_type,
        hiredOn: r.hired_on,
        startOn: mine.map((a) => a.startOn).sort()[0] ?? '',
        idCard: maskIdCard(r.id_card),
      }
    }
    if (rows.length < 2000) return
    after = rows[rows.length - 1]!.employee_no
  }
}

/** The import template's columns, in its order; the export writes exactly these (one list for both). */
const ROSTER_SHEET_COLUMNS = [
  { key: 'name', header: '姓名', width: 12 },
  { key: 'employeeNo', header: '工号', width: 12, text: true, note: '文本格式，开头的0会保留' },
  { key: 'phone', header: '手机号', width: 15, note: '11位手机号，用于登录；文本格式', text: true },
  { key: 'unit', header: '部门', width: 28, note: '与组织机构中的名称一致；有重名时写完整路径，如 合成车间/加氢工段/加氢一班' },
  {
    key: 'posts',
    header: '岗位',
    width: 36,
    note: '须是该部门下已有的岗位；一人多岗用“、”分隔；其他部门的岗位写在部门路径之后，如 合成车间>加氢工段>加氢工段长',
  },
  { key: 'employmentType', header: '用工形式', width: 10, note: '正式 / 劳务派遣 / 实习 / 外包，空白按正式' },
  { key: 'hiredOn', header: '入职日期', width: 12 },
  { key: 'startOn', header: '任职日期', width: 12, note: '空白按入职日期' },
  { key: 'idCard', header: '身份证号', width: 22, note: '可选，18位；须为文本格式，数值格式会丢失后三位', text: true },
]

export const ROSTER_EXPORT_COLUMNS = ROSTER_SHEET_COLUMNS.map(({ key, header, width }) => ({ key, header, width }))

export function rosterTemplate(): Promise<Buffer> {
  return templateWorkbook({
    title: '人员花名册导入模板',
    columns: ROSTER_SHEET_COLUMNS.map(({ header, width, note, text }) => ({ header, width, note, text })),
    example: ['张三', 'HS101', '13800138000', '合成车间/加氢工段/加氢一班', '化工操作工（加氢）', '正式', '2024-03-05', '2024-03-05', ''],
    notes: [
      '1. 表头在第2行，请勿修改表头文字；示例行（第3行）请删除或覆盖。',
      '2. 工号、手机号在本企业内不能重复，也不能与文件中其他行重复。',
      '3. 日期可写成 2024-03-05、2024/3/5 或 2024年3月5日。',
      '4. 导入先预览：所有行都正确时才能确认导入，整批一次写入；有任何错误都不会写入。',
      '5. 工号、手机号、身份证号请以文本格式填写（本模板中这三列已设为文本）；数值格式的单元格会丢失位数，导入时会被拒绝。',
      '6. 也可导入 Excel 另存的 CSV 文件（UTF-8 或 GBK 编码均可）；旧版 .xls 请另存为 .xlsx 后再导入。',
      '7. 导出的花名册可直接导入：与花名册完全一致的人员不作改动，只新增其余的行。',
    ],
  })
}
