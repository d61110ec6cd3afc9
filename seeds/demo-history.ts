// A year of the demo enterprises' life, up to the moment the seed runs (the app's clock; 2026-11-30
// 12:00 Shanghai under the tests), so that whoever opens the demo on any date sees records that are
// current, late, overdue and expiring, not zeros. Every record is written by the module function a
// person's click would call, with its moment in the past as the request's clock (ctx.now): lists are drafted by the
// admin and approved by the heads of the approval chain; confirmations are appended to the ledger by
// confirmList (valid hash chains); reports are frozen by the admin and signed by the 主要负责人, each
// anchored to the ledger head of its moment; evidence goes through the evidence module. The steps run in
// the order of their moments, so confirmations and publications interleave as they would have.
//
// The four enterprises each show one state: 华晟化工 is the full story (re-published lists with
// re-confirmations pending, late and overdue confirmations, workers short of hours, a certificate
// expiring and one expired, an order answered and accepted and one overdue); 通达物流 is exemplary;
// 鑫源化工 (太原) stopped reporting three months ago; 晋建建设 has never reported.
import { sql, type Kysely } from 'kysely'
import { confirmList } from '../app/modules/acknowledgements/acknowledgements.server'
import { deadlineDate, deadlinePeriod } from '../app/modules/acknowledgements/rules'
import { actorFromUser, type Actor } from '../app/modules/auth/actor'
import { createPlan, recordDrill } from '../app/modules/drills/drills.server'
import { approveVersion, saveDraft, startDraft, submitDraft } from '../app/modules/duties/duties.server'
import type { DraftInput } from '../app/modules/duties/schema'
import { declareItem } from '../app/modules/obligations/obligations.server'
import { issueTargetAgreements, recordMeeting, signTargetAgreement } from '../app/modules/committee/committee.server'
import { obligations } from './obligations'
import { draftReport, signAndPublish } from '../app/modules/reports/reports.server'
import { answerOrder, recordInspection, reviewOrder, signInspection } from '../app/modules/supervision/supervision.server'
import { assignHazard, rectifyHazard, verifyHazard } from '../app/modules/hazards/hazards.server'
import { loadCatalogue } from '../app/modules/reference/catalogue.server'
import { addCertificate, createSession } from '../app/modules/training/training.server'
import { monthsBefore, todayInShanghai } from '../app/utils/dates'
import { isWorkingDay } from '../app/utils/calendar'
import type { Database } from '../db/types'
import { contextFor, type RequestContext } from '../app/db.server'
import { demoPdf, demoPng } from './demo-files'

type DB = Kysely<Database>
type DutyCategory = DraftInput['items'][number]['category']
type Scenario = 'full' | 'exemplary' | 'stale' | 'never'

/** Which story each demo enterprise tells (by the key in seeds/demo.ts). */
export const DEMO_SCENARIOS: Record<string, Scenario> = {
  huasheng: 'full',
  tongda: 'exemplary',
  xinyuan: 'stale',
  jinjian: 'never',
}

const CLIENT = { ip: null, userAgent: '安责通演示数据' }
/** The request context of one step: who acts, and when (the commands stamp every time from ctx.now). */
// The request's context at a moment of the demo year, with the transaction tagged as withActor tags a
// request's: the triggers that sign history rows (hazard_events from an order's items, say) read who acts
// from app.user_id.
async function c(db: DB, actor: Actor, now: Date): Promise<RequestContext> {
  await sql`select set_config('app.user_id', ${actor.userId}, true),
                   set_config('app.enterprise_id', ${actor.kind === 'enterprise' ? actor.enterpriseId : ''}, true)`.execute(db)
  return contextFor(db, actor, CLIENT, now)
}
const HOUR = 3_600_000
const DAY = 24 * HOUR

/** 09:00 Shanghai of the day `days` before `now`, plus `hours`. */
function daysAgo(now: Date, days: number, hours = 0): Date {
  const day = todayInShanghai(new Date(now.getTime() - days * DAY))
  return new Date(Date.parse(`${day}T09:00:00+08:00`) + hours * HOUR)
}
function dayOf(moment: Date): string {
  return todayInShanghai(moment)
}
function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10)
}
function addYears(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  const last = new Date(Date.UTC(y + n, m, 0)).getUTCDate()
  return `${y + n}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`
}
function must<T extends { ok: boolean }>(what: string, r: T): Extract<T, { ok: true }> {
  if (!r.ok) throw new Error(`演示数据：${what}失败：${JSON.stringify(r)}`)
  return r as Extract<T, { ok: true }>
}

interface Step {
  at: Date
  /** runs the step with its moment, which it passes on as the commands' clock */
  run: (now: Date) => Promise<void>
}

interface Ctx {
  db: DB
  now: Date
  scenario: Scenario
  enterpriseId: string
  admin: Actor
  head: Actor
  posts: { id: string; name: string; tier: number; isSafetyManager: boolean; inChargeOfSafety: boolean; required: string[] }[]
  assignments: { employeeId: string; postId: string; startOn: string; endOn: string | null }[]
  actorOf: Map<string, Actor> // by employee id
  /** workers who confirm something in the story: they get an account before it runs */
  confirmers: Set<string>
  passwordHash: string
  employees: Map<string, { name: string; hiredOn: string }>
  /** the regulator who inspects (jz_yjj), when seeded */
  inspector: Actor | null
}

