import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifyLedger } from '../../app/modules/acknowledgements/acknowledgements.server'
import { PHONE_RE } from '../../app/modules/auth/rules'
import { creditCodeProblem } from '../../app/modules/enterprises/rules'
import { idCardProblem } from '../../app/modules/org/rules'
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
