import { sql, type Kysely } from 'kysely'
import type { CheckFrequencyCode, CheckKindCode, Database } from '../db/types'
import { periodOf } from '../app/modules/checks/rules'
import { addDays } from '../app/utils/calendar'
import { todayInShanghai } from '../app/utils/dates'

// Demo 隐患排查 for 晋中市华晟化工有限公司: three plans drawn from its register (seeds/dual-prevention-demo.ts)
// and a few weeks of checks — some periods missed (逾期), one check that found a 隐患 (a hazard record,
// source 排查任务, linked to it), and today's periods still open for the phone. Loaded by the demo seed
// after the register; skipped when the enterprise already has plans. Each check is signed the way the
// app signs it: app.user_id set to the checker's account before the insert (checks_signer).

const CREDIT_CODE = '91140702MA0GR4KT4R'

interface PlanSeed {
  name: string
  kind: CheckKindCode
  frequency: CheckFrequencyCode
  post: string
  /** days before today the plan started */
  startedDaysAgo: number
  /** [risk's 危险源, measure kind] */
  items: [string, string][]
  /** who checks, by account, taking turns */
  checkers: string[]
  /** periods (by how many periods before the current one) left undone: overdue */
  missed: number[]
}

const PLANS: PlanSeed[] = [
  {
    name: '加氢岗位每日巡检',
    kind: 'daily',
    frequency: 'daily',
    post: '化工操作工（加氢）',
    startedDaysAgo: 27,
    items: [
      ['加氢反应釜超温超压', 'engineering'],
      ['加氢反应釜超温超压', 'management'],
      ['氢气管线法兰泄漏', 'engineering'],
      ['氢气管线法兰泄漏', 'ppe'],
    ],
    checkers: ['17735418902', 'hs_team'],
    missed: [3, 10, 11, 17],
  },
  {
    name: '储运车间每周综合检查',
    kind: 'comprehensive',
    frequency: 'weekly',
    post: '储运车间主任',
    startedDaysAgo: 35,
    items: [
      ['甲醇装卸过程静电积聚', 'engineering'],
      ['甲醇装卸过程静电积聚', 'management'],
      ['甲醇装卸过程静电积聚', 'ppe'],
    ],
    checkers: ['hs_storage'],
    missed: [2],
  },
  {
    name: '动火作业月度专项检查',
    kind: 'special',
    frequency: 'monthly',
    post: '加氢一班班长',
    startedDaysAgo: 70,
    items: [
      ['动火点周边可燃物未清理', 'management'],
      ['动火点周边可燃物未清理', 'emergency'],
    ],
    checkers: ['hs_team'],
    missed: [],
  },
]

/** The one check that found a 隐患: yesterday's daily check, its 个体防护 item. */
const FOUND = {
  plan: '加氢岗位每日巡检',
  periodsAgo: 1,
  item: ['氢气管线法兰泄漏', 'ppe'] as [string, string],
  note: '巡检人员未随身携带便携式氢气检测仪，检测仪电量耗尽放在控制室',
}

