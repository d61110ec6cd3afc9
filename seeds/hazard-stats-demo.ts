import { sql, type Kysely } from 'kysely'
import type { Database, HazardStatus } from '../db/types'
import { hazardsForPeriod } from '../app/modules/hazards/period.server'
import { hazardStatsSnapshot, latestDuePeriods, shanghaiMidnight, type Period } from '../app/modules/hazard-stats/rules'
import { addDays, shanghaiDay } from '../app/utils/calendar'

// Demo 隐患排查治理统计分析表 for 晋中市华晟化工有限公司: the table of the period that fell due most
// recently (on 2026-11-30: 2026年第三季度, due 15 October), drawn up by hs_admin and signed on time by
// hs_head (总经理, 主要负责人). So that it counts something, the quarter gets four 一般 hazards of its
// own — closed within it, and one closed only after it ended (open and overdue at its end) — unless the
// demo already holds hazards found in that quarter. Loaded by the demo seed (one line in seeds/seed.ts)
// after the 双重预防 demo; skipped when the enterprise already has a table. Each history row is signed
// the way the app signs it (app.user_id set to the acting account); the signed table is inserted signed
// by the seeding owner, as the demo's other signed records are (refuse_signed_insert lets the owner).

// 华晟化工 (the full story) with hazards of the quarter; 通达物流 (the exemplary one) signs its tables on
// time too, so that the dashboard's 隐患统计分析表逾期 flag tells the stale and the never-reporting
// enterprises from the others, as every other flag does.
const SIGNERS = [
  { creditCode: '91140702MA0GR4KT4R', admin: 'hs_admin', head: 'hs_head', quarterHazards: true },
  { creditCode: '91140781MA0HB9LC98', admin: 'td_admin', head: 'td_head', quarterHazards: false },
] as const

type Step = { step: string; to: HazardStatus; by: string; note?: string; day: number }
/** Days are counted from the quarter's first day; the quarter is 90–92 days long. */
const QUARTER_HAZARDS: {
  source: 'self' | 'check' | 'worker' | 'regulator'
  place: string
  description: string
  foundBy: string
  day: number
  responsible: string
  measures: string
  deadlineDay: number
  funds: string | null
  steps: Step[]
}[] = [
  {
    source: 'worker',
    place: '合成车间一楼泵房',
    description: '2号循环水泵联轴器防护罩缺失',
    foundBy: '19834561277',
    day: 9,
    responsible: 'hs_synthesis',
    measures: '恢复安装联轴器防护罩',
    deadlineDay: 16,
    funds: '600',
    steps: [
      { step: 'assign', to: 'rectifying', by: 'hs_admin', note: '恢复安装联轴器防护罩', day: 9 },
      { step: 'rectify', to: 'verifying', by: 'hs_synthesis', note: '防护罩已重新安装并紧固', day: 11 },
      { step: 'verify_pass', to: 'closed', by: 'hs_safety_head', note: '验收合格，销号', day: 12 },
    ],
  },
  {
    source: 'self',
    place: '甲醇储罐区',
    description: '防火堤雨水排放阀处于常开状态',
    foundBy: 'hs_admin',
    day: 20,
    responsible: 'hs_storage',
    measures: '关闭排放阀，排水时专人操作并记录',
    deadlineDay: 21,
    funds: null,
    steps: [
      { step: 'assign', to: 'rectifying', by: 'hs_admin', note: '关闭排放阀，排水时专人操作并记录', day: 20 },
      { step: 'rectify', to: 'verifying', by: 'hs_storage', note: '已关闭，排水操作纳入交接班检查', day: 21 },
      { step: 'verify_pass', to: 'closed', by: 'hs_admin', note: '验收合格，销号', day: 22 },
    ],
  },
  {
    source: 'check',
    place: '加氢工段巡检通道',
    description: '巡检通道照明灯损坏3盏，夜间巡检照度不足',
    foundBy: 'hs_team',
    day: 40,
    responsible: 'hs_hydro',
    measures: '更换防爆照明灯具',
    deadlineDay: 50,
    funds: '1200',
    // the lamps came only after the quarter ended: open and overdue at its end
    steps: [
      { step: 'assign', to: 'rectifying', by: 'hs_admin', note: '更换防爆照明灯具', day: 40 },
      { step: 'rectify', to: 'verifying', by: 'hs_hydro', note: '防爆灯具到货后已全部更换', day: 95 },
      { step: 'verify_pass', to: 'closed', by: 'hs_safety_head', note: '验收合格，销号', day: 96 },
    ],
  },
  {
    source: 'regulator',
    place: '储运车间装卸区',
    description: '应急洗眼器水压不足（晋中市应急管理局检查指出）',
    foundBy: 'hs_admin',
    day: 60,
    responsible: 'hs_storage',
    measures: '更换减压阀并每周试水',
    deadlineDay: 67,
    funds: '3500',
    steps: [
      { step: 'assign', to: 'rectifying', by: 'hs_admin', note: '更换减压阀并每周试水', day: 60 },
      { step: 'rectify', to: 'verifying', by: 'hs_storage', note: '减压阀已更换，水压正常', day: 63 },
      { step: 'verify_pass', to: 'closed', by: 'hs_safety_head', note: '验收合格，销号', day: 64 },
    ],
  },
]

export async function seedHazardStatsDemo(db: Kysely<Database>, now = new Date()): Promise<void> {
  for (const signer of SIGNERS) await seedEnterpriseStats(db, signer, now)
}

