import type { Kysely } from 'kysely'
import type { Database } from '../../../db/types'
import { regionPrefix } from './rules'

// Reference data (regions, industries, departments) is shared by every tenant and readable by all.

export async function listIndustries(db: Kysely<Database>) {
  return db.selectFrom('industries').select(['code', 'name', 'high_risk']).orderBy('sort').orderBy('code').execute()
}

/** Regions an enterprise can be located in (县区 and 乡镇街道), labelled with their parents. */
export async function listLocatableRegions(db: Kysely<Database>) {
  const rows = await db
    .selectFrom('regions as r')
    .leftJoin('regions as p', 'p.code', 'r.parent_code')
    .leftJoin('regions as g', 'g.code', 'p.parent_code')
    .select(['r.code', 'r.name', 'r.level', 'p.name as parentName', 'g.name as grandName'])
    .where('r.level', '>=', 3)
    .orderBy('r.code')
    .execute()
  return rows.map((r) => ({
    code: r.code,
    label: r.level === 4 ? `${r.grandName ?? ''}${r.parentName ?? ''} ${r.name}` : `${r.parentName ?? ''} ${r.name}`,
  }))
}

export async function listRegionsUnder(db: Kysely<Database>, code: string) {
  const region = await db.selectFrom('regions').select(['code', 'level']).where('code', '=', code).executeTakeFirst()
  if (!region) return []
  return db
    .selectFrom('regions')
    .select(['code', 'name', 'level', 'parent_code as parentCode'])
    .where('code', 'like', `${regionPrefix(region.code, region.level)}%`)
    .orderBy('code')
    .execute()
}

/** The region and its ancestors, nearest first. */
export async function regionChain(db: Kysely<Database>, code: string) {
  const chain: { code: string; name: string; level: number }[] = []
  let next: string | null = code
  while (next && chain.length < 6) {
    const row = await db.selectFrom('regions').select(['code', 'name', 'level', 'parent_code']).where('code', '=', next).executeTakeFirst()
    if (!row) break
    chain.push({ code: row.code, name: row.name, level: row.level })
    next = row.parent_code
  }
  return chain
}

export async function listDepartments(db: Kysely<Database>) {
  return db
    .selectFrom('departments')
    .innerJoin('regions', 'regions.code', 'departments.region_code')
    .select(['departments.id', 'departments.name', 'departments.kind', 'departments.region_code', 'regions.name as regionName'])
    .orderBy('departments.region_code')
    .orderBy('departments.name')
    .execute()
}

/** An enterprise's industry and what it implies (高危 training hours, half-yearly drills). */
export async function industryOfEnterprise(db: Kysely<Database>, enterpriseId: string) {
  return db
    .selectFrom('enterprises as e')
    .innerJoin('industries as i', 'i.code', 'e.industry_code')
    .select(['i.code', 'i.name', 'i.high_risk as highRisk', 'i.half_yearly_drills as halfYearlyDrills'])
    .where('e.id', '=', enterpriseId)
    .executeTakeFirstOrThrow()
}