/**
 * Writes the year of history of the demo enterprises created in this seeding (by key → id), giving
 * every employee without an account one (heads of the approval chain as 企业负责人, the rest as 从业人员,
 * signing in with their 手机号), so that everyone in the story can act. `now` is the moment the story
 * runs up to; each step passes its own moment to the commands as their clock (ctx.now).
 */
export async function seedDemoHistory(
  db: DB,
  created: Map<string, string>,
  passwordHash: string,
  now: Date,
  /** runs once every account of the story exists, before its first step */
  beforeSteps: () => Promise<void> = async () => {},
): Promise<void> {
  const steps: Step[] = []
  for (const [key, enterpriseId] of created) {
    const scenario = DEMO_SCENARIOS[key]
    if (!scenario) continue
    const ctx = await loadContext(db, enterpriseId, scenario, passwordHash, now)
    steps.push(...plan(ctx))
    await openWorkerAccounts(ctx)
  }
  await beforeSteps()
  // stable: steps of one moment keep the order they were planned in
  steps.sort((a, b) => a.at.getTime() - b.at.getTime())
  for (const s of steps) if (s.at.getTime() <= now.getTime()) await s.run(s.at)
}

async function loadContext(db: DB, enterpriseId: string, scenario: Scenario, passwordHash: string, now: Date): Promise<Ctx> {
  const posts = await db
    .selectFrom('posts')
    .select(['id', 'name', 'tier', 'is_safety_manager', 'in_charge_of_safety', 'is_unit_head', 'required_certificates'])
    .where('enterprise_id', '=', enterpriseId)
    .orderBy('tier')
    .orderBy('name')
    .execute()
  const units = await db.selectFrom('org_units').select('supervisor_post_id').where('enterprise_id', '=', enterpriseId).execute()
  const employees = await db
    .selectFrom('employees')
    .select(['id', 'name', 'phone', 'hired_on'])
    .where('enterprise_id', '=', enterpriseId)
    .orderBy('hired_on')
    .execute()
  const assignments = await db
    .selectFrom('assignments')
    .select(['employee_id', 'post_id', 'start_on', 'end_on'])
    .where('enterprise_id', '=', enterpriseId)
    .orderBy('start_on')
    .execute()
  // who approves somewhere in a chain: the 主要负责人, a unit's head, a unit's 分管负责人
  const approving = new Set([
    ...posts.filter((p) => p.tier === 1 || p.is_unit_head).map((p) => p.id),
    ...units.flatMap((u) => (u.supervisor_post_id ? [u.supervisor_post_id] : [])),
  ])
  const users = await db.selectFrom('users').select('employee_id').where('enterprise_id', '=', enterpriseId).execute()
  const hasAccount = new Set(users.map((u) => u.employee_id))
  // the heads of the approval chain sign in with their 手机号 (workers get theirs once they confirm, below)
  const newAccounts = employees
    .filter((e) => !hasAccount.has(e.id) && e.phone && assignments.some((a) => a.employee_id === e.id && approving.has(a.post_id)))
    .map((e) => ({
      username: null,
      phone: e.phone,
      display_name: e.name,
      password_hash: passwordHash,
      role: 'enterprise_head' as const,
      enterprise_id: enterpriseId,
      employee_id: e.id,
    }))
  if (newAccounts.length) await db.insertInto('users').values(newAccounts).execute()
  const rows = await db
    .selectFrom('users')
    .select(['id', 'role', 'display_name', 'enterprise_id', 'employee_id', 'department_id'])
    .where('enterprise_id', '=', enterpriseId)
    .execute()
  const admin = rows.find((u) => u.role === 'enterprise_admin')
  if (!admin) throw new Error('演示企业没有安全管理员账号')
  const actorOf = new Map<string, Actor>()
  // a head's account acts for the employee (an admin who is also an employee confirms as themselves too)
  for (const u of [...rows].sort((a, b) => (a.role === 'enterprise_admin' ? -1 : 0) - (b.role === 'enterprise_admin' ? -1 : 0))) {
    if (u.employee_id) actorOf.set(u.employee_id, actorFromUser(u))
  }
  const principalPost = posts.find((p) => p.tier === 1)
  const principal = assignments.find((a) => a.post_id === principalPost?.id && !a.end_on)
  const head = principal ? actorOf.get(principal.employee_id) : undefined
  if (!head) throw new Error('演示企业的主要负责人没有账号')
  const inspector = await db
    .selectFrom('users')
    .select(['id', 'role', 'display_name', 'enterprise_id', 'employee_id', 'department_id'])
    .where('username', '=', 'jz_yjj')
    .executeTakeFirst()
  return {
    db,
    now,
    scenario,
    enterpriseId,
    admin: actorFromUser(admin),
    head,
    posts: posts.map((p) => ({
      id: p.id,
      name: p.name,
      tier: p.tier,
      isSafetyManager: p.is_safety_manager,
      inChargeOfSafety: p.in_charge_of_safety,
      required: p.required_certificates,
    })),
    assignments: assignments.map((a) => ({ employeeId: a.employee_id, postId: a.post_id, startOn: a.start_on, endOn: a.end_on })),
    actorOf,
    confirmers: new Set(),
    passwordHash,
    employees: new Map(employees.map((e) => [e.id, { name: e.name, hiredOn: e.hired_on }])),
    inspector: inspector ? actorFromUser(inspector) : null,
  }
}

