import { sql, type ExpressionBuilder, type Kysely, type SqlBool, type Expression, type RawBuilder } from 'kysely'
import type { Database } from '../../../db/types'
import { regionPrefix, scopeTypesOf, type ScopeType } from './rules'
import { forbidden, notFound } from '../../utils/http'
import { memoized, type RequestContext } from '../../db.server'

export interface RegulatorScope {
  departmentId: string
  departmentName: string
  kind: string
  regionCode: string
  regionName: string
  prefix: string
  types: ScopeType[]
}

/**
 * The department a regulator works for, and what its supervision covers: read once per request (a
 * dashboard's five reads each asked for it), see RequestContext.memo.
 */
export async function regulatorScope(ctx: RequestContext): Promise<RegulatorScope> {
  const { actor } = ctx
  if (actor.kind !== 'regulator') throw forbidden()
  return memoized(ctx, `regulatorScope:${actor.departmentId}`, () => readScope(ctx.db, actor.departmentId))
}

async function readScope(db: Kysely<Database>, departmentId: string): Promise<RegulatorScope> {
  const d = await db
    .selectFrom('departments')
    .innerJoin('regions', 'regions.code', 'departments.region_code')
    .select(['departments.id', 'departments.name', 'departments.kind', 'regions.code', 'regions.name as regionName', 'regions.level'])
    .where('departments.id', '=', departmentId)
    .executeTakeFirstOrThrow()
  return {
    departmentId: d.id,
    departmentName: d.name,
    kind: d.kind,
    regionCode: d.code,
    regionName: d.regionName,
    prefix: regionPrefix(d.code, d.level),
    types: scopeTypesOf(d.kind),
  }
}

/**
 * The one rule of what a regulator may see, as a condition on `enterprises as e`. Every regulator
 * query (lists, exports, records, evidence) filters through it.
 */
export function inScope(scope: RegulatorScope) {
  return (_eb: ExpressionBuilder<Database & { e: Database['enterprises'] }, 'e'>): Expression<SqlBool> => scopeCondition(scope, 'e')
}

/**
 * The same rule over any table alias that carries an enterprise's `region_code` and `industry_code`:
 * the dashboard's figures read enterprise_flag_state (which keeps copies of both) without enterprises.
 */
export function scopeCondition(scope: RegulatorScope, alias: 'e' | 's'): RawBuilder<SqlBool> {
  const inRegion = sql<SqlBool>`${sql.ref(`${alias}.region_code`)} like ${`${scope.prefix}%`}`
  if (scope.types.includes('comprehensive') || scope.types.includes('territorial')) return inRegion
  return sql<SqlBool>`(${inRegion} and ${sql.ref(`${alias}.industry_code`)} in (select industry_code from industry_supervisors where department_kind = ${scope.kind}))`
}

/** Whether one enterprise is within the regulator's scope; out of scope reads as "not found". */
export async function isInScope(db: Kysely<Database>, scope: RegulatorScope, enterpriseId: string): Promise<boolean> {
  const row = await db
    .selectFrom('enterprises as e')
    .select(sql<number>`1`.as('one'))
    .where('e.id', '=', enterpriseId)
    .where(inScope(scope))
    .executeTakeFirst()
  return !!row
}

/** The regulator's scope, once it holds this enterprise; otherwise "not found" (404). */
export async function scopeHolding(ctx: RequestContext, enterpriseId: string): Promise<RegulatorScope> {
  const scope = await regulatorScope(ctx)
  if (!(await isInScope(ctx.db, scope, enterpriseId))) throw notFound()
  return scope
}
