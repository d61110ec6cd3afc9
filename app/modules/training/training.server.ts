import { sql } from 'kysely'
import type { TrainingKind, TrainingLevel } from '../../../db/types'
import { dayProblem, parseDay } from '../../utils/calendar'
import { todayInShanghai } from '../../utils/dates'
import { pageOf, textSearch } from '../../utils/table-params'
import { matchKey } from '../../utils/form'
import { notFound } from '../../utils/http'
import { recordAudit } from '../audit/audit.server'
import { enterpriseAdmin, enterpriseStaff, ownEmployee } from '../auth/actor'
import { cleanCode, cleanText } from '../excel/cells'
import { createBatch, loadBatch, markCommitted, type ImportProblem } from '../excel/batches.server'
import { readSheet, withCellProblems } from '../excel/workbook.server'
import { allEmployeesOf, currentAssignmentsQuery, setRequiredCertificates } from '../org/org.server'
import { maskIdCard } from '../org/rules'
import { scopeHolding } from '../reference/scope.server'
import { attachEvidence, checkEvidence, evidenceOf, evidenceOfKindsForRegulator, evidenceOfOwners } from '../evidence/evidence.server'
import { industryOfEnterprise } from '../reference/reference.server'
import { certificateKey, needsResolving, parseChoice } from '../reference/catalogue'
import { loadCatalogue } from '../reference/catalogue.server'
import {
  certificateState,
  checkCertificateDates,
  CERTIFICATE_STATE_LABELS,
  isShortOfHours,
  trainingHours,
  type CertificateState,
  type TrainingRole,
} from './rules'
import { SESSION_EVIDENCE_SLOTS } from './schema'
import type { RequestContext } from '../../db.server'

// 教育培训 and 持证上岗: sessions, attendance (picked or imported from the sign-in sheet), the
// required-hours engine per worker and year, certificates and what is missing.

export interface SessionInput {
  topic: string
  kind: TrainingKind
  level: TrainingLevel | null
  status: 'planned' | 'held'
  heldOn: string
  hours: number
  trainer: string
  place: string
  assessment: string
}