/**
 * An account (手机号 + the demo password) for each worker who confirms in the story, as if they had
 * activated their invitation; the others are still to be invited, as in any enterprise.
 */
async function openWorkerAccounts(ctx: Ctx) {
  const rows = await ctx.db
    .selectFrom('employees')
    .select(['id', 'name', 'phone'])
    .where('enterprise_id', '=', ctx.enterpriseId)
    .where('id', 'in', [...ctx.confirmers, '00000000-0000-0000-0000-000000000000'])
    .execute()
  const fresh = rows.filter((e) => !ctx.actorOf.has(e.id) && e.phone)
  if (!fresh.length) return
  const users = await ctx.db
    .insertInto('users')
    .values(
      fresh.map((e) => ({
        username: null,
        phone: e.phone,
        display_name: e.name,
        password_hash: ctx.passwordHash,
        role: 'worker' as const,
        enterprise_id: ctx.enterpriseId,
        employee_id: e.id,
      })),
    )
    .returning(['id', 'role', 'display_name', 'enterprise_id', 'employee_id', 'department_id'])
    .execute()
  for (const u of users) ctx.actorOf.set(u.employee_id!, actorFromUser(u))
}

// ---------------------------------------------------------------------------------------------
// The story of each scenario, as dated steps

type Timeliness = 'onTime' | 'late' | 'never'

function plan(ctx: Ctx): Step[] {
  const { now, scenario } = ctx
  const steps: Step[] = []
  const firstPublication = scenario === 'never' ? 200 : 375
  // every post's first list, then the revisions of the full story
  const revisions: { postName: string; daysAgo: number; item: string; confirm: (employeeIndex: number) => Timeliness }[] =
    scenario === 'full'
      ? [
          {
            postName: '化工操作工（加氢）',
            daysAgo: 180,
            item: '严格执行加氢反应器升温升压操作卡，每小时巡检一次并如实记录',
            confirm: (i) => (i === 1 ? 'late' : 'onTime'),
          },
          {
            postName: '专职安全员',
            daysAgo: 90,
            item: '每月组织一次特殊作业票证抽查，发现问题当日督促整改',
            confirm: () => 'onTime',
          },
          {
            postName: '危化品装卸工',
            daysAgo: 40,
            item: '装卸危险化学品前核对罐车静电接地和紧急切断装置，未确认不得作业',
            confirm: (i) => (i === 0 ? 'late' : 'never'),
          },
          {
            postName: '化工操作工（加氢）',
            daysAgo: 3,
            item: '参加新增氢气泄漏报警联锁的专项培训，熟悉报警后的处置步骤',
            confirm: (i) => (i === 1 ? 'onTime' : 'never'),
          },
        ]
      : scenario === 'never'
        ? [{ postName: '架子工', daysAgo: 30, item: '搭设高度24米以上脚手架前核对专项施工方案和交底记录', confirm: () => 'never' }]
        : []
  for (const [i, p] of ctx.posts.entries()) {
    const versions = [
      { daysAgo: firstPublication - (i % 3), item: null as string | null, confirm: firstConfirm(ctx, p.name) },
      ...revisions.filter((r) => r.postName === p.name).map((r) => ({ daysAgo: r.daysAgo, item: r.item, confirm: r.confirm })),
    ]
    versions.forEach((v, n) => {
      const publishedAt = daysAgo(now, v.daysAgo)
      steps.push({ at: daysAgo(now, v.daysAgo, -3), run: (moment) => publishList(ctx, p.id, v.item, publishedAt, moment) })
      const next = versions[n + 1]
      steps.push(...confirmations(ctx, p, publishedAt, next ? daysAgo(now, next.daysAgo, -4) : now, v.confirm))
    })
  }
  if (scenario !== 'never') steps.push(...reports(ctx))
  if (scenario === 'full' || scenario === 'exemplary') {
    steps.push(...training(ctx), ...certificates(ctx), ...emergency(ctx), ...committee(ctx), ...declarations(ctx))
    if (scenario === 'full' && ctx.inspector) steps.push(...inspections(ctx, ctx.inspector))
  } else {
    steps.push(...certificates(ctx))
  }
  return steps
}

/** How the holders of each post took the first list: mostly on time, a few late, as people do. */
function firstConfirm(ctx: Ctx, postName: string): (i: number) => Timeliness {
  if (ctx.scenario === 'exemplary') return () => 'onTime'
  if (ctx.scenario === 'full') {
    if (postName === '仪表工') return () => 'late'
    // the second 装卸工 has never activated their invitation: nothing confirmed, overdue
    if (postName === '危化品装卸工') return (i) => (i === 0 ? 'onTime' : 'never')
    return () => 'onTime'
  }
  if (ctx.scenario === 'never')
    return (i) => (postName.includes('工') && i > 0 ? 'never' : i === 0 && postName.includes('电工') ? 'late' : 'onTime')
  return (i) => (i > 0 ? 'late' : 'onTime')
}

