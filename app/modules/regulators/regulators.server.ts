import { sql, type Kysely } from 'kysely'
import type { Database } from '../../../db/types'
import { containsPattern, type Page } from '../../utils/table-params'
import { notFound } from '../../utils/http'
import type { Actor } from '../auth/actor'
import { loadProfile } from '../enterprises/enterprises.server'
import { regionPrefix } from '../reference/rules'
import type { EnterpriseListQuery, EnterpriseSort } from './schema'
import { inScope, isInScope, regulatorScope } from './scope.server'

export interface EnterpriseRow {
  id: string
  name: string
  creditCode: string
  industryName: string
  regionName: string
  principalName: string
  phone: string
  workers: number
  createdAt: string
}

const SORT_COLUMNS: Record<EnterpriseSort, string> = {
  name: 'e.name',
  creditCode: 'e.credit_code',
  industry: 'i.sort',
  region: 'e.region_code',
  workers: 'workers',
  createdAt: 'e.created_at',
}

/** The enterprises a regulator supervises: filtered, sorted and paginated in SQL. */
export async function listEnterprisesInScope(db: Kysely<Database>, actor: Actor, query: EnterpriseListQuery): Promise<Page<EnterpriseRow>> {
  const scope = await regulatorScope(db, actor)
  let base = db
    .selectFrom('enterprises as e')
    .innerJoin('industries as i', 'i.code', 'e.industry_code')
    .innerJoin('regions as r', 'r.code', 'e.region_code')
    .where(inScope(scope))
  if (query.q) {
    const like = containsPattern(query.q)
    base = base.where((eb) => eb.or([eb('e.name', 'like', like), eb('e.credit_code', 'like', like.toUpperCase())]))
  }
  if (query.industry) base = base.where('e.industry_code', '=', query.industry)
  if (query.region) {
    const level = query.region.length === 9 ? 4 : query.region.endsWith('0000') ? 1 : query.region.endsWith('00') ? 2 : 3
    base = base.where('e.region_code', 'like', `${regionPrefix(query.region, level)}%`)
  }

  const { total } = await base.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow()
  const rows = await base
    .select([
      'e.id',
      'e.name',
      'e.credit_code as creditCode',
      'i.name as industryName',
      'r.name as regionName',
      'e.principal_name as principalName',
      'e.phone',
      'e.created_at as createdAt',
      (eb) =>
        eb
          .selectFrom('employees as w')
          .select(sql<number>`count(*)::int`.as('n'))
          .whereRef('w.enterprise_id', '=', 'e.id')
          .as('workers'),
    ])
    .orderBy(sql.raw(SORT_COLUMNS[query.sort]), query.dir)
    .orderBy('e.id')
    .limit(query.size)
    .offset((query.page - 1) * query.size)
    .execute()
  return {
    rows: rows.map((r) => ({ ...r, workers: Number(r.workers ?? 0), createdAt: new Date(r.createdAt).toISOString() })),
    total,
    page: query.page,
    size: query.size,
  }
}

/** One enterprise's profile, if and only if it is within the regulator's scope. */
export async function getEnterpriseForRegulator(db: Kysely<Database>, actor: Actor, enterpriseId: string) {
  const scope = await regulatorScope(db, actor)
  if (!(await isInScope(db, scope, enterpriseId))) throw notFound()
  const profile = await loadProfile(db, enterpriseId)
  const counts = await db
    .selectFrom('employees')
    .select(sql<number>`count(*)::int`.as('workers'))
    .where('enterprise_id', '=', enterpriseId)
    .executeTakeFirstOrThrow()
  return { profile, workers: counts.workers }
}

export { regulatorScope }
