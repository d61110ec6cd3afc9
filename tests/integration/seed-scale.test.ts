import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifyLedger } from '../../app/modules/acknowledgements/acknowledgements.server'
import { PHONE_RE } from '../../app/modules/auth/rules'
import { creditCodeProblem } from '../../app/modules/enterprises/rules'
import { idCardProblem } from '../../app/modules/org/rules'
import { hazardsForPeriod } from '../../app/modules/hazards/period.server'
import { isHazardOverdue } from '../../app/modules/hazards/rules'
import { hazardStatsSnapshot, parsePeriod, shanghaiMidnight } from '../../app/modules/hazard-stats/rules'
import { addDays } from '../../app/utils/calendar'
import { todayInShanghai } from '../../app/utils/dates'
import { statPeriods } from '../bench/seed-scale-hazards'
import { checkForeignKeys, hasScaleData, removeScaleData, SCALE_MARK, seedScale, type ScaleSummary } from '../bench/seed-scale'
import { createTestDatabase, type TestDatabase } from './helpers'

// `npm run seed:scale` at a tiny size (50 enterprises, 2,000 workers): the same code that builds the
// 20,000-enterprise city, checked for what the bench relies on.

let t: TestDatabase
let summary: ScaleSummary
const scale = sql`(select id from enterprises where substr(credit_code, 9, 4) = ${SCALE_MARK})`

beforeAll(async () => {
  t = await createTestDatabase()
  summary = await seedScale(t.owner, { enterprises: 50, workers: 2000 })
}, 300_000)
afterAll(() => t?.destroy())

async function rows<T>(query: ReturnType<typeof sql>) {
  return (await query.execute(t.owner)).rows as T[]
}