/** The admin drafts (from the tier template, or from the current list plus one duty) and submits; each head of the chain approves in turn. */
async function publishList(ctx: Ctx, postId: string, addedItem: string | null, publishedAt: Date, draftedAt: Date) {
  const { db, admin, enterpriseId } = ctx
  const { versionId } = must('起草清单', await startDraft(await c(db, admin, draftedAt), postId))
  if (addedItem) {
    const v = await db
      .selectFrom('duty_list_versions')
      .select('title')
      .where('enterprise_id', '=', enterpriseId)
      .where('id', '=', versionId)
      .executeTakeFirstOrThrow()
    const items = await db
      .selectFrom('duty_items')
      .select(['text', 'category', 'legal_basis', 'criterion', 'weight'])
      .where('enterprise_id', '=', enterpriseId)
      .where('version_id', '=', versionId)
      .orderBy('position')
      .execute()
    must(
      '修订清单',
      await saveDraft(await c(db, admin, draftedAt), versionId, {
        title: v.title,
        items: [
          ...items.map((i) => ({
            text: i.text,
            category: i.category as DutyCategory,
            legalBasis: i.legal_basis,
            criterion: i.criterion,
            weight: i.weight,
          })),
          { text: addedItem, category: '岗位操作', legalBasis: null, criterion: null, weight: null },
        ],
      }),
    )
  }
  must('提交审批', await submitDraft(await c(db, admin, draftedAt), versionId))
  for (let step = 0; step < 5; step++) {
    const v = await db
      .selectFrom('duty_list_versions')
      .select(['status', 'approval_chain', 'approval_step'])
      .where('enterprise_id', '=', enterpriseId)
      .where('id', '=', versionId)
      .executeTakeFirstOrThrow()
    if (v.status !== 'submitted') return
    const s = v.approval_chain?.[v.approval_step ?? 0]
    const holder = ctx.assignments.find(
      (a) => a.postId === s?.postId && a.startOn <= dayOf(publishedAt) && (!a.endOn || a.endOn >= dayOf(publishedAt)),
    )
    const approver = holder && ctx.actorOf.get(holder.employeeId)
    if (!approver) throw new Error(`演示数据：审批岗位「${s?.postName}」没有在岗负责人`)
    const moment = new Date(publishedAt.getTime() - (v.approval_chain!.length - 1 - (v.approval_step ?? 0)) * HOUR)
    must('审批清单', await approveVersion(await c(db, approver, moment), versionId, null))
  }
}

/** Each holder of the post confirms the list published at `publishedAt`, on time, late or never, before `until`. */
function confirmations(
  ctx: Ctx,
  post: Ctx['posts'][number],
  publishedAt: Date,
  until: Date,
  timeliness: (i: number) => Timeliness,
): Step[] {
  const period = deadlinePeriod(post)
  const holders = ctx.assignments.filter((a) => a.postId === post.id && (!a.endOn || a.endOn >= dayOf(publishedAt)))
  const steps: Step[] = []
  holders.forEach((a, i) => {
    const employee = ctx.employees.get(a.employeeId)
    // in the full story whoever joined in the last 200 days has not activated an account: overdue
    const recent = ctx.scenario === 'full' && employee && employee.hiredOn > dayOf(new Date(ctx.now.getTime() - 200 * DAY))
    const kind = recent ? 'never' : timeliness(i)
    if (!employee || kind === 'never') return
    const name = employee.name
    const start = a.startOn > dayOf(publishedAt) ? a.startOn : dayOf(publishedAt)
    const deadline = deadlineDate(start, period)
    const day = kind === 'late' ? addDays(deadline, 2 + (i % 3)) : addDays(start, 1 + (i % 3) > 6 ? 1 : 1 + (i % 3))
    const moment = new Date(Date.parse(`${day}T${String(8 + (i % 9)).padStart(2, '0')}:${String((i * 17) % 60).padStart(2, '0')}:00+08:00`))
    if (moment <= publishedAt || moment >= until || moment > ctx.now) return
    if (a.endOn && a.endOn < day) return
    ctx.confirmers.add(a.employeeId)
    steps.push({
      at: moment,
      run: async (moment) => {
        const worker = ctx.actorOf.get(a.employeeId)
        if (!worker) throw new Error(`演示数据：${name} 没有账号`)
        const current = await ctx.db
          .selectFrom('duty_list_versions')
          .select('id')
          .where('enterprise_id', '=', ctx.enterpriseId)
          .where('post_id', '=', post.id)
          .where('status', '=', 'published')
          .executeTakeFirstOrThrow()
        must(
          '签字确认',
          await confirmList(await c(ctx.db, worker, moment), post.id, { versionId: current.id, signatureKind: 'typed', signature: name }),
        )
      },
    })
  })
  return steps
}

/**
 * Monthly reports — twelve in the full story, the last six of the exemplary one, and in the stale one
 * four that stop three months ago: the admin freezes the figures, the 主要负责人 signs an hour later.
 * (Each report freezes the whole home overview, the seed's slowest step: the other stories keep fewer.)
 */