export async function seedHazardChecksDemo(db: Kysely<Database>, now = new Date()): Promise<void> {
  const enterprise = await db.selectFrom('enterprises').select('id').where('credit_code', '=', CREDIT_CODE).executeTakeFirst()
  if (!enterprise) return
  const enterpriseId = enterprise.id
  const existing = await db.selectFrom('check_plans').select('id').where('enterprise_id', '=', enterpriseId).limit(1).executeTakeFirst()
  if (existing) return
  const today = todayInShanghai(now)
  const posts = new Map(
    (await db.selectFrom('posts').select(['id', 'name']).where('enterprise_id', '=', enterpriseId).execute()).map((p) => [p.name, p.id]),
  )
  const risks = await db
    .selectFrom('risks as r')
    .innerJoin('risk_points as p', (j) => j.onRef('p.enterprise_id', '=', 'r.enterprise_id').onRef('p.id', '=', 'r.risk_point_id'))
    .select(['r.id', 'r.hazard_source', 'r.level', 'r.measures', 'p.name as point_name', 'p.location'])
    .where('r.enterprise_id', '=', enterpriseId)
    .execute()
  const users = await db
    .selectFrom('users')
    .select(['id', 'username', 'phone', 'display_name', 'employee_id'])
    .where('enterprise_id', '=', enterpriseId)
    .execute()
  const user = (key: string) => {
    const u = users.find((x) => x.username === key || x.phone === key)
    if (!u?.employee_id) throw new Error(`demo checker ${key} missing`)
    return u
  }
  const risk = (source: string) => {
    const r = risks.find((x) => x.hazard_source === source)
    if (!r) throw new Error(`demo risk ${source} missing`)
    return r
  }

  for (const plan of PLANS) {
    const startOn = addDays(today, -plan.startedDaysAgo)
    const { id: planId } = await db
      .insertInto('check_plans')
      .values({
        enterprise_id: enterpriseId,
        name: plan.name,
        kind: plan.kind,
        frequency: plan.frequency,
        post_id: posts.get(plan.post)!,
        start_on: startOn,
        end_on: null,
        created_at: new Date(`${startOn}T08:00:00+08:00`),
        updated_at: new Date(`${startOn}T08:00:00+08:00`),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await db
      .insertInto('check_plan_items')
      .values(
        plan.items.map(([source, kind]) => ({
          enterprise_id: enterpriseId,
          plan_id: planId,
          risk_id: risk(source).id,
          measure_kind: kind,
        })),
      )
      .execute()

    // every period from the plan's first to the one before the current: done unless listed as missed
    const periods = []
    for (let p = periodOf(plan.frequency, startOn); p.end < today; p = periodOf(plan.frequency, addDays(p.end, 1))) periods.push(p)
    for (const [i, period] of periods.entries()) {
      const ago = periods.length - i
      if (plan.missed.includes(ago)) continue
      const checker = user(plan.checkers[i % plan.checkers.length]!)
      const found = FOUND.plan === plan.name && FOUND.periodsAgo === ago
      // done on the period's last day at 09:30, or today's date if that is earlier (never in the future)
      const day = period.end < today ? period.end : today
      const at = new Date(`${day}T09:30:00+08:00`)
      await sql`select set_config('app.user_id', ${checker.id}, true)`.execute(db)
      const { id: checkId } = await db
        .insertInto('checks')
        .values({
          enterprise_id: enterpriseId,
          plan_id: planId,
          period_key: period.key,
          period_start: period.start,
          period_end: period.end,
          post_id: posts.get(plan.post)!,
          checker_employee_id: checker.employee_id!,
          signature_kind: 'typed',
          signature: checker.display_name,
          items_total: plan.items.length,
          hazards_found: found ? 1 : 0,
          submitted_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      for (const [n, [source, kind]] of plan.items.entries()) {
        const r = risk(source)
        const hazardHere = found && FOUND.item[0] === source && FOUND.item[1] === kind
        let hazardId: string | null = null
        if (hazardHere) {
          const { max } = await db
            .selectFrom('hazards')
            .select(sql<number>`coalesce(max(no), 0)::int`.as('max'))
            .where('enterprise_id', '=', enterpriseId)
            .executeTakeFirstOrThrow()
          const content = r.measures.find((m) => m.kind === kind)?.content ?? ''
          const hazard = await db
            .insertInto('hazards')
            .values({
              enterprise_id: enterpriseId,
              no: max + 1,
              source: 'check',
              place: r.location ? `${r.point_name}（${r.location}）` : r.point_name,
              description: `${FOUND.note}（排查项：个体防护措施——${content}）`,
              found_by_user_id: checker.id,
              found_by_name: checker.display_name,
              found_at: at,
              status: 'reported',
              updated_at: at,
            })
            .returning('id')
            .executeTakeFirstOrThrow()
          await db
            .insertInto('hazard_events')
            .values({
              enterprise_id: enterpriseId,
              hazard_id: hazard.id,
              seq: 1,
              step: 'report',
              from_status: null,
              to_status: 'reported',
              detail: JSON.stringify({ checkId, plan: plan.name, period: period.label }),
              at,
            })
            .execute()
          hazardId = hazard.id
        }
        await db
          .insertInto('check_results')
          .values({
            enterprise_id: enterpriseId,
            check_id: checkId,
            seq: n + 1,
            risk_id: r.id,
            risk_point_name: r.point_name,
            hazard_source: r.hazard_source,
            risk_level: r.level,
            measure_kind: kind,
            content: r.measures.find((m) => m.kind === kind)?.content ?? '',
            result: hazardHere ? 'hazard' : 'ok',
            note: hazardHere ? FOUND.note : '',
            hazard_id: hazardId,
          })
          .execute()
      }
    }
  }
  await sql`select set_config('app.user_id', '', true)`.execute(db)
}
