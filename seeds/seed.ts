import { sql, type Kysely } from 'kysely'
import { hashPassword } from '../app/modules/auth/password.server'
import { createUser } from '../app/modules/auth/users.server'
import { DEMO_PASSWORD, demoEnterprises, platformAccounts } from './demo'
import { departments, industries, regions } from './reference'
import { certificateCatalogue } from './certificate-catalogue'
import { seedDemoHistory } from './demo-history'
import { seedHazardChecksDemo } from './hazard-checks-demo'
import { seedLeaderLedgerDemo } from './duty-ledger-demo'
import { seedDutyLogsDemo } from './duty-logs-demo'
import { seedHazardStatsDemo } from './hazard-stats-demo'
import { seedDualPreventionDemo } from './dual-prevention-demo'
import { DEMO_REFERENCE_DAY, type AccountSeed, type EnterpriseSeed } from './types'
import { addDays, daysBetween } from '../app/utils/calendar'
import { todayInShanghai } from '../app/utils/dates'
import type { Database } from '../db/types'

export interface SeedOptions {
  /** also load the demo enterprises and accounts */
  demo: boolean
  /** do nothing when reference data is already there (the embedded engine's first start) */
  onlyIfEmpty?: boolean
  /** the moment the demo's year of history runs up to (the app's clock unless a caller fixes it) */
  now?: Date
}

/**
 * Loads reference data and, optionally, the demo data set. Idempotent: reference rows are upserted,
 * a demo enterprise that already exists (by 统一社会信用代码) is left as it is, an account that
 * exists (by 用户名 or 手机号) is not touched.
 */
