import type { Kysely } from 'kysely'
import type { Database } from '../../../db/types'
import type { RequestContext } from '../../db.server'
import { matchKey } from '../../utils/form'
import { recordAudit } from '../audit/audit.server'
import { enterpriseAdmin } from '../auth/actor'
import { createBatch, loadBatch, markCommitted, type ImportProblem } from '../excel/batches.server'
import { readSheet, withCellProblems } from '../excel/workbook.server'
import { checkRegisterRow, REGISTER_COLUMNS, REGISTER_IMPORT_COLUMNS, type RegisterRow } from './register'
import { riskLevelInfo } from './rules'
import { lockRiskRegister } from './risks.server'

// Importing the 风险分级管控清单 through the one pipeline: parse (readSheet: the zip check, a lying
// file refused, formula cells reduced to their result) → validate (each row by the register's rules,
// names against the organisation) → preview (a batch) → commit, all of it or nothing. A risk already
// on the register (same 风险点 and 危险源) is updated; anything else is added.

type DB = Kysely<Database>
const KIND = 'risk-register'
const REFUSAL = '只有企业安全管理员可以导入风险清单'

interface Resolved {
  problems: ImportProblem[]
  units: Map<string, string>
  posts: Map<string, string>
  /** existing risk points by name key: id, unit and kind */
  points: Map<string, { id: string; unitId: string; kind: string }>
  /** existing risks by point id + source key */
  risks: Set<string>
}

const col = (key: string) => REGISTER_COLUMNS.find((c) => c.key === key)!.header
// exact, as the register's unique key (risks_source_uq) holds it
const riskKey = (pointId: string, source: string) => `${pointId}\u0000${source}`

/** Names against the enterprise's organisation and register, as they stand now. */
async function resolve(db: DB, enterpriseId: string, rows: RegisterRow[]): Promise<Resolved> {
  const [units, posts, points, risks] = await Promise.all([
    db.selectFrom('org_units').select(['id', 'name']).where('enterprise_id', '=', enterpriseId).execute(),
    db.selectFrom('posts').select(['id', 'name']).where('enterprise_id', '=', enterpriseId).execute(),
    db.selectFrom('risk_points').select(['id', 'name', 'unit_id', 'kind']).where('enterprise_id', '=', enterpriseId).execute(),
    db.selectFrom('risks').select(['risk_point_id', 'hazard_source']).where('enterprise_id', '=', enterpriseId).execute(),
  ])
  // a name held by two units (or posts) cannot say which one it means
  const byName = (list: { id: string; name: string }[]) => {
    const m = new Map<string, string | null>()
    for (const x of list) m.set(matchKey(x.name), m.has(matchKey(x.name)) ? null : x.id)
    return m
  }
  const unitIds = byName(units)
  const postIds = byName(posts)
  const unitName = new Map(units.map((u) => [u.id, u.name]))
  const existing = new Map(points.map((p) => [matchKey(p.name), { id: p.id, unitId: p.unit_id, kind: p.kind }]))
  const problems: ImportProblem[] = []
  const firstPoint = new Map<string, RegisterRow>()
  const seen = new Map<string, number>()
  for (const r of rows) {
    const unitId = unitIds.get(matchKey(r.unit))
    if (unitId === undefined) problems.push({ row: r.row, column: col('unit'), message: `组织机构中没有单元“${r.unit}”` })
    else if (unitId === null)
      problems.push({ row: r.row, column: col('unit'), message: `组织机构中有多个名为“${r.unit}”的单元，请先改名区分` })
    const postId = postIds.get(matchKey(r.post))
    if (postId === undefined) problems.push({ row: r.row, column: col('post'), message: `没有名为“${r.post}”的岗位` })
    else if (postId === null) problems.push({ row: r.row, column: col('post'), message: `有多个名为“${r.post}”的岗位，请先改名区分` })
    // one 风险点 is in one unit, of one kind: in the register and throughout the file
    const key = matchKey(r.point)
    const had = existing.get(key)
    if (had && unitId && had.unitId !== unitId)
      problems.push({ row: r.row, column: col('unit'), message: `风险点“${r.point}”已登记在单元“${unitName.get(had.unitId) ?? ''}”` })
    if (had && had.kind !== r.pointKind)
      problems.push({ row: r.row, column: col('pointKind'), message: `风险点“${r.point}”已登记为“${had.kind}”` })
    const first = firstPoint.get(key)
    if (!first) firstPoint.set(key, r)
    // (a row whose unit is unknown is told so once, not twice)
    else if (!had && unitId && (matchKey(first.unit) !== matchKey(r.unit) || first.pointKind !== r.pointKind))
      problems.push({ row: r.row, column: col('point'), message: `风险点“${r.point}”与第 ${first.row} 行的所属单元或类型不一致` })
    const dup = `${key}\u0000${matchKey(r.source)}`
    if (seen.has(dup))
      problems.push({ row: r.row, column: col('source'), message: `与第 ${seen.get(dup)} 行重复（同一风险点的同一危险源）` })
    else seen.set(dup, r.row)
  }
  return {
    problems,
    units: new Map([...unitIds].filter((e): e is [string, string] => !!e[1])),
    posts: new Map([...postIds].filter((e): e is [string, string] => !!e[1])),
    points: existing,
    risks: new Set(risks.map((r) => riskKey(r.risk_point_id, r.hazard_source))),
  }
}

