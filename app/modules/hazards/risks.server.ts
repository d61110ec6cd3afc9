import { sql, type Kysely } from 'kysely'
import type { Database } from '../../../db/types'
import { CONTROL_LEVELS, CONTROL_MEASURE_KINDS, type ControlLevel } from '../../../seeds/dual-prevention'
import type { RequestContext } from '../../db.server'
import { fieldErrorsOf, type FieldErrors } from '../../utils/form'
import { notFound } from '../../utils/http'
import { recordAudit } from '../audit/audit.server'
import { attachEvidence, checkEvidence, type UploadedFile } from '../evidence/evidence.server'
import { enterpriseAdmin } from '../auth/actor'
import { assessRisk, controlLevelProblem, needsSpecialPlan, RISK_PLAN_EVIDENCE, riskLevelInfo } from './rules'
import { canEditRiskRegister, canReadHazardRegister } from './policy'
import { riskPointSchema, riskSchema, type CheckItemListQuery, type RiskListQuery } from './schema'
import { containsPattern, type Page } from '../../utils/table-params'

// 风险分级管控清单: risk points (风险点) per unit, the 危险源 identified at each with their LEC or LS
// scores, the level the rules compute, the 管控措施 by kind, the 管控层级 and the responsible post.

type DB = Kysely<Database>

/**
 * Orders the writes that add 风险点 and 风险 to one enterprise's register: a manual addition and an
 * import commit (which resolves names first, then inserts) would otherwise both find a name free and
 * the second would meet the unique key as a 500. Held to the end of the request's transaction.
 */
export async function lockRiskRegister(db: DB, enterpriseId: string) {
  await sql`select pg_advisory_xact_lock(hashtext(${`risk-register:${enterpriseId}`}))`.execute(db)
}

export async function addRiskPoint(ctx: RequestContext, values: Record<string, string>) {
  const { db, actor, client, now } = ctx
  const enterpriseId = enterpriseAdmin(actor, '只有企业安全管理员可以维护风险清单')
  const parsed = riskPointSchema.safeParse(values)
  if (!parsed.success) return { ok: false as const, fieldErrors: fieldErrorsOf(parsed.error) }
  const unit = await db
    .selectFrom('org_units')
    .select('id')
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', parsed.data.unitId)
    .executeTakeFirst()
  if (!unit) return { ok: false as const, fieldErrors: { unitId: '请选择本企业的单元' } }
  await lockRiskRegister(db, enterpriseId)
  const taken = await db
    .selectFrom('risk_points')
    .select('id')
    .where('enterprise_id', '=', enterpriseId)
    .where('name', '=', parsed.data.name)
    .executeTakeFirst()
  if (taken) return { ok: false as const, fieldErrors: { name: '已有同名风险点' } }
  const row = await db
    .insertInto('risk_points')
    .values({
      enterprise_id: enterpriseId,
      unit_id: parsed.data.unitId,
      name: parsed.data.name,
      kind: parsed.data.kind,
      location: parsed.data.location,
      created_at: now,
    })
    .onConflict((oc) => oc.constraint('risk_points_name_uq').doNothing())
    .returning('id')
    .executeTakeFirst()
  if (!row) return { ok: false as const, fieldErrors: { name: '已有同名风险点' } }
  await recordAudit(db, { userId: actor.userId, enterpriseId, action: 'risk_point.add', target: row.id, result: 'ok', ...client })
  return { ok: true as const, id: row.id }
}