export async function seedDatabase(db: Kysely<Database>, options: SeedOptions): Promise<{ skipped: boolean }> {
  if (options.onlyIfEmpty) {
    const any = await db.selectFrom('regions').select('code').limit(1).executeTakeFirst()
    if (any) return { skipped: true }
  }
  // Hash outside the transaction: it is the slow part and needs no lock.
  const hashes = new Map<string, string>()
  const allAccounts = [...platformAccounts, ...(options.demo ? demoEnterprises.flatMap((e) => e.accounts) : [])]
  for (const password of new Set([...allAccounts.map((a) => a.password), ...(options.demo ? [DEMO_PASSWORD] : [])]))
    hashes.set(password, await hashPassword(password))

  await db.transaction().execute(async (trx) => {
    for (const r of sortedByLevel(regions)) {
      await trx
        .insertInto('regions')
        .values({ code: r.code, name: r.name, parent_code: r.parentCode, level: r.level })
        .onConflict((oc) => oc.column('code').doUpdateSet({ name: r.name, parent_code: r.parentCode, level: r.level }))
        .execute()
    }
    for (const i of industries) {
      await trx
        .insertInto('industries')
        .values({ code: i.code, name: i.name, high_risk: i.highRisk, half_yearly_drills: i.halfYearlyDrills, sort: i.sort })
        .onConflict((oc) =>
          oc.column('code').doUpdateSet({ name: i.name, high_risk: i.highRisk, half_yearly_drills: i.halfYearlyDrills, sort: i.sort }),
        )
        .execute()
      await trx.deleteFrom('industry_supervisors').where('industry_code', '=', i.code).execute()
      if (i.supervisors.length) {
        await trx
          .insertInto('industry_supervisors')
          .values(i.supervisors.map((kind) => ({ industry_code: i.code, department_kind: kind })))
          .execute()
      }
    }
    // the certificate catalogue (seeds/certificate-catalogue.ts), upserted by code
    await trx
      .insertInto('certificate_catalogue')
      .values(
        certificateCatalogue.map((c, i) => ({
          code: c.code,
          kind: c.kind,
          category: c.category,
          item: c.item,
          name: c.name,
          validity_years: c.validityYears,
          review_years: c.reviewYears,
          source: c.source,
          sort: i + 1,
        })),
      )
      .onConflict((oc) =>
        oc.column('code').doUpdateSet((eb) => ({
          kind: eb.ref('excluded.kind'),
          category: eb.ref('excluded.category'),
          item: eb.ref('excluded.item'),
          name: eb.ref('excluded.name'),
          validity_years: eb.ref('excluded.validity_years'),
          review_years: eb.ref('excluded.review_years'),
          source: eb.ref('excluded.source'),
          sort: eb.ref('excluded.sort'),
        })),
      )
      .execute()
    const departmentIds = new Map<string, string>()
    for (const d of departments) {
      const row = await trx
        .insertInto('departments')
        .values({ name: d.name, kind: d.kind, region_code: d.regionCode })
        .onConflict((oc) => oc.columns(['region_code', 'name']).doUpdateSet({ kind: d.kind }))
        .returning('id')
        .executeTakeFirstOrThrow()
      departmentIds.set(d.key, row.id)
    }
    if (!options.demo) return

    const now = options.now ?? new Date()
    const created = new Map<string, string>()
    for (const e of demoEnterprises) {
      const id = await seedEnterprise(trx, e, hashes, registeredAt(now), now)
      if (id) created.set(e.key, id)
    }
    for (const a of platformAccounts) {
      await insertAccount(trx, a, hashes, { departmentId: a.departmentKey ? (departmentIds.get(a.departmentKey) ?? null) : null })
    }
    // a year of history for the enterprises created just now (seeds/demo-history.ts); one that
    // already existed keeps what it has, so seeding twice changes nothing. The 双重预防 registers
    // and hazards go in once everyone has an account and before the year runs, so that every monthly
    // report freezes items 13/14 as the enterprise's story means them to be.
    await seedDemoHistory(trx, created, hashes.get(DEMO_PASSWORD)!, now, () => seedDualPreventionDemo(trx, now))
    // weeks of 隐患排查 against the register's plans, some missed (seeds/hazard-checks-demo.ts)
    await seedHazardChecksDemo(trx, now)
    // one signed 隐患排查治理统计分析表 (16号令 §14) for 华晟化工, from the hazards the year left
    await seedHazardStatsDemo(trx, now)
    // the 一岗双责台账 of the demo departments' leaders, a year of monthly sheets (seeds/duty-ledger-demo.ts)
    await seedLeaderLedgerDemo(trx, hashes, now)
    // months of 履职记录 and the 考核 of the posts whose lists the year published (seeds/duty-logs-demo.ts)
    await seedDutyLogsDemo(trx, now)
  })
  return { skipped: false }
}

function sortedByLevel<T extends { level: number }>(rows: T[]): T[] {
  return [...rows].sort((a, b) => a.level - b.level)
}

/**
 * When the demo enterprises were registered: before the year of history the story writes (its 双重预防
 * registers go back 390 days), so that every period the story covers is one the enterprise owed
 * (the 隐患统计分析表 flag asks only for periods that ended after the registration).
 */
function registeredAt(now: Date): Date {
  return new Date(now.getTime() - 400 * 86_400_000)
}