function reports(ctx: Ctx): Step[] {
  const [first, last] = ctx.scenario === 'full' ? [11, 0] : ctx.scenario === 'exemplary' ? [5, 0] : [6, 3]
  const steps: Step[] = []
  for (let k = first; k >= last; k--) {
    const frozenAt = new Date(monthsBefore(daysAgo(ctx.now, 1, 1), k).getTime())
    steps.push({
      at: frozenAt,
      run: async () => {
        const id = await draftReport(await c(ctx.db, ctx.admin, frozenAt))
        const signedAt = new Date(frozenAt.getTime() + HOUR)
        must('签发报告', await signAndPublish(await c(ctx.db, ctx.head, signedAt), id))
      },
    })
  }
  return steps
}

/**
 * The days of the story's training, as the seed moment `now` places them: 年度再培训 every two months
 * (ten months ago to one month ago) and the 负责人 course five months ago; and, when the newest of those
 * fell in the previous calendar year, the current year's training opens on its first working day (a
 * session for all, the 负责人 course) once that day has come. So a demo seeded in mid-January shows hours
 * of the current year, as it does in November; on 2 January nothing of the new year has been held yet.
 */
export function demoTrainingCalendar(now: Date) {
  const at = (k: number) => monthsBefore(daysAgo(now, 0, 5), k)
  const sessions = [
    { at: at(10), topic: '危险化学品安全管理条例与岗位风险辨识' },
    { at: at(8), topic: '特殊作业安全规范（GB 30871）' },
    { at: at(6), topic: '加氢工艺安全操作与异常处置' },
    { at: at(4), topic: '事故案例警示教育' },
    { at: at(2), topic: '应急救援器材使用与现场急救' },
    { at: at(1), topic: '冬季“四防”与重大危险源管控' },
  ]
  const leaders = [at(5)]
  const today = dayOf(now)
  const year = today.slice(0, 4)
  let opening = `${year}-01-01`
  while (!isWorkingDay(opening)) opening = addDays(opening, 1)
  const openingAt = new Date(Date.parse(`${opening}T14:00:00+08:00`))
  if (openingAt < now) {
    if (!dayOf(sessions.at(-1)!.at).startsWith(year)) sessions.push({ at: openingAt, topic: '新年度安全生产第一课' })
    if (!dayOf(leaders[0]!).startsWith(year)) leaders.push(openingAt)
  }
  return { sessions, leaders }
}

/** 年度再培训 (some workers miss sessions and fall short), the 负责人 course, and the newest hire's 三级教育 (see demoTrainingCalendar). */
function training(ctx: Ctx): Step[] {
  const steps: Step[] = []
  const current = (day: string) => [
    ...new Set(ctx.assignments.filter((a) => a.startOn <= day && (!a.endOn || a.endOn >= day)).map((a) => a.employeeId)),
  ]
  const calendar = demoTrainingCalendar(ctx.now)
  for (const [n, s] of calendar.sessions.entries()) {
    const moment = s.at
    steps.push({
      at: moment,
      run: async (stepAt) => {
        const day = dayOf(moment)
        // in the full story the three most recent hires miss every other session
        const shortOnes = ctx.scenario === 'full' ? [...ctx.employees.keys()].slice(-3) : []
        const attendees = current(day).filter((id) => !(shortOnes.includes(id) && n % 2 === 0))
        must(
          '登记培训',
          await createSession(
            await c(ctx.db, ctx.admin, stepAt),
            {
              topic: s.topic,
              kind: '年度再培训',
              level: null,
              status: 'held',
              heldOn: day,
              hours: 4,
              trainer: '安全环保部 李工',
              place: '公司培训室',
              assessment: '闭卷考试',
            },
            attendees,
          ),
        )
      },
    })
  }
  const leaders = ctx.posts.filter((p) => p.tier <= 2 || p.isSafetyManager).map((p) => p.id)
  for (const course of calendar.leaders)
    steps.push({
      at: course,
      run: async (stepAt) => {
        const day = dayOf(course)
        const ids = [
          ...new Set(ctx.assignments.filter((a) => leaders.includes(a.postId) && a.startOn <= day && !a.endOn).map((a) => a.employeeId)),
        ]
        must(
          '登记负责人培训',
          await createSession(
            await c(ctx.db, ctx.admin, stepAt),
            {
              topic: '主要负责人和安全管理人员年度再培训',
              kind: '负责人及安全管理人员',
              level: null,
              status: 'held',
              heldOn: day,
              hours: 16,
              trainer: '晋中市安全生产培训中心',
              place: '晋中市安全生产培训中心',
              assessment: '考试合格',
            },
            ids,
          ),
        )
      },
    })
  // 三级教育 of whoever joined within the year, in the three days before they started
  for (const [id, e] of ctx.employees) {
    const start = e.hiredOn
    if (start <= dayOf(daysAgo(ctx.now, 360)) || start > dayOf(ctx.now)) continue
    ;(['厂级', '车间级', '班组级'] as const).forEach((level, i) => {
      const moment = new Date(Date.parse(`${addDays(start, i - 3)}T14:00:00+08:00`))
      steps.push({
        at: moment,
        run: async (stepAt) => {
          must(
            '登记三级教育',
            await createSession(
              await c(ctx.db, ctx.admin, stepAt),
              {
                topic: `新员工${level}安全教育`,
                kind: '岗前三级教育',
                level,
                status: 'held',
                heldOn: dayOf(moment),
                hours: 24,
                trainer: '安全环保部',
                place: level === '厂级' ? '公司培训室' : '生产现场',
                assessment: '考试合格',
              },
              [id],
            ),
          )
        },
      })
    })
  }
  return steps
}