export async function addRisk(ctx: RequestContext, values: Record<string, string>) {
  const { db, actor, client, now } = ctx
  const enterpriseId = enterpriseAdmin(actor, '只有企业安全管理员可以维护风险清单')
  const parsed = riskSchema.safeParse(values)
  if (!parsed.success) return { ok: false as const, fieldErrors: fieldErrorsOf(parsed.error) }
  const v = parsed.data
  const scores =
    v.method === 'LEC'
      ? ({ method: 'LEC', l: v.scoreL, e: Number(v.scoreE), c: Number(v.scoreC) } as const)
      : ({ method: 'LS', l: v.scoreL, s: Number(v.scoreS) } as const)
  const assessed = assessRisk(scores)
  if (!assessed.ok) return { ok: false as const, fieldErrors: { [assessed.field]: assessed.message } as FieldErrors }
  const control = v.controlLevel as ControlLevel
  const problem = controlLevelProblem(assessed.level, control)
  if (problem) return { ok: false as const, fieldErrors: { controlLevel: problem } }
  const [point, post] = await Promise.all([
    db.selectFrom('risk_points').select('id').where('enterprise_id', '=', enterpriseId).where('id', '=', v.riskPointId).executeTakeFirst(),
    db.selectFrom('posts').select('id').where('enterprise_id', '=', enterpriseId).where('id', '=', v.postId).executeTakeFirst(),
  ])
  if (!point) return { ok: false as const, fieldErrors: { riskPointId: '请选择本企业的风险点' } }
  if (!post) return { ok: false as const, fieldErrors: { postId: '请选择本企业的岗位' } }
  const measures = CONTROL_MEASURE_KINDS.map((k) => ({ kind: k.code, content: (v[`measure_${k.code}`] ?? '').trim() })).filter(
    (m) => m.content,
  )
  await lockRiskRegister(db, enterpriseId)
  const row = await db
    .insertInto('risks')
    .values({
      enterprise_id: enterpriseId,
      risk_point_id: v.riskPointId,
      hazard_source: v.hazardSource,
      accident_types: v.accidentTypes,
      method: v.method,
      score_l: scores.l,
      score_e: scores.method === 'LEC' ? scores.e : null,
      score_c: scores.method === 'LEC' ? scores.c : null,
      score_s: scores.method === 'LS' ? scores.s : null,
      score: assessed.score,
      level: assessed.level,
      control_level: control,
      post_id: v.postId,
      measures: JSON.stringify(measures),
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.constraint('risks_source_uq').doNothing())
    .returning('id')
    .executeTakeFirst()
  if (!row) return { ok: false as const, fieldErrors: { hazardSource: '该风险点已登记此危险源' } }
  await recordAudit(db, { userId: actor.userId, enterpriseId, action: 'risk.add', target: row.id, result: 'ok', ...client })
  return { ok: true as const, id: row.id, level: assessed.level }
}

function riskView(
  r: {
    id: string
    hazard_source: string
    accident_types: string
    method: 'LEC' | 'LS'
    score_l: string
    score_e: string | null
    score_c: string | null
    score_s: string | null
    score: string
    level: 'major' | 'serious' | 'general' | 'low'
    control_level: ControlLevel
    measures: { kind: string; content: string }[]
    post_name: string
    point_name: string
  },
  planFiles: { id: string; name: string }[] = [],
) {
  const info = riskLevelInfo(r.level)
  return {
    id: r.id,
    pointName: r.point_name,
    hazardSource: r.hazard_source,
    accidentTypes: r.accident_types,
    method: r.method,
    formula:
      r.method === 'LEC'
        ? `D = ${Number(r.score_l)} × ${Number(r.score_e)} × ${Number(r.score_c)} = ${Number(r.score)}`
        : `R = ${Number(r.score_l)} × ${Number(r.score_s)} = ${Number(r.score)}`,
    level: r.level,
    levelName: info.name,
    colour: info.colour,
    hex: info.hex,
    controlLevel: CONTROL_LEVELS.find((c) => c.code === r.control_level)!.name,
    measures: r.measures.map((m) => ({ kind: CONTROL_MEASURE_KINDS.find((k) => k.code === m.kind)?.name ?? m.kind, content: m.content })),
    postName: r.post_name,
    needsSpecialPlan: needsSpecialPlan(r.level),
    // 专项管控方案 files (evidence module); a 重大/较大 risk without one is counted for item 13
    planFiles,
    planMissing: needsSpecialPlan(r.level) && planFiles.length === 0,
  }
}
export type RiskView = ReturnType<typeof riskView>

function risksQuery(db: DB, enterpriseId: string) {
  return db
    .selectFrom('risks as r')
    .innerJoin('risk_points as p', (j) => j.onRef('p.enterprise_id', '=', 'r.enterprise_id').onRef('p.id', '=', 'r.risk_point_id'))
    .innerJoin('posts as ps', (j) => j.onRef('ps.enterprise_id', '=', 'r.enterprise_id').onRef('ps.id', '=', 'r.post_id'))
    .where('r.enterprise_id', '=', enterpriseId)
    .select([
      'r.id',
      'r.risk_point_id',
      'r.hazard_source',
      'r.accident_types',
      'r.method',
      'r.score_l',
      'r.score_e',
      'r.score_c',
      'r.score_s',
      'r.score',
      'r.level',
      'r.control_level',
      'r.measures',
      'ps.name as post_name',
      'p.name as point_name',
    ])
    .orderBy('r.score', 'desc')
    .orderBy('r.hazard_source')
}

/** A risk's level as a rank, 重大 first (LEC and LS scores are on different scales: the score orders within a level). */
const levelRank = sql<number>`array_position(array['major', 'serious', 'general', 'low']::text[], r.level::text)`

/** A 重大/较大 risk with no 专项管控方案 on record (item 13), as a condition on `risks as r`. */
const planMissingSql = sql<boolean>`(r.level in ('major', 'serious') and not exists (
  select 1 from evidence_files f
  where f.enterprise_id = r.enterprise_id and f.owner_kind = ${RISK_PLAN_EVIDENCE} and f.owner_id = r.id))`

/**
 * The register (风险分级管控清单) as a table: filtered (level, risk point, post, a search, the risks
 * missing their 专项管控方案), sorted and paged in SQL, the most serious first; the level counts and the
 * missing plans counted in SQL over the whole register; the 专项管控方案 files read for the page's rows
 * only; and the pickers' options (filters and the forms). The print (风险公示栏), the 四色图 and the export
 * read the register whole elsewhere.
 */
export async function riskRegister(ctx: RequestContext, query: RiskListQuery) {
  const { db, actor } = ctx
  if (actor.kind !== 'enterprise' || !canReadHazardRegister(actor.role)) throw notFound()
  const enterpriseId = actor.enterpriseId
  let base = db
    .selectFrom('risks as r')
    .innerJoin('risk_points as p', (j) => j.onRef('p.enterprise_id', '=', 'r.enterprise_id').onRef('p.id', '=', 'r.risk_point_id'))
    .innerJoin('org_units as u', (j) => j.onRef('u.enterprise_id', '=', 'p.enterprise_id').onRef('u.id', '=', 'p.unit_id'))
    .innerJoin('posts as ps', (j) => j.onRef('ps.enterprise_id', '=', 'r.enterprise_id').onRef('ps.id', '=', 'r.post_id'))
    .where('r.enterprise_id', '=', enterpriseId)
  if (query.q) {
    const like = containsPattern(query.q)
    base = base.where((eb) =>
      eb.or([eb('r.hazard_source', 'like', like), eb('r.accident_types', 'like', like), eb('p.name', 'like', like)]),
    )
  }
  if (query.level) base = base.where('r.level', '=', query.level)
  if (query.point) base = base.where('r.risk_point_id', '=', query.point)
  if (query.post) base = base.where('r.post_id', '=', query.post)
  if (query.plan === 'missing') base = base.where(planMissingSql)
  // the matching risks are joined once with their sort keys (a materialized CTE), sorted and cut; then the
  // page's rows are read whole. Left to itself the planner walks every unit of the city in name order for
  // the LIMIT of a sort by point (EXPLAIN on the city: 153 ms against a few).
  const matching = db
    .with(
      (cte) => cte('i').materialized(),
      () =>
        base.select([
          'r.id',
          'r.score',
          'r.hazard_source',
          'ps.name as post_name',
          'p.name as point_name',
          'u.name as unit_name',
          sql<number>`${levelRank}`.as('level_rank'),
        ]),
    )
    .selectFrom('i')
  // 'level' ascending is the most serious first; ties by point and source so a page boundary is stable
  const flip = (dir: 'asc' | 'desc') => (dir === 'asc' ? 'desc' : 'asc')
  const order = {
    level: [
      ['i.level_rank', query.dir],
      ['i.score', flip(query.dir)],
    ],
    point: [
      ['i.unit_name', query.dir],
      ['i.point_name', query.dir],
      ['i.score', 'desc'],
    ],
    source: [['i.hazard_source', query.dir]],
    post: [
      ['i.post_name', query.dir],
      ['i.score', 'desc'],
    ],
  } as const
  let paged = matching.select(['i.id', sql<number>`count(*) over ()::int`.as('total')])
  for (const [column, dir] of order[query.sort]) paged = paged.orderBy(column, dir)
  const [ids, counts, points, units, posts] = await Promise.all([
    paged
      .orderBy('i.point_name')
      .orderBy('i.hazard_source')
      .orderBy('i.id')
      .limit(query.size)
      .offset((query.page - 1) * query.size)
      .execute(),
    db
      .selectFrom('risks as r')
      .where('r.enterprise_id', '=', enterpriseId)
      .select([
        sql<number>`count(*) filter (where r.level = 'major')::int`.as('major'),
        sql<number>`count(*) filter (where r.level = 'serious')::int`.as('serious'),
        sql<number>`count(*) filter (where r.level = 'general')::int`.as('general'),
        sql<number>`count(*) filter (where r.level = 'low')::int`.as('low'),
        sql<number>`count(*) filter (where ${planMissingSql})::int`.as('missingPlans'),
      ])
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('risk_points as p')
      .innerJoin('org_units as u', (j) => j.onRef('u.enterprise_id', '=', 'p.enterprise_id').onRef('u.id', '=', 'p.unit_id'))
      .where('p.enterprise_id', '=', enterpriseId)
      .select([
        'p.id',
        'p.name',
        'p.kind',
        'p.location',
        'u.name as unitName',
        // a point registered before its 危险源 is listed apart, so it is never lost from the page
        sql<boolean>`not exists (select 1 from risks x where x.enterprise_id = p.enterprise_id and x.risk_point_id = p.id)`.as('empty'),
      ])
      .execute(),
    db.selectFrom('org_units').select(['id', 'name']).where('enterprise_id', '=', enterpriseId).orderBy('sort').execute(),
    db.selectFrom('posts').select(['id', 'name']).where('enterprise_id', '=', enterpriseId).orderBy('name').execute(),
  ])
  // the total rides on the page's rows; a page past the end counts apart
  const total =
    ids[0]?.total ?? (query.page > 1 ? (await matching.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n : 0)
  const found = ids.length
    ? await risksQuery(db, enterpriseId)
        .innerJoin('org_units as u', (j) => j.onRef('u.enterprise_id', '=', 'p.enterprise_id').onRef('u.id', '=', 'p.unit_id'))
        .select('u.name as unit_name')
        .where(
          'r.id',
          'in',
          ids.map((i) => i.id),
        )
        .execute()
    : []
  const byId = new Map(found.map((r) => [r.id, r]))
  const rows = ids.map((i) => byId.get(i.id)!)
  // by unit and name, in the database's order (C collation: code points, as JavaScript compares)
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
  points.sort((a, b) => cmp(a.unitName, b.unitName) || cmp(a.name, b.name))
  const plans = await planFilesOf(
    db,
    enterpriseId,
    rows.filter((r) => needsSpecialPlan(r.level)).map((r) => r.id),
  )
  const { missingPlans, ...levels } = counts
  const page: Page<RiskView & { unitName: string }> = {
    rows: rows.map((r) => ({ ...riskView(r, plans.get(r.id) ?? []), unitName: r.unit_name })),
    total,
    page: query.page,
    size: query.size,
  }
  return { page, counts: levels, missingPlans, points, units, posts, canEdit: canEditRiskRegister(actor.role) }
}

/** The 专项管控方案 files of some risks, by risk. */
async function planFilesOf(db: DB, enterpriseId: string, riskIds: string[]) {
  const byRisk = new Map<string, { id: string; name: string }[]>()
  if (!riskIds.length) return byRisk
  const rows = await db
    .selectFrom('evidence_files')
    .select(['id', 'owner_id', 'file_name'])
    .where('enterprise_id', '=', enterpriseId)
    .where('owner_kind', '=', RISK_PLAN_EVIDENCE)
    .where('owner_id', 'in', riskIds)
    .orderBy('uploaded_at')
    .execute()
  for (const r of rows) byRisk.set(r.owner_id, [...(byRisk.get(r.owner_id) ?? []), { id: r.id, name: r.file_name }])
  return byRisk
}

/**
 * 专项管控方案: the admin puts the plan of a 重大 or 较大 risk on record, one document at a time
 * (PDF, Word or a scan), through the one evidence facility. A 一般 or 低 risk needs none, and takes none.
 */
export async function attachRiskPlan(ctx: RequestContext, riskId: string, files: UploadedFile[]) {
  const { db, actor, client } = ctx
  const enterpriseId = enterpriseAdmin(actor, '只有企业安全管理员可以维护风险清单')
  const risk = await db
    .selectFrom('risks')
    .select(['id', 'level', 'hazard_source'])
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', riskId)
    .forUpdate()
    .executeTakeFirst()
  if (!risk) throw notFound()
  if (!needsSpecialPlan(risk.level)) return { ok: false as const, fieldErrors: { plan: '只有重大风险和较大风险须制定专项管控方案' } }
  if (!files.length) return { ok: false as const, fieldErrors: { plan: '请选择专项管控方案文件' } }
  const checked = checkEvidence(files, 'document')
  if (!checked.ok) return { ok: false as const, fieldErrors: { plan: checked.message } }
  const attached = await attachEvidence(
    ctx,
    { kind: RISK_PLAN_EVIDENCE, id: risk.id },
    files.map((f) => ({ ...f, slot: 'plan' })),
    'document',
  )
  if (!attached.ok) return { ok: false as const, fieldErrors: { plan: attached.message } }
  await recordAudit(db, { userId: actor.userId, enterpriseId, action: 'risk.plan', target: risk.id, result: 'ok', ...client })
  return { ok: true as const }
}

/** 岗位风险告知: the risks a post is responsible for (its duty-list page, and the worker's phone). */
export async function risksOfPost(ctx: RequestContext, postId: string) {
  const { db, actor } = ctx
  if (actor.kind !== 'enterprise') throw notFound()
  const rows = await risksQuery(db, actor.enterpriseId).where('r.post_id', '=', postId).execute()
  return rows.map((r) => riskView(r))
}

/**
 * The 风险分级管控清单 as rows for the one export writer, in the columns of REGISTER_COLUMNS (the
 * import template's): what is exported can be edited and imported again.
 */
export async function riskLedgerRows(ctx: RequestContext) {
  const { db, actor } = ctx
  if (actor.kind !== 'enterprise' || !canReadHazardRegister(actor.role)) throw notFound()
  const rows = await db
    .selectFrom('risks as r')
    .innerJoin('risk_points as p', (j) => j.onRef('p.enterprise_id', '=', 'r.enterprise_id').onRef('p.id', '=', 'r.risk_point_id'))
    .innerJoin('org_units as u', (j) => j.onRef('u.enterprise_id', '=', 'p.enterprise_id').onRef('u.id', '=', 'p.unit_id'))
    .innerJoin('posts as ps', (j) => j.onRef('ps.enterprise_id', '=', 'r.enterprise_id').onRef('ps.id', '=', 'r.post_id'))
    .where('r.enterprise_id', '=', actor.enterpriseId)
    .select([
      'u.name as unit',
      'p.name as point',
      'p.kind as pointKind',
      'p.location',
      'r.hazard_source',
      'r.accident_types',
      'r.method',
      'r.score_l',
      'r.score_e',
      'r.score_c',
      'r.score_s',
      'r.score',
      'r.level',
      'r.control_level',
      'r.measures',
      'ps.name as post',
    ])
    .orderBy('u.name')
    .orderBy('p.name')
    .orderBy('r.score', 'desc')
    .orderBy('r.hazard_source')
    .execute()
  // numeric: a string from pg, a number from PGlite
  const num = (v: string | number | null) => (v === null ? null : Number(v))
  return rows.map((r) => {
    const info = riskLevelInfo(r.level)
    const measure = (code: string) => r.measures.find((m) => m.kind === code)?.content ?? null
    return {
      unit: r.unit,
      point: r.point,
      pointKind: r.pointKind,
      location: r.location || null,
      source: r.hazard_source,
      accidents: r.accident_types,
      method: r.method,
      l: num(r.score_l),
      e: num(r.score_e),
      c: num(r.score_c),
      s: num(r.score_s),
      score: num(r.score),
      level: `${info.name}（${info.colour}）`,
      controlLevel: CONTROL_LEVELS.find((c) => c.code === r.control_level)!.name,
      post: r.post,
      ...Object.fromEntries(CONTROL_MEASURE_KINDS.map((k) => [`measure_${k.code}`, measure(k.code)])),
    }
  })
}

const LEVEL_RANK: Record<string, number> = { major: 0, serious: 1, general: 2, low: 3 }

async function enterpriseHeader(db: DB, enterpriseId: string) {
  return db.selectFrom('enterprises').select(['name', 'phone']).where('id', '=', enterpriseId).executeTakeFirstOrThrow()
}

/**
 * 风险公示栏: the enterprise's risks (or one unit's, its sub-units included), most serious first, with
 * their measures, 管控层级 and responsible post, and the counts per level for the legend.
 */
export async function riskNotice(ctx: RequestContext, unitId: string | null) {
  const { db, actor } = ctx
  if (actor.kind !== 'enterprise' || !canReadHazardRegister(actor.role)) throw notFound()
  const enterpriseId = actor.enterpriseId
  const [enterprise, units, rows] = await Promise.all([
    enterpriseHeader(db, enterpriseId),
    db.selectFrom('org_units').select(['id', 'name', 'parent_id']).where('enterprise_id', '=', enterpriseId).orderBy('sort').execute(),
    risksQuery(db, enterpriseId)
      .innerJoin('org_units as u', (j) => j.onRef('u.enterprise_id', '=', 'p.enterprise_id').onRef('u.id', '=', 'p.unit_id'))
      .select(['p.unit_id', 'u.name as unit_name'])
      .execute(),
  ])
  let unit: { id: string; name: string } | null = null
  let inUnit = (_id: string) => true
  if (unitId) {
    const found = units.find((u) => u.id === unitId)
    if (!found) throw notFound()
    unit = { id: found.id, name: found.name }
    const below = new Set([found.id])
    // the unit and every unit under it (the tree is small: a few hundred units at most)
    for (let grew = true; grew;) {
      grew = false
      for (const u of units)
        if (u.parent_id && below.has(u.parent_id) && !below.has(u.id)) {
          below.add(u.id)
          grew = true
        }
    }
    inUnit = (id) => below.has(id)
  }
  const risks = rows
    .filter((r) => inUnit(r.unit_id))
    .sort((a, b) => LEVEL_RANK[a.level]! - LEVEL_RANK[b.level]! || Number(b.score) - Number(a.score))
    .map((r) => ({ ...riskView(r), unitName: r.unit_name }))
  const counts = { major: 0, serious: 0, general: 0, low: 0 }
  for (const r of risks) counts[r.level]++
  return {
    enterpriseName: enterprise.name,
    phone: enterprise.phone,
    unit,
    units: units.map((u) => ({ id: u.id, name: u.name })),
    risks,
    counts,
  }
}

/** 岗位风险告知卡: one post's risks with their measures and 应急处置, and whom to call. */
export async function postRiskCard(ctx: RequestContext, postId: string) {
  const { db, actor } = ctx
  if (actor.kind !== 'enterprise' || !canReadHazardRegister(actor.role)) throw notFound()
  const enterpriseId = actor.enterpriseId
  const post = await db
    .selectFrom('posts as ps')
    .innerJoin('org_units as u', (j) => j.onRef('u.enterprise_id', '=', 'ps.enterprise_id').onRef('u.id', '=', 'ps.org_unit_id'))
    .select(['ps.id', 'ps.name', 'u.name as unitName'])
    .where('ps.enterprise_id', '=', enterpriseId)
    .where('ps.id', '=', postId)
    .executeTakeFirst()
  if (!post) throw notFound()
  const [enterprise, rows] = await Promise.all([
    enterpriseHeader(db, enterpriseId),
    risksQuery(db, enterpriseId).where('r.post_id', '=', postId).execute(),
  ])
  const risks = rows
    .sort((a, b) => LEVEL_RANK[a.level]! - LEVEL_RANK[b.level]! || Number(b.score) - Number(a.score))
    .map((r) => {
      const v = riskView(r)
      const emergency = r.measures.filter((m) => m.kind === 'emergency').map((m) => m.content)
      return { ...v, prevention: v.measures.filter((_m, i) => r.measures[i]!.kind !== 'emergency'), emergency }
    })
  return { enterpriseName: enterprise.name, phone: enterprise.phone, post, risks }
}

/**
 * 风险四色图: every unit under the enterprise with its risk points, coloured by its highest risk; the
 * layout is the pure riskMapLayout's (map.ts).
 */
export async function riskMapData(ctx: RequestContext) {
  const { db, actor } = ctx
  if (actor.kind !== 'enterprise' || !canReadHazardRegister(actor.role)) throw notFound()
  const enterpriseId = actor.enterpriseId
  const [enterprise, units, points, risks] = await Promise.all([
    enterpriseHeader(db, enterpriseId),
    db
      .selectFrom('org_units')
      .select(['id', 'name', 'parent_id', 'kind'])
      .where('enterprise_id', '=', enterpriseId)
      .orderBy('sort')
      .execute(),
    db.selectFrom('risk_points').select(['id', 'unit_id', 'name']).where('enterprise_id', '=', enterpriseId).orderBy('name').execute(),
    db.selectFrom('risks').select(['risk_point_id', 'level']).where('enterprise_id', '=', enterpriseId).execute(),
  ])
  const parentName = new Map(units.map((u) => [u.id, u.name]))
  const pointUnit = new Map(points.map((p) => [p.id, p.unit_id]))
  return {
    enterpriseName: enterprise.name,
    units: units
      // the enterprise itself is no area on the map; its departments, workshops and teams are
      .filter((u) => u.parent_id !== null)
      .map((u) => ({
        id: u.id,
        name: u.name,
        parentName: u.parent_id ? (parentName.get(u.parent_id) ?? null) : null,
        points: points.filter((p) => p.unit_id === u.id).map((p) => p.name),
        levels: risks.filter((r) => pointUnit.get(r.risk_point_id) === u.id).map((r) => r.level),
      })),
  }
}

/**
 * The 排查清单 derived from the register: every 管控措施 of every risk is a check item (隐患排查 checks
 * that the measures are in place). Ordered by unit, risk point, the most serious risk first, then the
 * kinds in their catalogue order. Read by the checks module (it writes only its own tables).
 */
export async function derivedCheckList(db: DB, enterpriseId: string) {
  const rows = await db
    .selectFrom('risks as r')
    .innerJoin('risk_points as p', (j) => j.onRef('p.enterprise_id', '=', 'r.enterprise_id').onRef('p.id', '=', 'r.risk_point_id'))
    .innerJoin('org_units as u', (j) => j.onRef('u.enterprise_id', '=', 'p.enterprise_id').onRef('u.id', '=', 'p.unit_id'))
    .innerJoin('posts as ps', (j) => j.onRef('ps.enterprise_id', '=', 'r.enterprise_id').onRef('ps.id', '=', 'r.post_id'))
    .where('r.enterprise_id', '=', enterpriseId)
    .select([
      'r.id',
      'r.hazard_source',
      'r.level',
      'r.measures',
      'r.post_id',
      'ps.name as post_name',
      'p.id as point_id',
      'p.name as point_name',
      'p.location',
      'u.name as unit_name',
    ])
    .orderBy('u.name')
    .orderBy('p.name')
    .orderBy('r.score', 'desc')
    .orderBy('r.hazard_source')
    .execute()
  return rows.flatMap((r) =>
    CONTROL_MEASURE_KINDS.flatMap((k) => {
      const m = r.measures.find((x) => x.kind === k.code)
      return m && m.content ? [checkListItem(r, k, m.content)] : []
    }),
  )
}

/** What a risk's row brings to its check items (both the whole list and a page of it select these). */
interface CheckListSource {
  id: string
  hazard_source: string
  level: Parameters<typeof riskLevelInfo>[0]
  post_id: string
  post_name: string
  point_id: string
  point_name: string
  location: string
  unit_name: string
}

/** One item of the 排查清单: a risk's 管控措施 of one catalogue kind, with where and whose it is. */
function checkListItem(r: CheckListSource, kind: { code: string; name: string }, content: string) {
  const info = riskLevelInfo(r.level)
  return {
    riskId: r.id,
    measureKind: kind.code,
    measureKindName: kind.name,
    content,
    hazardSource: r.hazard_source,
    level: r.level,
    levelName: info.name,
    colour: info.colour,
    hex: info.hex,
    pointId: r.point_id,
    pointName: r.point_name,
    location: r.location,
    unitName: r.unit_name,
    postId: r.post_id,
    postName: r.post_name,
  }
}
export type CheckListItem = ReturnType<typeof checkListItem>

/**
 * The 排查清单 as a table: the same items as `derivedCheckList` (each risk's 管控措施 of a catalogue kind
 * with a wording), one row per measure by `jsonb_array_elements`, filtered (a search, level, measure
 * kind, post), sorted and paged in SQL, counted in SQL. The plan form still reads the list whole.
 */
export async function checkListPage(db: DB, enterpriseId: string, query: CheckItemListQuery) {
  const kinds = CONTROL_MEASURE_KINDS.map((k) => k.code as string)
  const kindOrder = sql<number>`array_position(${sql.val(kinds)}::text[], m.value->>'kind')`
  let base = db
    .selectFrom('risks as r')
    .innerJoin('risk_points as p', (j) => j.onRef('p.enterprise_id', '=', 'r.enterprise_id').onRef('p.id', '=', 'r.risk_point_id'))
    .innerJoin('org_units as u', (j) => j.onRef('u.enterprise_id', '=', 'p.enterprise_id').onRef('u.id', '=', 'p.unit_id'))
    .innerJoin('posts as ps', (j) => j.onRef('ps.enterprise_id', '=', 'r.enterprise_id').onRef('ps.id', '=', 'r.post_id'))
    .innerJoin(sql<{ value: unknown }>`jsonb_array_elements(r.measures)`.as('m'), (j) => j.onTrue())
    .where('r.enterprise_id', '=', enterpriseId)
    .where(sql<boolean>`m.value->>'kind' = any(${sql.val(kinds)}::text[]) and coalesce(m.value->>'content', '') <> ''`)
  if (query.q) {
    const like = containsPattern(query.q)
    base = base.where(
      sql<boolean>`(r.hazard_source like ${like} or p.name like ${like} or u.name like ${like} or m.value->>'content' like ${like})`,
    )
  }
  if (query.level) base = base.where('r.level', '=', query.level as 'major')
  if (query.kind) base = base.where(sql<boolean>`m.value->>'kind' = ${query.kind}`)
  if (query.post) base = base.where('r.post_id', '=', query.post)
  const dir = query.dir
  // the matching items are joined once, in full (a materialized CTE), then sorted and cut: left to
  // itself the planner walks every unit of the city in name order for the LIMIT (EXPLAIN on the city:
  // 120 ms against 26 ms)
  const matching = db
    .with(
      (cte) => cte('i').materialized(),
      () =>
        base.select([
          'r.id',
          'r.hazard_source',
          'r.level',
          'r.score',
          'r.post_id',
          'ps.name as post_name',
          'p.id as point_id',
          'p.name as point_name',
          'p.location',
          'u.name as unit_name',
          sql<string>`m.value->>'kind'`.as('kind'),
          sql<string>`m.value->>'content'`.as('content'),
          sql<number>`${levelRank}`.as('level_rank'),
          sql<number>`${kindOrder}`.as('kind_order'),
        ]),
    )
    .selectFrom('i')
  let paged = matching.selectAll('i').select(sql<number>`count(*) over ()::int`.as('total'))
  if (query.sort === 'level') paged = paged.orderBy('i.level_rank', dir).orderBy('i.score', dir === 'asc' ? 'desc' : 'asc')
  if (query.sort === 'post') paged = paged.orderBy('i.post_name', dir)
  paged = paged.orderBy('i.unit_name', query.sort === 'point' ? dir : 'asc').orderBy('i.point_name', query.sort === 'point' ? dir : 'asc')
  const [posts, rows] = await Promise.all([
    // the posts responsible for a risk: the post filter's choices
    db
      .selectFrom('posts as ps')
      .where('ps.enterprise_id', '=', enterpriseId)
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom('risks as r')
            .select(sql.lit(1).as('one'))
            .whereRef('r.enterprise_id', '=', 'ps.enterprise_id')
            .whereRef('r.post_id', '=', 'ps.id'),
        ),
      )
      .select(['ps.id', 'ps.name'])
      .orderBy('ps.name')
      .execute(),
    paged
      .orderBy('i.score', 'desc')
      .orderBy('i.hazard_source')
      .orderBy('i.id')
      .orderBy('i.kind_order')
      .limit(query.size)
      .offset((query.page - 1) * query.size)
      .execute(),
  ])
  // the total rides on the page's rows; a page past the end counts apart
  const total =
    rows[0]?.total ?? (query.page > 1 ? (await matching.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n : 0)
  const items = rows.map((r) =>
    checkListItem(
      r,
      CONTROL_MEASURE_KINDS.find((k) => k.code === r.kind)!,
      r.content,
    ),
  )
  const page: Page<CheckListItem> = { rows: items, total, page: query.page, size: query.size }
  return { page, posts }
}