export async function createSession(ctx: RequestContext, input: SessionInput, employeeIds: string[]) {
  const { db, actor, client } = ctx
  const enterpriseId = enterpriseAdmin(actor, '只有企业安全管理员可以登记培训和证书')
  const errors: Record<string, string> = {}
  if ((input.kind === '岗前三级教育' || input.kind === '转岗复岗') && !input.level)
    errors.level = '三级教育和转岗复岗培训请选择级别（厂级/车间级/班组级）'
  if (input.status === 'held' && input.heldOn > todayInShanghai(ctx.now))
    errors.heldOn = '已举办的培训日期不能晚于今天；计划中的培训请选“计划”'
  if (input.status === 'planned' && employeeIds.length) errors.attendees = '计划中的培训不能登记参训人员'
  if (!(await allEmployeesOf(db, enterpriseId, employeeIds))) errors.attendees = '参训人员须是本企业职工'
  if (Object.keys(errors).length) return { ok: false as const, fieldErrors: errors }
  const row = await db
    .insertInto('training_sessions')
    .values({
      enterprise_id: enterpriseId,
      topic: input.topic,
      kind: input.kind,
      level: input.level,
      status: input.status,
      held_on: input.heldOn,
      hours: input.hours,
      trainer: input.trainer,
      place: input.place,
      assessment: input.assessment,
      created_by: actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  if (employeeIds.length) {
    await db
      .insertInto('training_attendance')
      .values(
        [...new Set(employeeIds)].map((employee_id) => ({ enterprise_id: enterpriseId, session_id: row.id, employee_id, result: null })),
      )
      .execute()
  }
  await recordAudit(db, {
    userId: actor.userId,
    enterpriseId,
    action: 'training.create',
    target: row.id,
    result: 'ok',
    ...client,
    at: ctx.now,
  })
  return { ok: true as const, sessionId: row.id }
}

export async function listSessions(ctx: RequestContext) {
  return sessionsWithAttendance(ctx.db, enterpriseStaff(ctx.actor)).limit(200).execute()
}

/** An enterprise's sessions with their attendance counts, latest first. */
function sessionsWithAttendance(db: RequestContext['db'], enterpriseId: string) {
  return db
    .selectFrom('training_sessions as s')
    .select([
      's.id',
      's.topic',
      's.kind',
      's.level',
      's.status',
      's.held_on',
      's.hours',
      's.trainer',
      (eb) =>
        eb
          .selectFrom('training_attendance as a')
          .select(sql<number>`count(*)::int`.as('n'))
          .whereRef('a.enterprise_id', '=', 's.enterprise_id')
          .whereRef('a.session_id', '=', 's.id')
          .as('attendees'),
    ])
    .where('s.enterprise_id', '=', enterpriseId)
    .orderBy('s.held_on', 'desc')
}

export async function getSession(ctx: RequestContext, id: string) {
  const { db, actor } = ctx
  const enterpriseId = enterpriseStaff(actor)
  const s = await db
    .selectFrom('training_sessions')
    .selectAll()
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', id)
    .executeTakeFirst()
  if (!s) throw notFound()
  const attendees = await db
    .selectFrom('training_attendance as a')
    .innerJoin('employees as e', (j) => j.onRef('e.enterprise_id', '=', 'a.enterprise_id').onRef('e.id', '=', 'a.employee_id'))
    .select(['e.id', 'e.name', 'e.employee_no', 'a.result'])
    .where('a.enterprise_id', '=', enterpriseId)
    .where('a.session_id', '=', id)
    .orderBy('e.employee_no')
    .execute()
  return { ...s, hours: Number(s.hours), attendees }
}

// ---------------------------------------------------------------------------------------------
// Sign-in sheet import (same pipeline as the roster: preview, then all or nothing)

export const ATTENDANCE_COLUMNS = [
  { key: 'name', headers: ['姓名'], required: true, label: '姓名' },
  { key: 'employeeNo', headers: ['工号', '员工编号'], required: true, label: '工号', textOnly: true },
  { key: 'result', headers: ['考核结果', '考试结果', '成绩', '考核'], required: false, label: '考核结果' },
] as const

interface AttendanceRow {
  sessionId: string
  row: number
  employeeId: string
  name: string
  employeeNo: string
  result: '合格' | '不合格' | null
}

export async function previewAttendanceImport(ctx: RequestContext, sessionId: string, file: { name: string; bytes: Buffer }) {
  const { db, actor } = ctx
  const enterpriseId = enterpriseAdmin(actor, '只有企业安全管理员可以登记培训和证书')
  const session = await db
    .selectFrom('training_sessions')
    .select(['id', 'status'])
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', sessionId)
    .executeTakeFirst()
  if (!session) throw notFound()
  if (session.status !== 'held') return { ok: false as const, message: '计划中的培训不能导入签到表，请先改为已举办' }
  const sheet = await readSheet(file.bytes, ATTENDANCE_COLUMNS)
  if (!sheet.ok) return sheet
  if (!sheet.rows.length) return { ok: false as const, message: '文件中没有数据行' }
  const employees = await db
    .selectFrom('employees')
    .select(['id', 'name', 'employee_no'])
    .where('enterprise_id', '=', enterpriseId)
    .execute()
  const byNo = new Map(employees.map((e) => [e.employee_no, e]))
  const already = new Set(
    (
      await db
        .selectFrom('training_attendance')
        .select('employee_id')
        .where('enterprise_id', '=', enterpriseId)
        .where('session_id', '=', sessionId)
        .execute()
    ).map((a) => a.employee_id),
  )
  const problems: ImportProblem[] = []
  const rows: AttendanceRow[] = []
  const seen = new Map<string, number>()
  for (const { rowNumber: row, cells } of sheet.rows) {
    const name = cleanText(cells.name).replace(/\s+/g, '')
    const employeeNo = cleanCode(cells.employeeNo).replace(/\s+/g, '').toUpperCase()
    const resultText = cleanCode(cells.result)
    const before = problems.length
    const employee = byNo.get(employeeNo)
    if (!employeeNo) problems.push({ row, column: '工号', message: '工号不能为空' })
    else if (!employee) problems.push({ row, column: '工号', message: `花名册中没有工号 ${employeeNo}` })
    else if (matchKey(employee.name) !== matchKey(name))
      problems.push({ row, column: '姓名', message: `工号 ${employeeNo} 在花名册中是“${employee.name}”，与“${name}”不符` })
    else if (seen.has(employeeNo)) problems.push({ row, column: '工号', message: `与第 ${seen.get(employeeNo)} 行重复` })
    else if (already.has(employee.id)) problems.push({ row, column: '工号', message: `${employee.name} 已登记为本次培训的参训人员` })
    const result =
      resultText === ''
        ? null
        : resultText === '合格' || resultText === '通过'
          ? '合格'
          : resultText === '不合格' || resultText === '未通过'
            ? '不合格'
            : undefined
    if (result === undefined) problems.push({ row, column: '考核结果', message: `考核结果“${resultText}”应为 合格 或 不合格` })
    if (employeeNo) seen.set(employeeNo, row)
    if (problems.length === before && employee && result !== undefined)
      rows.push({ sessionId, row, employeeId: employee.id, name: employee.name, employeeNo, result })
  }
  const refused = new Set(sheet.problems.map((p) => p.row))
  const batchId = await createBatch(db, enterpriseId, actor.userId, {
    kind: 'attendance',
    fileName: file.name,
    rowCount: sheet.rows.length,
    rows: rows.filter((r) => !refused.has(r.row)),
    problems: withCellProblems(sheet.problems, problems),
  })
  return { ok: true as const, batchId }
}

export async function getAttendanceBatch(ctx: RequestContext, batchId: string) {
  const { db, actor } = ctx
  const enterpriseId = enterpriseAdmin(actor, '只有企业安全管理员可以登记培训和证书')
  const b = await loadBatch<AttendanceRow>(db, enterpriseId, batchId, 'attendance')
  return { ...b, problems: b.problems.slice(0, 500), problemCount: b.problems.length, sessionId: b.rows[0]?.sessionId ?? null }
}

export async function commitAttendanceImport(ctx: RequestContext, batchId: string) {
  const { db, actor, client } = ctx
  const enterpriseId = enterpriseAdmin(actor, '只有企业安全管理员可以登记培训和证书')
  const b = await loadBatch<AttendanceRow>(db, enterpriseId, batchId, 'attendance', true)
  if (b.status !== 'previewed') return { ok: false as const, message: '这批数据已经导入过或已放弃' }
  if (b.problems.length || !b.rows.length) return { ok: false as const, message: '文件中有错误，整批未导入；请修改后重新上传' }
  const sessionId = b.rows[0]!.sessionId
  const clash = await db
    .selectFrom('training_attendance')
    .select('employee_id')
    .where('enterprise_id', '=', enterpriseId)
    .where('session_id', '=', sessionId)
    .where(
      'employee_id',
      'in',
      b.rows.map((r) => r.employeeId),
    )
    .execute()
  if (clash.length) return { ok: false as const, message: '预览之后参训名单已有变化，整批未导入；请重新上传' }
  await db
    .insertInto('training_attendance')
    .values(b.rows.map((r) => ({ enterprise_id: enterpriseId, session_id: sessionId, employee_id: r.employeeId, result: r.result })))
    .execute()
  await markCommitted(db, enterpriseId, batchId)
  await recordAudit(db, {
    userId: actor.userId,
    enterpriseId,
    action: 'training.attendance_import',
    target: sessionId,
    result: 'ok',
    ...client,
    detail: { rows: b.rows.length },
    at: ctx.now,
  })
  return { ok: true as const, sessionId, count: b.rows.length }
}

// ---------------------------------------------------------------------------------------------
// Hours per worker

/**
 * Every current worker's required and achieved hours for a year, the shortfall first. The rules
 * run in TypeScript (rules.ts) over rows fetched in two queries.
 */
export async function hoursOverview(ctx: RequestContext, year: number, today = todayInShanghai(ctx.now)) {
  const { db, actor } = ctx
  const enterpriseId = enterpriseStaff(actor)
  const { industry, rows } = await hoursOf(db, enterpriseId, year, today)
  rows.sort(
    (a, b) =>
      Number(b.shortfall > 0 || b.missingLevels.length > 0) - Number(a.shortfall > 0 || a.missingLevels.length > 0) ||
      b.shortfall - a.shortfall ||
      byText(a.employeeNo, b.employeeNo),
  )
  return { year, industry, rows, short: rows.filter(isShortOfHours).length }
}

export interface HoursListQuery {
  q: string
  /** only those short of hours or missing an induction level */
  short: boolean
  page: number
  size: number
}

/**
 * The hours page: the per-unit summary of every current holder, and the people one page at a time
 * (the shortfall first), narrowed by a name, 工号 or post. The largest enterprise's 10,000 workers
 * were one 6.5 MB page.
 */
export async function hoursList(ctx: RequestContext, year: number, query: HoursListQuery, today = todayInShanghai(ctx.now)) {
  const o = await hoursOverview(ctx, year, today)
  const units = new Map<string, { unit: string; people: number; short: number; required: number; achieved: number }>()
  for (const r of o.rows) {
    const u = units.get(r.unitName) ?? { unit: r.unitName, people: 0, short: 0, required: 0, achieved: 0 }
    u.people++
    if (isShortOfHours(r)) u.short++
    u.required = Math.round((u.required + r.required) * 10) / 10
    u.achieved = Math.round((u.achieved + r.achieved) * 10) / 10
    units.set(r.unitName, u)
  }
  const byUnit = [...units.values()].sort((a, b) => b.short - a.short || a.unit.localeCompare(b.unit, 'zh'))
  const search = textSearch(query.q)
  const page = pageOf(
    o.rows.filter((r) => (!query.short || isShortOfHours(r)) && search(r.name, r.employeeNo, r.posts)),
    query,
  )
  return { year: o.year, industry: o.industry, short: o.short, people: o.rows.length, byUnit, page }
}

// localeCompare's order from one collator: localeCompare itself builds one per call (10,000 workers sorted: 100 ms)
const byText = new Intl.Collator().compare

function groupByEmployee<T extends { employee_id: string }>(rows: T[]): Map<string, T[]> {
  const out = new Map<string, T[]>()
  for (const r of rows) {
    const list = out.get(r.employee_id)
    if (list) list.push(r)
    else out.set(r.employee_id, [r])
  }
  return out
}

/**
 * One row per current post holder with the dates the rules need, aggregated in SQL: each assignment
 * fetched twice with its names (20,000 rows and 20,000 more for the largest enterprise) was most of its
 * home page. The same current assignments as currentAssignmentsQuery (org.server.ts): a post not
 * archived, taken up by today and not yet left; `transferredOn` from every assignment ever. Grouped by
 * the id alone; the lists add the names (grouping by the names too sorted 20,000 rows by text).
 */
function holdersQuery(db: RequestContext['db'], enterpriseId: string, today: string, only?: string) {
  const current = sql<boolean>`(p.archived_at is null and a.start_on <= ${today} and (a.end_on is null or a.end_on >= ${today}))`
  let query = db
    .selectFrom('assignments as a')
    .innerJoin('posts as p', (j) => j.onRef('p.enterprise_id', '=', 'a.enterprise_id').onRef('p.id', '=', 'a.post_id'))
    .innerJoin('org_units as u', (j) => j.onRef('u.enterprise_id', '=', 'p.enterprise_id').onRef('u.id', '=', 'p.org_unit_id'))
    .select([
      'a.employee_id',
      sql<string | null>`(min(a.start_on) filter (where ${current} and p.tier = 1))::text`.as('principal_since'),
      sql<string | null>`(min(a.start_on) filter (where ${current} and p.is_safety_manager))::text`.as('safety_since'),
      sql<string | null>`case when count(*) > 1 then max(a.start_on)::text end`.as('transferred_on'),
    ])
    .where('a.enterprise_id', '=', enterpriseId)
    .groupBy('a.employee_id')
    .having(sql<boolean>`bool_or(${current})`)
  if (only) query = query.where('a.employee_id', '=', only)
  return { query, current }
}

/** Each holder's hours by the rules (training/rules.ts) from their dates and the sessions they passed. */
async function applyHourRules<
  P extends {
    employee_id: string
    hired_on: string
    principal_since: string | null
    safety_since: string | null
    transferred_on: string | null
  },
>(
  db: RequestContext['db'],
  enterpriseId: string,
  year: number,
  people: P[],
  industry: Awaited<ReturnType<typeof industryOfEnterprise>>,
  only?: string,
) {
  let attendedQuery = db
    .selectFrom('training_attendance as a')
    .innerJoin('training_sessions as s', (j) => j.onRef('s.enterprise_id', '=', 'a.enterprise_id').onRef('s.id', '=', 'a.session_id'))
    .select(['a.employee_id', 's.kind', 's.level', 's.held_on', 's.hours'])
    .where('a.enterprise_id', '=', enterpriseId)
    .where('s.status', '=', 'held')
    .where((eb) => eb.or([eb('a.result', 'is', null), eb('a.result', '=', '合格')]))
  if (only) attendedQuery = attendedQuery.where('a.employee_id', '=', only)
  const attended = await attendedQuery.execute()
  // each person's rows grouped once, in the order read: filtering the whole enterprise's lists per person
  // was quadratic (the city's largest: 10,000 workers × 40,685 attendances and 10,000 assignments, 15 s of its 一企一档)
  const attendedBy = groupByEmployee(attended)
  return people.map((e) => {
    const role: TrainingRole = e.principal_since ? 'principal' : e.safety_since ? 'safety_manager' : 'worker'
    // a training category (TrainingRole), not the account's role: since when the person is principal or safety manager
    const roleSince = role === 'principal' ? e.principal_since : role === 'safety_manager' ? e.safety_since : null
    return {
      person: e,
      result: trainingHours(
        {
          role,
          roleSince,
          hiredOn: e.hired_on,
          transferredOn: e.transferred_on,
          year,
          sessions: (attendedBy.get(e.employee_id) ?? []).map((a) => ({
            kind: a.kind,
            level: a.level,
            heldOn: a.held_on,
            hours: Number(a.hours),
          })),
        },
        { highRisk: industry.highRisk, construction: industry.code === 'construction' },
      ),
    }
  })
}

/** Required and achieved hours of the current post holders for a year; of one employee when `only` is given. */
async function hoursOf(db: RequestContext['db'], enterpriseId: string, year: number, today: string, only?: string) {
  const industry = await industryOfEnterprise(db, enterpriseId)
  const { query, current } = holdersQuery(db, enterpriseId, today, only)
  // a person's posts sorted here (an ordered aggregate sorts once per person in the database)
  const named = query.select([
    sql<string>`min(u.name) filter (where ${current})`.as('unit_name'),
    sql<string[]>`array_agg(p.name) filter (where ${current})`.as('posts'),
  ])
  const people = await db
    .selectFrom(named.as('h'))
    .innerJoin('employees as e', (j) => j.on('e.enterprise_id', '=', enterpriseId).onRef('e.id', '=', 'h.employee_id'))
    .select([
      'h.employee_id',
      'e.name',
      'e.employee_no',
      'e.hired_on',
      'h.principal_since',
      'h.safety_since',
      'h.transferred_on',
      'h.unit_name',
      'h.posts',
    ])
    .execute()
  const rows = (await applyHourRules(db, enterpriseId, year, people, industry, only)).map(({ person: e, result }) => ({
    employeeId: e.employee_id,
    name: e.name,
    employeeNo: e.employee_no,
    unitName: e.unit_name,
    posts: [...e.posts].sort(byText).join('、'),
    ...result,
  }))
  return { industry, rows }
}

/**
 * The hours' figures (the home page, item 6 and the status report): how many hold a post today and how
 * many are short of hours or miss an induction level — hoursOverview's counts without the names, posts
 * and units its list shows, which were most of what the largest enterprise's home page read and parsed.
 */
export async function hoursFigures(ctx: RequestContext, year: number, today = todayInShanghai(ctx.now)) {
  return hourCounts(ctx.db, enterpriseStaff(ctx.actor), year, today)
}

/** The holders and those short of hours, without their names (the caller has decided who may see them). */
async function hourCounts(db: RequestContext['db'], enterpriseId: string, year: number, today: string) {
  const industry = await industryOfEnterprise(db, enterpriseId)
  const people = await db
    .selectFrom(holdersQuery(db, enterpriseId, today).query.as('h'))
    .innerJoin('employees as e', (j) => j.on('e.enterprise_id', '=', enterpriseId).onRef('e.id', '=', 'h.employee_id'))
    .select(['h.employee_id', 'e.hired_on', 'h.principal_since', 'h.safety_since', 'h.transferred_on'])
    .execute()
  const rows = await applyHourRules(db, enterpriseId, year, people, industry)
  return { workers: rows.length, short: rows.filter(({ result }) => isShortOfHours(result)).length }
}

/** One employee's hours for a year (the 考核 evidence beside an assessment; the caller decides who may see them). */
export async function employeeHours(ctx: RequestContext, employeeId: string, year: number, today = todayInShanghai(ctx.now)) {
  const enterpriseId = enterpriseStaff(ctx.actor)
  return (await hoursOf(ctx.db, enterpriseId, year, today, employeeId)).rows[0] ?? null
}

// ---------------------------------------------------------------------------------------------
// Certificates

export interface CertificateInput {
  employeeId: string
  kind: string
  number: string
  authority: string
  issuedOn: string
  expiresOn: string
  reviewDueOn: string | null
}

export { loadCatalogue }

/**
 * Records a certificate picked from the catalogue (or "其他：名称"). Its dates are checked against the
 * calendar and the kind's validity (`today` is passed in); a missing 复审 date is derived from the kind.
 * Nothing is written unless the certificate and its scan are all acceptable.
 */
export async function addCertificate(
  ctx: RequestContext,
  input: CertificateInput,
  scans: { name: string; bytes: Buffer }[] = [],
  today = todayInShanghai(ctx.now),
) {
  const { db, actor, client } = ctx
  const enterpriseId = enterpriseAdmin(actor, '只有企业安全管理员可以登记培训和证书')
  const errors: Record<string, string> = {}
  const checked = checkEvidence(scans, 'scan')
  if (!checked.ok) errors.scan = checked.message
  const employee = await db
    .selectFrom('employees')
    .select('id')
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', input.employeeId)
    .executeTakeFirst()
  if (!employee) errors.employeeId = '请选择本企业职工'
  const choice = parseChoice(input.kind, await loadCatalogue(db))
  if (!choice.ok) errors.kind = choice.message
  const dates = checkCertificateDates(
    input,
    choice.ok && choice.item
      ? { kind: choice.item.kind, validityYears: choice.item.validityYears, reviewYears: choice.item.reviewYears }
      : null,
    today,
  )
  if (!dates.ok) Object.assign(errors, dates.fieldErrors)
  if (Object.keys(errors).length || !choice.ok || !dates.ok) return { ok: false as const, fieldErrors: errors }
  const row = await db
    .insertInto('certificates')
    .values({
      enterprise_id: enterpriseId,
      employee_id: input.employeeId,
      kind: choice.name,
      catalogue_code: choice.item?.code ?? null,
      number: input.number,
      authority: input.authority,
      issued_on: input.issuedOn,
      expires_on: input.expiresOn,
      review_due_on: dates.reviewDueOn,
      created_by: actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  if (scans.length) {
    const attached = await attachEvidence(
      ctx,
      { kind: 'certificate', id: row.id },
      scans.map((f) => ({ ...f, slot: 'scan' })),
      'scan',
    )
    if (!attached.ok) throw new Error(attached.message)
  }
  await recordAudit(db, {
    userId: actor.userId,
    enterpriseId,
    action: 'certificate.create',
    target: row.id,
    result: 'ok',
    ...client,
    detail: { catalogue: choice.item?.code ?? null },
    at: ctx.now,
  })
  return { ok: true as const, certificateId: row.id }
}

/** The current assignments whose post requires a certificate (most posts require none). */
function requiringAssignments(db: RequestContext['db'], enterpriseId: string, today: string) {
  return currentAssignmentsQuery(db, enterpriseId, today)
    .select(['p.required_certificates', 'p.id as post_id'])
    .where(sql<boolean>`cardinality(p.required_certificates) > 0`)
    .execute()
}

/**
 * Each post holder's required certificate they lack: none held of that kind (未持证), or none in force
 * (证书已过期 / 证书未生效). Their certificates are looked up by person, not searched for per requirement.
 */
function missingCertificates(
  assignments: { employee_id: string; employee_name: string; employee_no: string; post_name: string; required_certificates: string[] }[],
  certs: { employee_id: string; kind: string; state: CertificateState }[],
) {
  const certsOf = new Map<string, { key: string; state: CertificateState }[]>()
  for (const c of certs)
    certsOf.set(c.employee_id, [...(certsOf.get(c.employee_id) ?? []), { key: certificateKey(c.kind), state: c.state }])
  const missing: { employeeId: string; name: string; employeeNo: string; postName: string; kind: string; problem: string }[] = []
  for (const a of assignments) {
    for (const kind of a.required_certificates) {
      const key = certificateKey(kind)
      const held = (certsOf.get(a.employee_id) ?? []).filter((c) => c.key === key)
      const inForce = held.filter((c) => c.state !== 'expired' && c.state !== 'not_yet')
      const base = { employeeId: a.employee_id, name: a.employee_name, employeeNo: a.employee_no, postName: a.post_name, kind }
      if (!held.length) missing.push({ ...base, problem: '未持证' })
      else if (!inForce.length) missing.push({ ...base, problem: held.some((c) => c.state === 'expired') ? '证书已过期' : '证书未生效' })
    }
  }
  return missing
}

/**
 * The figures of the certificates (the home page and item 6): people missing a required certificate
 * (any problem, and 未持证 alone), certificates expired, and those due within 30 or 90 days. Read without
 * the names, scans and catalogue the overview's lists need.
 */
export async function certificateFigures(ctx: RequestContext, today = todayInShanghai(ctx.now)) {
  const { db, actor } = ctx
  const enterpriseId = enterpriseStaff(actor)
  const certs = (
    await db
      .selectFrom('certificates')
      .select(['employee_id', 'kind', 'issued_on', 'expires_on', 'review_due_on'])
      .where('enterprise_id', '=', enterpriseId)
      .execute()
  ).map((c) => ({ ...c, state: certificateState(c.expires_on, c.review_due_on, today, c.issued_on).state }))
  const missing = missingCertificates(await requiringAssignments(db, enterpriseId, today), certs)
  const people = (problem?: string) => new Set(missing.filter((m) => !problem || m.problem === problem).map((m) => m.employeeId)).size
  return {
    peopleMissing: people(),
    peopleUncertified: people('未持证'),
    expired: certs.filter((c) => c.state === 'expired').length,
    expiring: certs.filter((c) => c.state === 'expiring30' || c.state === 'expiring90').length,
  }
}

/**
 * Certificates with their state (expiring first), workers on posts that need a certificate they lack,
 * and the names written before the catalogue that still need the admin to resolve them. A requirement
 * is met by a certificate of the same catalogue item (or the same "其他" name) that is in force.
 */
export async function certificateOverview(ctx: RequestContext, today = todayInShanghai(ctx.now)) {
  const { db, actor } = ctx
  const enterpriseId = enterpriseStaff(actor)
  const certs = await db
    .selectFrom('certificates as c')
    .innerJoin('employees as e', (j) => j.onRef('e.enterprise_id', '=', 'c.enterprise_id').onRef('e.id', '=', 'c.employee_id'))
    .select([
      'c.id',
      'c.employee_id',
      'c.kind',
      'c.catalogue_code',
      'c.number',
      'c.authority',
      'c.issued_on',
      'c.expires_on',
      'c.review_due_on',
      'e.name',
      'e.employee_no',
    ])
    .where('c.enterprise_id', '=', enterpriseId)
    .orderBy('c.expires_on')
    .execute()
  const scans = await evidenceOfOwners(
    db,
    enterpriseId,
    'certificate',
    certs.map((c) => c.id),
  )
  const scansOf = new Map<string, string[]>()
  for (const f of scans) scansOf.set(f.owner_id, [...(scansOf.get(f.owner_id) ?? []), f.id])
  const withState = certs.map((c) => {
    const s = certificateState(c.expires_on, c.review_due_on, today, c.issued_on)
    return {
      ...c,
      state: s.state,
      stateLabel: CERTIFICATE_STATE_LABELS[s.state],
      dueOn: s.date,
      scanIds: scansOf.get(c.id) ?? [],
    }
  })
  const rank = { expired: 0, not_yet: 1, expiring30: 2, expiring90: 3, valid: 4 } as const
  withState.sort((a, b) => rank[a.state] - rank[b.state] || a.dueOn.localeCompare(b.dueOn))
  const catalogue = await loadCatalogue(db)
  const missing = missingCertificates(await requiringAssignments(db, enterpriseId, today), withState)
  // names written before the catalogue: certificates and post requirements, each once
  const unresolvedCertificates = withState
    .filter((c) => c.catalogue_code === null && needsResolving(c.kind, catalogue))
    .map((c) => ({ id: c.id, holder: `${c.name}（${c.employee_no}）`, kind: c.kind, number: c.number }))
  const posts = await db
    .selectFrom('posts')
    .select(['id', 'name', 'required_certificates'])
    .where('enterprise_id', '=', enterpriseId)
    .where('archived_at', 'is', null)
    .orderBy('name')
    .execute()
  const unresolvedRequirements = posts.flatMap((p) =>
    p.required_certificates.filter((k) => needsResolving(k, catalogue)).map((k) => ({ postId: p.id, postName: p.name, kind: k })),
  )
  return { certificates: withState, missing, unresolvedCertificates, unresolvedRequirements }
}

/** The admin files a certificate recorded before the catalogue under a catalogue item (or "其他：…"). */
export async function resolveCertificateKind(ctx: RequestContext, certificateId: string, value: string, today = todayInShanghai(ctx.now)) {
  const { db, actor, client } = ctx
  const enterpriseId = enterpriseAdmin(actor, '只有企业安全管理员可以登记培训和证书')
  const cert = await db
    .selectFrom('certificates')
    .select(['id', 'kind', 'catalogue_code', 'issued_on', 'expires_on', 'review_due_on'])
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', certificateId)
    .forUpdate()
    .executeTakeFirst()
  if (!cert) throw notFound()
  const catalogue = await loadCatalogue(db)
  // Only a certificate typed before the catalogue, whose name matched no item, is filed here, once.
  // Re-filing a catalogued certificate under another item would turn an 电工 card into a 加氢 one.
  if (cert.catalogue_code !== null || !needsResolving(cert.kind, catalogue))
    return { ok: false as const, message: '该证书已归入证书目录，不能再改；如登记有误，请重新登记证书' }
  const choice = parseChoice(value, catalogue)
  if (!choice.ok) return { ok: false as const, message: choice.message }
  // its dates must hold for the kind it is filed under, as for a certificate recorded today
  const validity = choice.item
    ? { kind: choice.item.kind, validityYears: choice.item.validityYears, reviewYears: choice.item.reviewYears }
    : null
  const dates = checkCertificateDates(
    { issuedOn: cert.issued_on, expiresOn: cert.expires_on, reviewDueOn: cert.review_due_on },
    validity,
    today,
  )
  if (!dates.ok)
    return { ok: false as const, message: `按「${choice.name}」核对，证书日期不符：${Object.values(dates.fieldErrors).join('；')}` }
  await db
    .updateTable('certificates')
    .set({ kind: choice.name, catalogue_code: choice.item?.code ?? null, review_due_on: dates.reviewDueOn })
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', certificateId)
    .execute()
  await recordAudit(db, {
    userId: actor.userId,
    enterpriseId,
    action: 'certificate.resolve',
    target: certificateId,
    result: 'ok',
    ...client,
    detail: { from: cert.kind, to: choice.name },
    at: ctx.now,
  })
  return { ok: true as const }
}

/** The same for one post's requirement written before the catalogue. */
export async function resolveRequirement(ctx: RequestContext, postId: string, legacy: string, value: string) {
  const { db, actor, client } = ctx
  const enterpriseId = enterpriseAdmin(actor, '只有企业安全管理员可以维护组织机构和人员')
  const post = await db
    .selectFrom('posts')
    .select(['id', 'required_certificates'])
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', postId)
    .forUpdate()
    .executeTakeFirst()
  if (!post) throw notFound()
  if (!post.required_certificates.includes(legacy)) return { ok: false as const, message: '该岗位已没有这项证书要求，请刷新页面' }
  const choice = parseChoice(value, await loadCatalogue(db))
  if (!choice.ok) return { ok: false as const, message: choice.message }
  const next = [...new Set(post.required_certificates.map((k) => (k === legacy ? choice.name : k)))]
  await setRequiredCertificates(db, enterpriseId, postId, next)
  await recordAudit(db, {
    userId: actor.userId,
    enterpriseId,
    action: 'post.requirement_resolve',
    target: postId,
    result: 'ok',
    ...client,
    detail: { from: legacy, to: choice.name },
    at: ctx.now,
  })
  return { ok: true as const }
}

/** Sign-in sheet scans, photos and exam papers of a session, through the one evidence facility. */
export async function attachSessionEvidence(
  ctx: RequestContext,
  sessionId: string,
  files: { slot: string; name: string; bytes: Buffer }[],
) {
  const { db, actor } = ctx
  const enterpriseId = enterpriseAdmin(actor, '只有企业安全管理员可以登记培训和证书')
  const s = await db
    .selectFrom('training_sessions')
    .select('id')
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', sessionId)
    .executeTakeFirst()
  if (!s) throw notFound()
  if (!files.length) return { ok: false as const, message: '请选择要上传的文件' }
  return attachEvidence(ctx, { kind: 'training', id: sessionId }, files)
}

export async function sessionEvidence(ctx: RequestContext, sessionId: string) {
  return (await evidenceOf(ctx, { kind: 'training', id: sessionId })).map((f) => ({
    ...f,
    uploaded_at: new Date(f.uploaded_at).toISOString(),
    slotLabel: SESSION_EVIDENCE_SLOTS.find((s) => s.slot === f.slot)?.label ?? f.slot,
  }))
}

/** Adds attendees picked from the roster (the other way in besides the sign-in sheet). */
export async function addAttendees(ctx: RequestContext, sessionId: string, employeeIds: string[]) {
  const { db, actor, client } = ctx
  const enterpriseId = enterpriseAdmin(actor, '只有企业安全管理员可以登记培训和证书')
  const s = await db
    .selectFrom('training_sessions')
    .select(['id', 'status'])
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', sessionId)
    .executeTakeFirst()
  if (!s) throw notFound()
  if (s.status !== 'held') return { ok: false as const, message: '计划中的培训不能登记参训人员' }
  const ids = [...new Set(employeeIds)]
  if (!ids.length) return { ok: false as const, message: '请选择参训人员' }
  if (!(await allEmployeesOf(db, enterpriseId, ids))) return { ok: false as const, message: '参训人员须是本企业职工' }
  await db
    .insertInto('training_attendance')
    .values(ids.map((employee_id) => ({ enterprise_id: enterpriseId, session_id: sessionId, employee_id, result: null })))
    .onConflict((oc) => oc.columns(['enterprise_id', 'session_id', 'employee_id']).doNothing())
    .execute()
  await recordAudit(db, {
    userId: actor.userId,
    enterpriseId,
    action: 'training.attendance_add',
    target: sessionId,
    result: 'ok',
    ...client,
    detail: { count: ids.length },
    at: ctx.now,
  })
  return { ok: true as const }
}

/** One worker's training record card (个人安全培训档案). */
export async function trainingCard(ctx: RequestContext, employeeId: string, year: number) {
  const { db, actor } = ctx
  const enterpriseId = enterpriseStaff(actor)
  const e = await db
    .selectFrom('employees')
    .select(['id', 'name', 'employee_no', 'employment_type', 'hired_on'])
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', employeeId)
    .executeTakeFirst()
  if (!e) throw notFound()
  const sessions = await db
    .selectFrom('training_attendance as a')
    .innerJoin('training_sessions as s', (j) => j.onRef('s.enterprise_id', '=', 'a.enterprise_id').onRef('s.id', '=', 'a.session_id'))
    .select(['s.held_on', 's.topic', 's.kind', 's.level', 's.hours', 's.trainer', 'a.result'])
    .where('a.enterprise_id', '=', enterpriseId)
    .where('a.employee_id', '=', employeeId)
    .orderBy('s.held_on')
    .execute()
  // this person's hours, not the whole enterprise's searched for them
  const hours = (await hoursOf(db, enterpriseId, year, todayInShanghai(ctx.now), employeeId)).rows[0] ?? null
  const enterprise = await db.selectFrom('enterprises').select('name').where('id', '=', enterpriseId).executeTakeFirstOrThrow()
  const certs = (await certificateOverview(ctx)).certificates.filter((c) => c.employee_id === employeeId)
  return {
    enterpriseName: enterprise.name,
    employee: e,
    sessions: sessions.map((s) => ({ ...s, hours: Number(s.hours) })),
    hours,
    certificates: certs,
    year,
  }
}

/** A planned session took place: it becomes held (on its date, which must not be in the future). */
export async function markHeld(ctx: RequestContext, sessionId: string, heldOn: string) {
  const { db, actor } = ctx
  const enterpriseId = enterpriseAdmin(actor, '只有企业安全管理员可以登记培训和证书')
  const s = await db
    .selectFrom('training_sessions')
    .select(['status'])
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', sessionId)
    .executeTakeFirst()
  if (!s) throw notFound()
  if (s.status === 'held') return { ok: false as const, message: '该培训已是已举办状态' }
  const parsed = parseDay(heldOn)
  if (!parsed.ok) return { ok: false as const, message: dayProblem('举办日期', heldOn.trim(), parsed) }
  if (parsed.day > todayInShanghai(ctx.now)) return { ok: false as const, message: '举办日期不能晚于今天' }
  await db
    .updateTable('training_sessions')
    .set({ status: 'held', held_on: parsed.day })
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', sessionId)
    .execute()
  return { ok: true as const }
}

// ---------------------------------------------------------------------------------------------
// The worker's own record (我的履责) and the regulator's read-only view (一企一档)

function certificateWithState<C extends { expires_on: string; review_due_on: string | null; issued_on: string }>(c: C, today: string) {
  const s = certificateState(c.expires_on, c.review_due_on, today, c.issued_on)
  return { ...c, state: s.state, stateLabel: CERTIFICATE_STATE_LABELS[s.state], dueOn: s.date }
}

const INDUCTION_LEVELS = ['厂级', '车间级', '班组级'] as const

/**
 * 我的培训与证书: the worker's hours this year against the requirement (the same engine as the admin's
 * overview), the sessions behind them, the 三级安全教育 induction, and certificates with their warnings.
 */
export async function myTraining(ctx: RequestContext, year: number, today = todayInShanghai(ctx.now)) {
  const { db } = ctx
  const { enterpriseId, employeeId } = ownEmployee(ctx.actor)
  const { rows } = await hoursOf(db, enterpriseId, year, today, employeeId)
  const sessions = await db
    .selectFrom('training_attendance as a')
    .innerJoin('training_sessions as s', (j) => j.onRef('s.enterprise_id', '=', 'a.enterprise_id').onRef('s.id', '=', 'a.session_id'))
    .select(['s.id', 's.held_on', 's.topic', 's.kind', 's.level', 's.hours', 'a.result'])
    .where('a.enterprise_id', '=', enterpriseId)
    .where('a.employee_id', '=', employeeId)
    .where('s.status', '=', 'held')
    .orderBy('s.held_on', 'desc')
    .limit(200)
    .execute()
  const passed = (r: string | null) => r === null || r === '合格'
  const induction = INDUCTION_LEVELS.map((level) => {
    const done = sessions.filter((s) => s.kind === '岗前三级教育' && s.level === level && passed(s.result)).at(-1)
    return { level, heldOn: done?.held_on ?? null, sessionId: done?.id ?? null }
  })
  const certificates = await db
    .selectFrom('certificates')
    .select(['id', 'kind', 'number', 'authority', 'issued_on', 'expires_on', 'review_due_on'])
    .where('enterprise_id', '=', enterpriseId)
    .where('employee_id', '=', employeeId)
    .orderBy('expires_on')
    .execute()
  const rank = { expired: 0, expiring30: 1, expiring90: 2, not_yet: 3, valid: 4 } as const
  return {
    year,
    hours: rows[0] ?? null,
    sessions: sessions.map((s) => ({
      ...s,
      hours: Number(s.hours),
      thisYear: s.held_on.startsWith(`${year}-`),
      counted: passed(s.result),
    })),
    induction,
    certificates: certificates
      .map((c) => certificateWithState(c, today))
      .sort((a, b) => rank[a.state] - rank[b.state] || a.dueOn.localeCompare(b.dueOn)),
  }
}

/** One session the worker attended (their own result only; not the other attendees). */
export async function mySession(ctx: RequestContext, sessionId: string) {
  const { db } = ctx
  const { enterpriseId, employeeId } = ownEmployee(ctx.actor)
  const s = await db
    .selectFrom('training_attendance as a')
    .innerJoin('training_sessions as s', (j) => j.onRef('s.enterprise_id', '=', 'a.enterprise_id').onRef('s.id', '=', 'a.session_id'))
    .select(['s.id', 's.topic', 's.kind', 's.level', 's.held_on', 's.hours', 's.trainer', 's.place', 's.assessment', 'a.result'])
    .where('a.enterprise_id', '=', enterpriseId)
    .where('a.employee_id', '=', employeeId)
    .where('a.session_id', '=', sessionId)
    .executeTakeFirst()
  if (!s) throw notFound()
  return { ...s, hours: Number(s.hours) }
}

/** One of the worker's own certificates. */
export async function myCertificate(ctx: RequestContext, certificateId: string, today = todayInShanghai(ctx.now)) {
  const { db } = ctx
  const { enterpriseId, employeeId } = ownEmployee(ctx.actor)
  const c = await db
    .selectFrom('certificates')
    .select(['id', 'kind', 'number', 'authority', 'issued_on', 'expires_on', 'review_due_on'])
    .where('enterprise_id', '=', enterpriseId)
    .where('employee_id', '=', employeeId)
    .where('id', '=', certificateId)
    .executeTakeFirst()
  if (!c) throw notFound()
  return certificateWithState(c, today)
}

/** A certificate number often carries the holder's 身份证号 (特种作业操作证: T + the ID): masked for regulators. */
function maskEmbeddedIdCard(number: string): string {
  return number.replace(/\d{17}[\dXx]/g, (id) => maskIdCard(id) ?? id)
}

/**
 * 一企一档, training and certificates of an enterprise in the regulator's scope, read-only: sessions
 * with attendance counts and their files, certificates by holder name (no phone, ID numbers masked),
 * and how many workers fall short of their hours this year. Out of scope is 404; the caller logs the read.
 */
export async function trainingForRegulator(ctx: RequestContext, enterpriseId: string, year: number, today = todayInShanghai(ctx.now)) {
  const { db } = ctx
  await scopeHolding(ctx, enterpriseId)
  const sessions = await sessionsWithAttendance(db, enterpriseId).execute()
  const certificates = await db
    .selectFrom('certificates as c')
    .innerJoin('employees as e', (j) => j.onRef('e.enterprise_id', '=', 'c.enterprise_id').onRef('e.id', '=', 'c.employee_id'))
    .select(['c.id', 'c.kind', 'c.number', 'c.authority', 'c.issued_on', 'c.expires_on', 'c.review_due_on', 'e.name'])
    .where('c.enterprise_id', '=', enterpriseId)
    .orderBy('c.expires_on')
    .execute()
  const hours = await hourCounts(db, enterpriseId, year, today)
  // sign-in sheets, photos and papers of the sessions; the scans of the certificates
  const files = await evidenceOfKindsForRegulator(ctx, enterpriseId, ['training', 'certificate'])
  const filesOf = (kind: string, id: string) =>
    files
      .filter((f) => f.owner_kind === kind && f.owner_id === id)
      .map((f) => ({
        id: f.id,
        name: f.file_name,
        size: f.size,
        slotLabel: kind === 'training' ? (SESSION_EVIDENCE_SLOTS.find((x) => x.slot === f.slot)?.label ?? f.slot) : '证书扫描件',
      }))
  return {
    year,
    workers: hours.workers,
    short: hours.short,
    sessions: sessions.map((x) => ({ ...x, hours: Number(x.hours), files: filesOf('training', x.id) })),
    certificates: certificates.map((c) => ({
      ...certificateWithState({ ...c, number: maskEmbeddedIdCard(c.number) }, today),
      files: filesOf('certificate', c.id),
    })),
  }
}

/**
 * Sessions held between two days that a person gave (授课人 by name) or organised (recorded them):
 * what the 履职记录 (app/modules/dutylogs) proposes. The caller decides who may see them.
 */
export async function sessionsLedBetween(ctx: RequestContext, who: { userId: string | null; name: string }, from: string, to: string) {
  const { db, actor } = ctx
  if (actor.kind !== 'enterprise') throw notFound()
  return db
    .selectFrom('training_sessions as s')
    .select(['s.id', sql<string>`s.held_on::text`.as('day'), 's.topic', 's.kind', 's.hours', 's.trainer', 's.place'])
    .select((eb) =>
      eb
        .selectFrom('training_attendance as a')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('a.enterprise_id', '=', 's.enterprise_id')
        .whereRef('a.session_id', '=', 's.id')
        .as('attendees'),
    )
    .where('s.enterprise_id', '=', actor.enterpriseId)
    .where('s.status', '=', 'held')
    .where('s.held_on', '>=', from)
    .where('s.held_on', '<=', to)
    .where((eb) => eb.or([eb('s.trainer', '=', who.name), ...(who.userId ? [eb('s.created_by', '=', who.userId)] : [])]))
    .orderBy('s.held_on')
    .execute()
}