describe('seed:scale at a tiny size', () => {
  it('makes the requested city: 50 enterprises of 晋中市, 2,000 workers, with valid codes and numbers', async () => {
    expect(summary.counts.enterprises).toBe(50)
    expect(summary.counts.employees).toBe(2000)
    expect(summary.counts.assignments).toBe(2000)
    const enterprises = await rows<{ credit_code: string; region_code: string; industry_code: string; workers: number }>(sql`
      select e.credit_code, e.region_code, e.industry_code, (select count(*)::int from employees m where m.enterprise_id = e.id) as workers
      from enterprises e where e.id in ${scale}`)
    for (const e of enterprises) {
      expect(creditCodeProblem(e.credit_code)).toBeNull()
      expect(e.region_code.startsWith('1407')).toBe(true)
      expect(e.workers).toBeGreaterThanOrEqual(6)
    }
    // exact shares even at 50: 15% 危险化学品 → 7 or 8
    expect(enterprises.filter((e) => e.industry_code === 'hazchem').length).toBeGreaterThanOrEqual(7)
    expect(new Set(enterprises.map((e) => e.industry_code)).has('construction')).toBe(true)

    const people = await rows<{ phone: string; id_card: string | null; hired_on: string }>(
      sql`select phone, id_card, hired_on from employees where enterprise_id in ${scale}`,
    )
    expect(people.length).toBeGreaterThan(0)
    expect(people.every((p) => PHONE_RE.test(p.phone))).toBe(true)
    expect(new Set(people.map((p) => p.phone)).size).toBe(people.length)
    const cards = people.filter((p) => p.id_card)
    expect(cards.length).toBeGreaterThan(people.length / 2)
    // a real province, a birth date the calendar has, 16 to 100 years old when hired
    expect(cards.filter((p) => idCardProblem(p.id_card!, { today: '2026-11-30', hiredOn: p.hired_on }) !== null)).toEqual([])

    // every post has exactly one current (published) list, and every worker holds a post
    const posts = await rows<{ n: number }>(sql`
      select count(*)::int as n from posts p where p.enterprise_id in ${scale}
        and (select count(*) from duty_list_versions v where v.enterprise_id = p.enterprise_id and v.post_id = p.id and v.status = 'published') <> 1`)
    expect(posts[0]!.n).toBe(0)
    expect(summary.counts.duty_items).toBeGreaterThan(summary.counts.duty_list_versions! * 5)
    expect(summary.counts.training_attendance).toBeGreaterThan(2000)
    expect(summary.counts.certificates).toBeGreaterThan(0)
    expect(summary.counts.inspections).toBeGreaterThan(0)
  })

  it('publishes a report a month: 12 for an enterprise reporting all year, fewer for the others, none for some', async () => {
    expect(summary.patterns.regular).toBeGreaterThan(30)
    for (const pattern of ['stopped', 'late', 'never'] as const) expect(summary.patterns[pattern]).toBeGreaterThan(0)
    const counted = await rows<{ id: string; n: number }>(sql`
      select e.id::text, count(r.id)::int as n from enterprises e
      left join status_reports r on r.enterprise_id = e.id and r.published_at is not null
      where e.id in ${scale} group by e.id`)
    expect(counted).toHaveLength(50)
    for (const c of counted) expect(c.n).toBe(summary.expectedReports.get(c.id))
    expect([...summary.expectedReports.values()].filter((n) => n === 12)).toHaveLength(summary.patterns.regular)

    // each snapshot is what reports.server freezes, with the figures the dashboard's red flags read
    const snapshots = await rows<{ snapshot: { asOf: string; items: unknown[]; areas: unknown[]; figures?: Record<string, number> } }>(
      sql`select snapshot from status_reports where enterprise_id in ${scale}`,
    )
    for (const { snapshot } of snapshots) {
      expect(snapshot.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/)
      expect(snapshot.items).toHaveLength(20)
      expect(snapshot.areas).toHaveLength(5)
      expect(Object.keys(snapshot.figures ?? {}).sort()).toEqual([
        'itemsUnmet',
        'missingCertificates',
        'openOrders',
        'overdueConfirmations',
        'overdueDrills',
        'overdueOrders',
        'workers',
      ])
    }
    // the regular reporters' latest report is less than a month old; the others' is older (or absent)
    const stale = await rows<{ n: number }>(sql`
      select count(*)::int as n from enterprise_report_status where enterprise_id in ${scale} and published_at < ${new Date().toISOString()}::timestamptz - interval '1 month'`)
    expect(stale[0]!.n).toBe(summary.patterns.stopped)
  })

  it('keeps enterprise_report_status equal to each enterprise’s latest report', async () => {
    const mismatched = await rows<{ enterprise_id: string }>(sql`
      with latest as (
        select distinct on (enterprise_id) enterprise_id, id, published_at, snapshot->'figures' as f
        from status_reports where enterprise_id in ${scale} and published_at is not null
        order by enterprise_id, published_at desc
      )
      select coalesce(l.enterprise_id, s.enterprise_id)::text as enterprise_id
      from latest l full join (select * from enterprise_report_status where enterprise_id in ${scale}) s on s.enterprise_id = l.enterprise_id
      where s.report_id is distinct from l.id or s.published_at is distinct from l.published_at
         or s.workers <> (l.f->>'workers')::int or s.overdue_confirmations <> (l.f->>'overdueConfirmations')::int
         or s.missing_certificates <> (l.f->>'missingCertificates')::int or s.overdue_drills <> (l.f->>'overdueDrills')::int
         or s.items_unmet <> (l.f->>'itemsUnmet')::int`)
    expect(mismatched).toEqual([])
    expect(summary.counts.enterprise_report_status).toBe(50 - summary.patterns.never)
    // some red flags of each kind, as a city has them
    const flags = await rows<{ oc: number; od: number; workers_match: boolean }>(sql`
      select count(*) filter (where overdue_confirmations > 0)::int as oc, count(*) filter (where overdue_drills > 0)::int as od,
             bool_and(workers <= (select count(*) from employees m where m.enterprise_id = s.enterprise_id)) as workers_match
      from enterprise_report_status s where enterprise_id in ${scale}`)
    expect(flags[0]!.oc).toBeGreaterThan(0)
    expect(flags[0]!.workers_match).toBe(true)
  })

  it('writes confirmation chains that the portal’s own verifier accepts', async () => {
    const result = await verifyLedger(t.owner)
    expect(result.broken).toEqual([])
    // the city's chains and the demo's (seeds/demo-history.ts), all verified
    const demo = await rows<{ acks: number; heads: number }>(sql`
      select (select count(*)::int from acknowledgements where enterprise_id not in ${scale}) as acks,
             (select count(*)::int from ledger_heads where enterprise_id not in ${scale}) as heads`)
    expect(result.checked).toBe(summary.counts.acknowledgements! + demo[0]!.acks)
    expect(result.chains).toBe(summary.counts.ledger_heads! + demo[0]!.heads)
    // most workers have confirmed their post's current list, each with their own account
    const confirmed = await rows<{ total: number; confirmed: number; foreign: number }>(sql`
      select count(*)::int as total,
             count(*) filter (where exists (select 1 from acknowledgements k where k.enterprise_id = a.enterprise_id and k.assignment_id = a.id and k.version_id = v.id))::int as confirmed,
             (select count(*)::int from acknowledgements k join users u on u.id = k.user_id
              where k.enterprise_id in ${scale} and (u.employee_id <> k.employee_id or u.enterprise_id <> k.enterprise_id)) as foreign
      from assignments a join duty_list_versions v on v.enterprise_id = a.enterprise_id and v.post_id = a.post_id and v.status = 'published'
      where a.enterprise_id in ${scale}`)
    expect(confirmed[0]!.confirmed / confirmed[0]!.total).toBeGreaterThan(0.8)
    expect(confirmed[0]!.foreign).toBe(0)
    const orphanSigners = await rows<{ n: number }>(sql`
      select count(*)::int as n from acknowledgements k where k.enterprise_id in ${scale} and not exists (select 1 from users u where u.id = k.user_id)`)
    expect(orphanSigners[0]!.n).toBe(0)
  })

  it('leaves every foreign key intact, and the references that have no constraint point at real accounts', async () => {
    expect(await checkForeignKeys(t.owner)).toEqual([])
    const dangling = await rows<{ what: string; n: number }>(sql`
      select 'report signer' as what, count(*)::int as n from status_reports r where r.enterprise_id in ${scale}
        and not exists (select 1 from users u where u.id = r.signed_by and u.role = 'enterprise_head' and u.enterprise_id = r.enterprise_id)
      union all
      select 'inspector', count(*)::int from inspections i where i.enterprise_id in ${scale}
        and not exists (select 1 from users u where u.id = i.inspector_user_id and u.role = 'regulator' and u.department_id = i.department_id)
      union all
      select 'list author', count(*)::int from duty_list_versions v where v.enterprise_id in ${scale}
        and not exists (select 1 from users u where u.id = v.created_by and u.role = 'enterprise_admin')`)
    expect(dangling.filter((d) => d.n > 0)).toEqual([])
  })

  it('gives every enterprise a risk register and about 50 hazards in every state, the largest a year of checks', async () => {
    for (const table of ['risk_points', 'risks', 'check_plans', 'check_plan_items', 'checks', 'check_results', 'hazards', 'hazard_events'])
      expect(summary.counts[table], table).toBeGreaterThan(0)
    const per = await rows<{ points: number; risks: number; hazards: number; workers: number }>(sql`
      select (select count(*)::int from risk_points p where p.enterprise_id = e.id) as points,
             (select count(*)::int from risks r where r.enterprise_id = e.id) as risks,
             (select count(*)::int from hazards h where h.enterprise_id = e.id) as hazards,
             (select count(*)::int from employees m where m.enterprise_id = e.id) as workers
      from enterprises e where e.id in ${scale}`)
    expect(per).toHaveLength(50)
    for (const e of per) {
      expect(e.points).toBeGreaterThan(0)
      expect(e.risks).toBeGreaterThanOrEqual(e.points)
      expect(e.hazards).toBeGreaterThanOrEqual(35)
    }
    const avg = per.reduce((a, e) => a + e.hazards, 0) / per.length
    expect(avg).toBeGreaterThan(40)
    expect(avg).toBeLessThan(80)
    // the risk levels follow the bands, and each is controlled at the level it needs
    const badLevels = await rows<{ n: number }>(sql`
      select count(*)::int as n from risks where enterprise_id in ${scale} and (
        level <> case when method = 'LEC' then case when score > 320 then 'major' when score > 160 then 'serious' when score > 70 then 'general' else 'low' end
                      else case when score > 19 then 'major' when score > 14 then 'serious' when score > 8 then 'general' else 'low' end end
        or score <> case when method = 'LEC' then score_l * score_e * score_c else score_l * score_s end
        or control_level <> case level when 'major' then 'company' when 'serious' then 'workshop' when 'general' then 'team' else 'post' end)`)
    expect(badLevels[0]!.n).toBe(0)

    const states = await rows<{ status: string; grade: string | null; n: number; supervised: number }>(sql`
      select status, grade, count(*)::int as n, count(supervision_no)::int as supervised from hazards where enterprise_id in ${scale} group by 1, 2`)
    const n = (status: string, grade?: string | null) =>
      states.filter((s) => s.status === status && (grade === undefined || s.grade === grade)).reduce((a, s) => a + s.n, 0)
    for (const status of ['reported', 'rectifying', 'verifying', 'governing', 'closed']) expect(n(status), status).toBeGreaterThan(0)
    expect(n('closed', 'major')).toBeGreaterThan(0) // 核销
    expect(states.reduce((a, s) => a + s.supervised, 0)).toBeGreaterThan(0) // 挂牌督办
    const today = todayInShanghai(new Date())
    const open = await rows<{ status: 'rectifying' | 'verifying' | 'governing'; deadline: string }>(
      sql`select status, deadline::text from hazards where enterprise_id in ${scale} and status in ('rectifying', 'verifying', 'governing')`,
    )
    expect(open.filter((h) => isHazardOverdue(h, today)).length).toBeGreaterThan(0)
    expect(open.filter((h) => !isHazardOverdue(h, today)).length).toBeGreaterThan(0)

    // the largest enterprise checked every day of the year but a few; each 隐患 found is a hazard of the check's source
    const checks = await rows<{ plans: number; days: number; missed: number; from_checks: number; linked: number }>(sql`
      with c as (select * from checks where enterprise_id in ${scale})
      select (select count(distinct plan_id)::int from c) as plans, (select count(distinct period_start)::int from c) as days,
        (select count(*)::int from check_plans p cross join generate_series(p.start_on, ${today}::date - 1, interval '1 day') d
         where p.enterprise_id in ${scale} and not exists (select 1 from c where c.plan_id = p.id and c.period_start = d::date)) as missed,
        (select count(*)::int from hazards where enterprise_id in ${scale} and source = 'check') as from_checks,
        (select count(*)::int from check_results r join hazards h on h.enterprise_id = r.enterprise_id and h.id = r.hazard_id
         where r.enterprise_id in ${scale} and h.source = 'check' and r.result = 'hazard') as linked`)
    expect(checks[0]!.plans).toBeGreaterThan(0)
    expect(checks[0]!.days).toBeGreaterThan(300)
    expect(checks[0]!.missed).toBeGreaterThan(0)
    expect(checks[0]!.linked).toBe(checks[0]!.from_checks)
  })

  it('keeps each hazard’s state equal to its append-only history, all in its own enterprise', async () => {
    const broken = await rows<{ what: string; n: number }>(sql`
      with ev as (
        select e.*, lag(e.to_status) over w as prev, row_number() over w as rn, count(*) over (partition by e.enterprise_id, e.hazard_id) as steps,
          lag(e.at) over w as prev_at
        from hazard_events e where e.enterprise_id in ${scale} window w as (partition by e.enterprise_id, e.hazard_id order by e.seq)
      ), last as (select * from ev where rn = steps)
      select 'state is not the last step' as what, count(*)::int as n from hazards h join last l on l.enterprise_id = h.enterprise_id and l.hazard_id = h.id
        where h.enterprise_id in ${scale} and (l.to_status <> h.status or l.at <> h.updated_at
          or (h.status = 'closed' and h.closed_at is distinct from l.at) or (h.status <> 'closed' and h.closed_at is not null))
      union all select 'no history', count(*)::int from hazards h where h.enterprise_id in ${scale}
        and not exists (select 1 from hazard_events e where e.enterprise_id = h.enterprise_id and e.hazard_id = h.id)
      union all select 'gap in seq', count(*)::int from ev where seq <> rn
      union all select 'first step is not the report', count(*)::int from ev where rn = 1 and (step <> 'report' or from_status is not null)
      union all select 'from is not the previous state', count(*)::int from ev where rn > 1 and from_status is distinct from prev
      union all select 'out of order', count(*)::int from ev where rn > 1 and at < prev_at
      union all select 'report is not the finding', count(*)::int from ev join hazards h on h.enterprise_id = ev.enterprise_id and h.id = ev.hazard_id
        where ev.step = 'report' and (ev.at <> h.found_at or ev.by_user_id <> h.found_by_user_id)
      union all select 'verified by the rectifier', count(*)::int from ev v where v.step in ('verify_pass', 'verify_fail') and v.by_user_id = (
        select r.by_user_id from hazard_events r where r.enterprise_id = v.enterprise_id and r.hazard_id = v.hazard_id and r.step = 'rectify' and r.seq < v.seq
        order by r.seq desc limit 1)
      union all select 'signer of another enterprise', count(*)::int from ev join users u on u.id = ev.by_user_id
        where (u.role = 'regulator') <> (ev.step in ('supervise', 'write_off', 'return')) or (u.role <> 'regulator' and u.enterprise_id <> ev.enterprise_id)
           or u.role <> ev.by_role or u.display_name <> ev.by_name
      union all select 'people of another enterprise', count(*)::int from hazards h
        left join users f on f.id = h.found_by_user_id left join users r on r.id = h.responsible_user_id
        where h.enterprise_id in ${scale} and (f.enterprise_id <> h.enterprise_id or r.enterprise_id <> h.enterprise_id)
      union all select 'major without its report or plan', count(*)::int from hazards h where h.enterprise_id in ${scale} and h.grade = 'major'
        and (h.reported_at is null or (h.status in ('resume_requested', 'closed') and h.plan is null)
             or (h.supervision_no is null) <> not exists (select 1 from hazard_events e where e.enterprise_id = h.enterprise_id and e.hazard_id = h.id and e.step = 'supervise'))
      union all select 'check of another enterprise or post', count(*)::int from checks c join users u on u.id = c.checker_user_id
        where c.enterprise_id in ${scale} and (u.enterprise_id <> c.enterprise_id or u.employee_id <> c.checker_employee_id or not exists (
          select 1 from assignments a where a.enterprise_id = c.enterprise_id and a.employee_id = c.checker_employee_id and a.post_id = c.post_id and a.start_on <= c.period_start))
      union all select 'check counts', count(*)::int from checks c where c.enterprise_id in ${scale}
        and (c.items_total, c.hazards_found) <> (select count(*)::int, count(r.hazard_id)::int from check_results r where r.enterprise_id = c.enterprise_id and r.check_id = c.id)`)
    expect(broken.filter((b) => b.n > 0)).toEqual([])
    const numbers = await rows<{ n: number; distinct_no: number }>(
      sql`select count(*)::int as n, count(distinct supervision_no)::int as distinct_no from hazards where supervision_no is not null`,
    )
    expect(numbers[0]!.distinct_no).toBe(numbers[0]!.n)
  })

  it('files the quarterly statistics as the module computes them, signed by the head, some late or missing', async () => {
    const today = todayInShanghai(new Date())
    const periods = statPeriods(today)
    expect(periods.map((p) => p.key)).toContain('2026-Q3')
    const tables = await rows<{
      enterprise_id: string
      period: string
      snapshot: unknown
      signed_at: Date
      signed_by: string
      due_on: string
    }>(sql`
      select t.enterprise_id::text, t.period, t.snapshot, t.signed_at, t.signed_by::text, t.due_on::text from hazard_stat_reports t
      where t.enterprise_id in ${scale} order by t.enterprise_id, t.period`)
    expect(tables.length).toBeGreaterThan(50 * 3)
    // the figures frozen are the figures the module would draw up from the same records
    for (const table of tables.filter((_, i) => i % 7 === 0)) {
      const period = parsePeriod(table.period)!
      const from = shanghaiMidnight(period.start)
      const facts = await hazardsForPeriod(t.owner, table.enterprise_id, from, shanghaiMidnight(addDays(period.end, 1)))
      expect(table.snapshot, `${table.enterprise_id} ${table.period}`).toEqual(
        JSON.parse(JSON.stringify(hazardStatsSnapshot(facts, period))),
      )
    }
    const signers = await rows<{ n: number }>(sql`
      select count(*)::int as n from hazard_stat_reports t join enterprises e on e.id = t.enterprise_id
      where t.enterprise_id in ${scale} and not exists (select 1 from users u where u.id = t.signed_by and u.role = 'enterprise_head' and u.enterprise_id = t.enterprise_id)`)
    expect(signers[0]!.n).toBe(0)
    // the latest due quarter: most on time, some late, some missing (the dashboard's red flag)
    const latest = periods.reduce((a, p) => (p.dueOn > a.dueOn ? p : a))
    const ofLatest = tables.filter((t) => t.period === latest.key)
    const late = ofLatest.filter((t) => new Date(t.signed_at).getTime() >= shanghaiMidnight(addDays(latest.dueOn, 1)).getTime())
    expect(ofLatest.length).toBeGreaterThan(35)
    expect(ofLatest.length).toBeLessThan(50)
    expect(late.length).toBeGreaterThan(0)
    for (const t of tables) expect(new Date(t.signed_at).getTime()).toBeLessThan(Date.now())
  })

  it('refuses to run twice, and the reset removes exactly the scale data', async () => {
    await expect(seedScale(t.owner, { enterprises: 5, workers: 100 })).rejects.toThrow(/--reset/)
    const others = sql`select (select count(*)::int from enterprises) as e, (select count(*)::int from employees) as m, (select count(*)::int from users) as u`
    const before = (await rows<{ e: number; m: number; u: number }>(others))[0]!
    expect(await removeScaleData(t.owner)).toBe(50)
    expect(await hasScaleData(t.owner)).toBe(false)
    const after = (await rows<{ e: number; m: number; u: number }>(others))[0]!
    expect(after).toEqual({ e: before.e - 50, m: before.m - 2000, u: before.u - summary.counts.users! })
    expect(await checkForeignKeys(t.owner)).toEqual([])
    for (const table of ['acknowledgements', 'status_reports', 'training_attendance', 'duty_items', 'rectification_events'] as const) {
      const left = await rows<{ n: number }>(
        sql`select count(*)::int as n from ${sql.table(table)} t where not exists (select 1 from enterprises e where e.id = t.enterprise_id)`,
      )
      expect(left[0]!.n).toBe(0)
    }
    // A new city can be made after the reset — here with every trigger in force, the path a
    // non-superuser gets — and the append-only guards hold for it (the reset set them aside only
    // inside its own transaction).
    const again = await seedScale(t.owner, { enterprises: 5, workers: 300, keepTriggers: true })
    expect(again.counts.employees).toBe(300)
    expect((await verifyLedger(t.owner)).broken).toEqual([])
    await expect(sql`delete from acknowledgements where enterprise_id in ${scale}`.execute(t.owner)).rejects.toThrow(/append-only/)
    expect(await removeScaleData(t.owner)).toBe(5)
  })
})