/**
 * The certificates each post requires, held by its holders; in the full story one expires within 30
 * days and one has expired, and in the others one holder still lacks theirs.
 */
function certificates(ctx: Ctx): Step[] {
  const today = dayOf(ctx.now)
  const steps: Step[] = []
  let catalogue: Awaited<ReturnType<typeof loadCatalogue>> | undefined
  let n = 0
  for (const p of ctx.posts) {
    for (const required of p.required) {
      for (const a of ctx.assignments.filter((x) => x.postId === p.id && !x.endOn)) {
        n++
        if (ctx.scenario === 'stale' && n === 3) continue // one worker on a post without the certificate it needs
        const serial = n
        // the eighth certificate expires in 20 days, the eleventh expired 15 days ago (full story)
        const expiring = ctx.scenario === 'full' && serial === 8
        const expired = ctx.scenario === 'full' && serial === 11
        steps.push({
          at: daysAgo(ctx.now, 370, 6),
          run: async (stepAt) => {
            catalogue ??= await loadCatalogue(ctx.db)
            const item = catalogue.find((c) => c.name === required)
            const years = item?.validityYears ?? 6
            const expiresOn = expiring
              ? addDays(today, 20)
              : expired
                ? addDays(today, -15)
                : addDays(today, Math.min(200 + serial * 37, years * 365 - 60))
            const issuedOn = addDays(addYears(expiresOn, -years), 1)
            // registered when it was issued (a renewal within the year) or when the story starts
            const registered =
              issuedOn > dayOf(daysAgo(ctx.now, 370)) ? new Date(Date.parse(`${addDays(issuedOn, 3)}T10:00:00+08:00`)) : null
            const add = async () =>
              addCertificate(await c(ctx.db, ctx.admin, registered ?? stepAt), {
                employeeId: a.employeeId,
                kind: required,
                number: `${required.includes('特种') ? 'T' : 'A'}${String(140700_0000 + serial * 7919)}`,
                authority: required.includes('特种设备') ? '晋中市市场监督管理局' : '山西省应急管理厅',
                issuedOn,
                expiresOn,
                // a kind with 复审 (特种作业操作证, every 3 years) was reviewed on time: the next one is ahead
                reviewDueOn: item?.reviewYears && !expired ? (expiring ? addDays(expiresOn, -1) : addDays(today, 150 + serial * 11)) : null,
              })
            must('登记证书', await add())
          },
        })
      }
    }
  }
  return steps
}

/** Three plans (filed), and their drills with the 演练方案, 脚本, 评估报告 and a photo each. */
function emergency(ctx: Ctx): Step[] {
  const name = ctx.scenario === 'full' ? '危险化学品' : '道路运输'
  const plans = [
    { kind: '综合预案' as const, title: `生产安全事故综合应急预案` },
    { kind: '专项预案' as const, title: ctx.scenario === 'full' ? '危险化学品泄漏专项应急预案' : '危险货物运输事故专项应急预案' },
    { kind: '现场处置方案' as const, title: ctx.scenario === 'full' ? '加氢反应釜超温超压现场处置方案' : '车辆火灾现场处置方案' },
  ]
  const issued = daysAgo(ctx.now, 400)
  const ids: string[] = []
  const steps: Step[] = [
    {
      // registered once filed with the 应急管理部门, twelve days after the plans were issued
      at: daysAgo(ctx.now, 385),
      run: async (stepAt) => {
        for (const p of plans) {
          const r = must(
            '登记预案',
            await createPlan(
              await c(ctx.db, ctx.admin, stepAt),
              {
                kind: p.kind,
                title: p.title,
                version: `${dayOf(issued).slice(0, 4)}版`,
                issuedOn: dayOf(issued),
                filedOn: addDays(dayOf(issued), 12),
                reviewedOn: null,
              },
              [
                {
                  name: `${p.title}.pdf`,
                  bytes: demoPdf(p.title, [
                    `${name}企业应急预案（演示）`,
                    `发布日期：${dayOf(issued)}`,
                    '一、总则  二、组织机构及职责  三、应急响应  四、保障措施',
                  ]),
                },
              ],
            ),
          )
          ids.push(r.planId)
        }
      },
    },
  ]
  // drills: the 综合 yearly, the 专项 and 现场处置 every half year; the full story misses the last 现场处置 one
  const drills = [
    { plan: 0, monthsAgo: 7, form: '实战' as const },
    { plan: 1, monthsAgo: 10, form: '桌面' as const },
    { plan: 1, monthsAgo: 4, form: '实战' as const },
    { plan: 2, monthsAgo: 11, form: '实战' as const },
    ...(ctx.scenario === 'full' ? [] : [{ plan: 2, monthsAgo: 5, form: '实战' as const }]),
  ]
  for (const [i, d] of drills.entries()) {
    const moment = monthsBefore(daysAgo(ctx.now, 0, 6), d.monthsAgo)
    steps.push({
      at: moment,
      run: async (stepAt) => {
        const title = plans[d.plan]!.title
        const day = dayOf(moment)
        const pdf = (label: string) => ({
          name: `${label}.pdf`,
          bytes: demoPdf(`${title}${label}`, [`演练日期：${day}`, `演练形式：${d.form}演练`, '参演单位：公司应急救援队及各车间']),
        })
        must(
          '登记演练',
          await recordDrill(
            await c(ctx.db, ctx.admin, stepAt),
            {
              planId: ids[d.plan]!,
              heldOn: day,
              form: d.form,
              participants: 12 + i * 4,
              summary: `按${title}开展${d.form}演练，检验了报警、疏散和初期处置，评估发现的问题已整改。`,
            },
            [
              { ...pdf('演练方案'), slot: 'scheme' },
              { ...pdf('演练脚本'), slot: 'script' },
              { ...pdf('评估报告'), slot: 'assessment' },
              { name: '现场照片.png', bytes: demoPng([40 + i * 40, 120, 200 - i * 30]), slot: 'photo' },
            ],
          ),
        )
      },
    })
  }
  return steps
}