/** Reads and checks the file, and keeps the result as a batch to preview; writes nothing to the register. */
export async function previewRegisterImport(ctx: RequestContext, file: { name: string; bytes: Buffer }) {
  const { db, actor } = ctx
  const enterpriseId = enterpriseAdmin(actor, REFUSAL)
  const sheet = await readSheet(file.bytes, REGISTER_IMPORT_COLUMNS)
  if (!sheet.ok) return { ok: false as const, message: sheet.message }
  if (!sheet.rows.length) return { ok: false as const, message: '文件中没有数据行' }
  if (sheet.rows.length > 5000) return { ok: false as const, message: '一次最多导入 5000 行，请拆分后再导入' }
  const problems: ImportProblem[] = []
  const rows: RegisterRow[] = []
  const unreadable = new Set(sheet.problems.map((p) => p.row))
  for (const { rowNumber, cells } of sheet.rows) {
    const checked = checkRegisterRow(rowNumber, cells)
    if (checked.ok) rows.push(checked.value)
    else problems.push(...checked.problems)
  }
  const resolved = await resolve(db, enterpriseId, rows)
  problems.push(...resolved.problems)
  const all = withCellProblems(sheet.problems, problems)
  const refused = new Set(all.map((p) => p.row))
  const batchId = await createBatch(db, enterpriseId, actor.userId, {
    kind: KIND,
    fileName: file.name,
    rowCount: sheet.rows.length,
    rows: rows.filter((r) => !refused.has(r.row) && !unreadable.has(r.row)),
    problems: all,
  })
  return { ok: true as const, batchId }
}

/** A previewed batch: its rows (new or updating a risk on the register) and problems. */
export async function getRegisterBatch(ctx: RequestContext, batchId: string) {
  const { db, actor } = ctx
  const enterpriseId = enterpriseAdmin(actor, REFUSAL)
  const b = await loadBatch<RegisterRow>(db, enterpriseId, batchId, KIND)
  const resolved = await resolve(db, enterpriseId, b.rows)
  const rows = b.rows.map((r) => {
    const point = resolved.points.get(matchKey(r.point))
    const info = riskLevelInfo(r.level)
    return {
      row: r.row,
      unit: r.unit,
      point: r.point,
      source: r.source,
      method: r.scores.method,
      score: r.score,
      levelName: info.name,
      colour: info.colour,
      hex: info.hex,
      post: r.post,
      updates: !!point && resolved.risks.has(riskKey(point.id, r.source)),
    }
  })
  return {
    id: b.id,
    fileName: b.fileName,
    status: b.status,
    rowCount: b.rowCount,
    rows,
    problems: b.problems.slice(0, 500),
    problemCount: b.problems.length,
  }
}

/**
 * Writes the previewed batch, all of it or nothing: the names are resolved again against the
 * organisation as it stands now, and any row that no longer fits (a unit renamed since the preview)
 * refuses the whole batch. The batch row is locked first, so a double submit commits once; then the
 * enterprise's register (lockRiskRegister), so two batches of one file committed at once add once.
 */
export async function commitRegisterImport(ctx: RequestContext, batchId: string) {
  const { db, actor, client, now } = ctx
  const enterpriseId = enterpriseAdmin(actor, REFUSAL)
  const b = await loadBatch<RegisterRow>(db, enterpriseId, batchId, KIND, true)
  if (b.status !== 'previewed') return { ok: false as const, message: '这批数据已经导入过或已放弃' }
  if (b.problems.length || !b.rows.length) return { ok: false as const, message: '文件中有错误，整批未导入；请修改后重新上传' }
  // another batch of the same file, or a risk added by hand, committing at this moment: resolved
  // after it, so its new 风险点 and 风险 are found and updated here, not inserted a second time
  await lockRiskRegister(db, enterpriseId)
  const resolved = await resolve(db, enterpriseId, b.rows)
  if (resolved.problems.length) return { ok: false as const, message: '预览之后组织机构、岗位或风险清单已有变化，整批未导入；请重新上传' }
  let added = 0
  let updated = 0
  const pointIds = new Map([...resolved.points].map(([k, p]) => [k, p.id]))
  for (const r of b.rows) {
    const key = matchKey(r.point)
    let pointId = pointIds.get(key)
    if (!pointId) {
      const p = await db
        .insertInto('risk_points')
        .values({
          enterprise_id: enterpriseId,
          unit_id: resolved.units.get(matchKey(r.unit))!,
          name: r.point,
          kind: r.pointKind,
          location: r.location,
          created_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      pointId = p.id
      pointIds.set(key, pointId)
    }
    const values = {
      accident_types: r.accidents,
      method: r.scores.method,
      score_l: r.scores.l,
      score_e: r.scores.method === 'LEC' ? r.scores.e : null,
      score_c: r.scores.method === 'LEC' ? r.scores.c : null,
      score_s: r.scores.method === 'LS' ? r.scores.s : null,
      score: r.score,
      level: r.level,
      control_level: r.controlLevel,
      post_id: resolved.posts.get(matchKey(r.post))!,
      measures: JSON.stringify(r.measures),
      updated_at: now,
    }
    if (resolved.risks.has(riskKey(pointId, r.source))) {
      await db
        .updateTable('risks')
        .set(values)
        .where('enterprise_id', '=', enterpriseId)
        .where('risk_point_id', '=', pointId)
        .where('hazard_source', '=', r.source)
        .execute()
      updated++
    } else {
      await db
        .insertInto('risks')
        .values({ ...values, enterprise_id: enterpriseId, risk_point_id: pointId, hazard_source: r.source, created_at: now })
        .execute()
      added++
    }
  }
  await markCommitted(db, enterpriseId, batchId)
  await recordAudit(db, {
    userId: actor.userId,
    enterpriseId,
    action: 'risk.import',
    target: batchId,
    result: 'ok',
    ...client,
    detail: { added, updated },
  })
  return { ok: true as const, added, updated }
}