/** Creates a demo enterprise and returns its id, or null when it exists already. */
async function seedEnterprise(
  trx: Kysely<Database>,
  e: EnterpriseSeed,
  hashes: Map<string, string>,
  createdAt: Date,
  now: Date,
): Promise<string | null> {
  // the newest hires' dates move with the seed moment (EmployeeSeed.movesWithSeed)
  const shift = daysBetween(DEMO_REFERENCE_DAY, todayInShanghai(now))
  const dated = (w: EnterpriseSeed['employees'][number], day: string) => (w.movesWithSeed ? addDays(day, shift) : day)
  const existing = await trx.selectFrom('enterprises').select('id').where('credit_code', '=', e.creditCode).executeTakeFirst()
  if (existing) return null
  const { id: enterpriseId } = await trx
    .insertInto('enterprises')
    .values({
      name: e.name,
      credit_code: e.creditCode,
      industry_code: e.industryCode,
      region_code: e.regionCode,
      address: e.address,
      legal_representative: e.legalRepresentative,
      principal_name: e.principalName,
      phone: e.phone,
      created_at: createdAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow()

  const unitIds = new Map<string, string>()
  // Parents before children: the seed lists them in that order, but do not rely on it.
  const pending = [...e.orgUnits]
  let sort = 0
  while (pending.length) {
    const index = pending.findIndex((u) => u.parentKey === null || unitIds.has(u.parentKey))
    if (index < 0) throw new Error(`${e.key}: org unit tree has a missing parent`)
    const [u] = pending.splice(index, 1)
    const row = await trx
      .insertInto('org_units')
      .values({
        enterprise_id: enterpriseId,
        parent_id: u!.parentKey ? unitIds.get(u!.parentKey)! : null,
        name: u!.name,
        kind: u!.kind,
        sort: sort++,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    unitIds.set(u!.key, row.id)
  }

  const postIds = new Map<string, string>()
  for (const p of e.posts) {
    const row = await trx
      .insertInto('posts')
      .values({
        enterprise_id: enterpriseId,
        org_unit_id: unitIds.get(p.unitKey)!,
        name: p.name,
        tier: p.tier,
        is_safety_manager: p.isSafetyManager,
        in_charge_of_safety: p.inChargeOfSafety,
        is_unit_head: p.isUnitHead,
        required_certificates: p.requiredCertificates,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    postIds.set(p.key, row.id)
  }
  for (const u of e.orgUnits) {
    if (!u.supervisorPostKey) continue
    await trx
      .updateTable('org_units')
      .set({ supervisor_post_id: postIds.get(u.supervisorPostKey)! })
      .where('enterprise_id', '=', enterpriseId)
      .where('id', '=', unitIds.get(u.key)!)
      .execute()
  }

  const employeeIds = new Map<string, string>()
  for (const w of e.employees) {
    const row = await trx
      .insertInto('employees')
      .values({
        enterprise_id: enterpriseId,
        name: w.name,
        employee_no: w.employeeNo,
        phone: w.phone,
        employment_type: w.employmentType,
        hired_on: dated(w, w.hiredOn),
        id_card: w.idCard,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    employeeIds.set(w.key, row.id)
    for (const a of w.posts) {
      await trx
        .insertInto('assignments')
        .values({
          enterprise_id: enterpriseId,
          employee_id: row.id,
          post_id: postIds.get(a.postKey)!,
          start_on: dated(w, a.startOn),
          end_on: a.endOn ? dated(w, a.endOn) : null,
        })
        .execute()
    }
  }

  for (const a of e.accounts) {
    await insertAccount(trx, a, hashes, { enterpriseId, employeeId: a.employeeKey ? (employeeIds.get(a.employeeKey) ?? null) : null })
  }
  return enterpriseId
}

async function insertAccount(
  trx: Kysely<Database>,
  a: AccountSeed,
  hashes: Map<string, string>,
  scope: { enterpriseId?: string; employeeId?: string | null; departmentId?: string | null },
) {
  const taken = await trx
    .selectFrom('users')
    .select('id')
    .where((eb) => eb.or([...(a.username ? [eb('username', '=', a.username)] : []), ...(a.phone ? [eb('phone', '=', a.phone)] : [])]))
    .executeTakeFirst()
  if (taken) return
  await createUser(trx, {
    username: a.username,
    phone: a.phone,
    displayName: a.displayName,
    passwordHash: hashes.get(a.password)!,
    role: a.role,
    enterpriseId: scope.enterpriseId ?? null,
    employeeId: scope.employeeId ?? null,
    departmentId: scope.departmentId ?? null,
  })
}

export async function countRows(db: Kysely<Database>) {
  const r = await sql<{ enterprises: number; employees: number; users: number }>`
    select (select count(*)::int from enterprises) as enterprises,
           (select count(*)::int from employees) as employees,
           (select count(*)::int from users) as users`.execute(db)
  return r.rows[0]!
}