/** 安委会 meetings every quarter with minutes, and this year's 目标责任书 issued in January and signed by those with accounts. */
function committee(ctx: Ctx): Step[] {
  const steps: Step[] = []
  for (const k of [11, 8, 5, 2]) {
    const moment = monthsBefore(daysAgo(ctx.now, 0, 7), k)
    steps.push({
      at: moment,
      run: async (stepAt) => {
        const day = dayOf(moment)
        must(
          '登记安委会会议',
          await recordMeeting(
            await c(ctx.db, ctx.admin, stepAt),
            {
              heldOn: day,
              chair: ctx.head.displayName,
              attendees: '安委会全体成员',
              topics: '通报上季度安全生产情况，研究隐患排查治理和下季度重点工作',
            },
            [
              {
                name: '会议纪要.pdf',
                bytes: demoPdf('安全生产委员会会议纪要', [
                  `会议日期：${day}`,
                  `主持人：${ctx.head.displayName}`,
                  '一、通报上季度安全生产情况',
                  '二、部署下季度重点工作',
                ]),
              },
            ],
          ),
        )
      },
    })
  }
  const year = Number(dayOf(ctx.now).slice(0, 4))
  const january = new Date(Date.parse(`${year}-01-06T10:00:00+08:00`))
  const issued = january < daysAgo(ctx.now, 2) ? january : daysAgo(ctx.now, 2)
  steps.push({
    at: issued,
    run: async (stepAt) => {
      await issueTargetAgreements(
        await c(ctx.db, ctx.admin, stepAt),
        year,
        `${year}年度安全生产目标责任书：杜绝较大及以上生产安全事故，隐患整改率100%，全员安全培训合格率100%。`,
      )
      const agreements = await ctx.db
        .selectFrom('target_agreements')
        .select(['id', 'employee_id', 'post_name'])
        .where('enterprise_id', '=', ctx.enterpriseId)
        .where('year', '=', year)
        .execute()
      for (const [i, t] of agreements.entries()) {
        const signer = ctx.actorOf.get(t.employee_id)
        const name = ctx.employees.get(t.employee_id)?.name
        // in the full story the 加氢 operators have not signed yet
        if (!signer || !name || (ctx.scenario === 'full' && t.post_name === '化工操作工（加氢）')) continue
        const signedAt = new Date(issued.getTime() + (i + 1) * HOUR)
        must('签订目标责任书', await signTargetAgreement(await c(ctx.db, signer, signedAt), t.id, name))
      }
    },
  })
  return steps
}

/**
 * The 应急管理局 inspects 华晟化工 twice: the first order's items become hazards (one closed loop), which
 * the enterprise grades, rectifies and accepts (销号) before it answers the order with evidence; the
 * department accepts the answer (销号). The second is past its deadline, unanswered, its hazard still
 * to be graded. The head signs each inspection record.
 */