async function seedEnterpriseStats(db: Kysely<Database>, signer: (typeof SIGNERS)[number], now: Date): Promise<void> {
  const enterprise = await db.selectFrom('enterprises').select('id').where('credit_code', '=', signer.creditCode).executeTakeFirst()
  if (!enterprise) return
  const enterpriseId = enterprise.id
  const existing = await db
    .selectFrom('hazard_stat_reports')
    .select('id')
    .where('enterprise_id', '=', enterpriseId)
    .limit(1)
    .executeTakeFirst()
  if (existing) return
  const periods = latestDuePeriods(shanghaiDay(now))
  const quarter = periods.find((p) => p.kind === 'quarter')
  if (!quarter) return
  const users = await db
    .selectFrom('users')
    .select(['id', 'username', 'phone', 'display_name'])
    .where('enterprise_id', '=', enterpriseId)
    .execute()
  const user = (key: string) => {
    const u = users.find((x) => x.username === key || x.phone === key)
    if (!u) throw new Error(`demo account ${key} missing`)
    return u
  }
  if (signer.quarterHazards) await seedQuarterHazards(db, enterpriseId, quarter, user)

  const head = user(signer.head)
  const admin = user(signer.admin)
  const post = await db
    .selectFrom('assignments as a')
    .innerJoin('posts as p', (j) => j.onRef('p.enterprise_id', '=', 'a.enterprise_id').onRef('p.id', '=', 'a.post_id'))
    .innerJoin('users as u', 'u.employee_id', 'a.employee_id')
    .select('p.name')
    .where('a.enterprise_id', '=', enterpriseId)
    .where('u.id', '=', head.id)
    .where('p.tier', '=', 1)
    .executeTakeFirst()
  for (const p of periods) {
    const from = shanghaiMidnight(p.start)
    const to = shanghaiMidnight(addDays(p.end, 1))
    const snapshot = hazardStatsSnapshot(await hazardsForPeriod(db, enterpriseId, from, to), p)
    // drawn up five days before the due day, signed three days before it: on time
    await db
      .insertInto('hazard_stat_reports')
      .values({
        enterprise_id: enterpriseId,
        period: p.key,
        period_start: p.start,
        period_end: p.end,
        due_on: p.dueOn,
        snapshot: JSON.stringify(snapshot),
        created_by: admin.id,
        created_by_name: admin.display_name,
        created_at: new Date(`${addDays(p.dueOn, -5)}T09:30:00+08:00`),
        signed_by: head.id,
        signed_by_name: head.display_name,
        signed_post: post?.name ?? '总经理',
        signed_at: new Date(`${addDays(p.dueOn, -3)}T10:00:00+08:00`),
      })
      .execute()
  }
}

async function seedQuarterHazards(
  db: Kysely<Database>,
  enterpriseId: string,
  quarter: Period,
  user: (key: string) => { id: string; display_name: string },
) {
  const from = shanghaiMidnight(quarter.start)
  const to = shanghaiMidnight(addDays(quarter.end, 1))
  const inQuarter = await db
    .selectFrom('hazards')
    .select('id')
    .where('enterprise_id', '=', enterpriseId)
    .where('found_at', '>=', from)
    .where('found_at', '<', to)
    .limit(1)
    .executeTakeFirst()
  if (inQuarter) return
  const at = (day: number, hour: number) => new Date(from.getTime() + day * 86_400_000 + hour * 3_600_000)
  const { max } = await db
    .selectFrom('hazards')
    .select(sql<number>`coalesce(max(no), 0)::int`.as('max'))
    .where('enterprise_id', '=', enterpriseId)
    .executeTakeFirstOrThrow()
  let no = max
  for (const h of QUARTER_HAZARDS) {
    no++
    const finder = user(h.foundBy)
    const responsible = user(h.responsible)
    const rectify = h.steps.find((s) => s.step === 'rectify')!
    const last = h.steps.at(-1)!
    const row = await db
      .insertInto('hazards')
      .values({
        enterprise_id: enterpriseId,
        no,
        source: h.source,
        place: h.place,
        description: h.description,
        found_by_user_id: finder.id,
        found_by_name: finder.display_name,
        found_at: at(h.day, 9),
        status: 'closed',
        grade: 'general',
        responsible_user_id: responsible.id,
        responsible_name: responsible.display_name,
        measures: h.measures,
        deadline: addDays(quarter.start, h.deadlineDay),
        funds: h.funds,
        rectified_by: user(rectify.by).id,
        closed_at: at(last.day, 9 + h.steps.length),
        updated_at: at(last.day, 9 + h.steps.length),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const history: Step[] = [{ step: 'report', to: 'reported', by: h.foundBy, day: h.day }, ...h.steps]
    let fromStatus: HazardStatus | null = null
    for (const [i, s] of history.entries()) {
      await sql`select set_config('app.user_id', ${user(s.by).id}, true)`.execute(db)
      await db
        .insertInto('hazard_events')
        .values({
          enterprise_id: enterpriseId,
          hazard_id: row.id,
          seq: i + 1,
          step: s.step,
          from_status: fromStatus,
          to_status: s.to,
          note: s.note ?? '',
          // one step an hour from 09:00 on its day (a report and its grading on the same day follow each other)
          at: at(s.day, 9 + i),
        })
        .execute()
      fromStatus = s.to
    }
  }
  await sql`select set_config('app.user_id', '', true)`.execute(db)
}