function inspections(ctx: Ctx, regulator: Actor): Step[] {
  const { db, now, enterpriseId } = ctx
  const local = (m: Date) => new Date(m.getTime() + 8 * HOUR).toISOString().slice(0, 16)
  const inspect = (
    moment: Date,
    problems: string,
    items: { problem: string; requirement: string; dueDate: string }[],
    then?: (orderId: string) => void,
  ): Step => ({
    at: moment,
    run: async () => {
      const r = await recordInspection(
        await c(db, regulator, moment),
        enterpriseId,
        {
          inspectedAt: local(moment),
          place: '合成车间、储运车间',
          inspectors: '王建国、李文斌',
          content: '重大危险源管控、特殊作业管理、全员安全生产责任制落实情况',
          problems,
          handling: '责令限期整改',
        },
        items,
      )
      if (!r.ok || !r.orderId) throw new Error(`演示数据：检查记录失败：${JSON.stringify(r)}`)
      then?.(r.orderId)
      const signedAt = new Date(moment.getTime() + 2 * HOUR)
      must('签署检查记录', await signInspection(await c(db, ctx.head, signedAt), r.inspectionId))
    },
  })
  let answered = ''
  const orderHazards = (orderId: string) =>
    db
      .selectFrom('hazards')
      .select(['id', 'order_item_no'])
      .where('enterprise_id', '=', enterpriseId)
      .where('order_id', '=', orderId)
      .orderBy('order_item_no')
      .execute()
  return [
    inspect(
      daysAgo(now, 75, 1),
      '1. 加氢工段可燃气体报警器2台未按期检定；2. 动火作业票未附气体分析记录。',
      [
        { problem: '加氢工段可燃气体报警器2台未按期检定', requirement: '立即送检，检定合格后恢复使用', dueDate: dayOf(daysAgo(now, 45)) },
        {
          problem: '动火作业票未附气体分析记录',
          requirement: '完善特殊作业票证管理，对相关人员开展培训',
          dueDate: dayOf(daysAgo(now, 45)),
        },
      ],
      (id) => (answered = id),
    ),
    // the order's hazards first: 定级并指派 by the admin, 整改 by the head responsible, 验收 by the admin
    {
      at: daysAgo(now, 74, 2),
      run: async (stepAt) => {
        for (const h of await orderHazards(answered)) {
          must(
            '指令隐患定级',
            await assignHazard(await c(db, ctx.admin, stepAt), h.id, {
              grade: 'general',
              responsibleUserId: ctx.head.userId,
              measures:
                h.order_item_no === 1
                  ? '报警器送晋中市计量检定所检定，检定期间启用便携式检测仪'
                  : '修订动火作业管理制度，组织特殊作业人员培训',
              deadline: dayOf(daysAgo(now, 46)),
              funds: h.order_item_no === 1 ? '2400' : '800',
            }),
          )
        }
      },
    },
    {
      at: daysAgo(now, 56, 3),
      run: async (stepAt) => {
        for (const h of await orderHazards(answered))
          must(
            '指令隐患整改',
            await rectifyHazard(
              await c(db, ctx.head, stepAt),
              h.id,
              { note: h.order_item_no === 1 ? '报警器2台检定合格，已恢复使用' : '制度已修订发布，培训23人次' },
              [{ name: `整改后照片${h.order_item_no}.png`, bytes: demoPng([60, 150 + 10 * (h.order_item_no ?? 1), 90]) }],
            ),
          )
      },
    },
    {
      at: daysAgo(now, 53, 2),
      run: async (stepAt) => {
        for (const h of await orderHazards(answered))
          must(
            '指令隐患验收',
            await verifyHazard(await c(db, ctx.admin, stepAt), h.id, { decision: 'pass', note: '现场验收合格，予以销号' }),
          )
      },
    },
    {
      at: daysAgo(now, 52, 2),
      run: async (stepAt) => {
        must(
          '整改回复',
          await answerOrder(
            await c(db, ctx.admin, stepAt),
            answered,
            '报警器已送晋中市计量检定所检定合格并恢复使用；已修订动火作业管理制度并组织相关人员培训。',
            [
              { name: '检定证书.pdf', bytes: demoPdf('可燃气体报警器检定证书', ['检定结论：合格', '检定单位：晋中市计量检定所']) },
              { name: '整改后现场照片.png', bytes: demoPng([60, 160, 90]) },
            ],
          ),
        )
      },
    },
    {
      at: daysAgo(now, 44, 3),
      run: async (stepAt) => {
        must(
          '复查销号',
          await reviewOrder(await c(db, regulator, stepAt), enterpriseId, answered, 'accept', '经复查，整改到位，同意销号。'),
        )
      },
    },
    inspect(daysAgo(now, 30, 1), '储运车间装卸区静电接地报警仪损坏未修复。', [
      {
        problem: '储运车间装卸区静电接地报警仪损坏未修复',
        requirement: '更换静电接地报警仪，装卸作业前逐车检查',
        dueDate: dayOf(daysAgo(now, 10)),
      },
    ]),
  ]
}

/** The 二十条 items the portal derives from its records (obligations.server.ts derivedItems): not declared. */
const DERIVED_ITEMS = new Set([1, 2, 6, 12, 13, 14])

/**
 * The admin declares the other 二十条 items with a document each (a year ago, and re-reviewed half a
 * year later): all 已落实 in the exemplary story; in the full one two are 部分落实.
 */
function declarations(ctx: Ctx): Step[] {
  const partly = ctx.scenario === 'full' ? new Set([9, 16]) : new Set<number>()
  const steps: Step[] = []
  for (const daysBack of [372, 190]) {
    steps.push({
      at: daysAgo(ctx.now, daysBack, 2),
      run: async (stepAt) => {
        const day = dayOf(stepAt)
        for (const o of obligations.filter((x) => !DERIVED_ITEMS.has(x.no))) {
          const status = partly.has(o.no) && daysBack < 300 ? ('部分落实' as const) : ('已落实' as const)
          must(
            '更新二十条落实情况',
            await declareItem(
              await c(ctx.db, ctx.admin, stepAt),
              o.no,
              {
                status,
                reason: null,
                responsible: ctx.admin.displayName,
                note: status === '部分落实' ? '年度评审发现部分车间执行不到位，正在整改' : '',
                reviewedOn: day,
                nextReviewOn: addDays(day, 180),
              },
              [{ name: `第${o.no}条落实材料.pdf`, bytes: demoPdf(o.title, [`评审日期：${day}`, `落实情况：${status}`]) }],
            ),
          )
        }
      },
    })
  }
  return steps
}
