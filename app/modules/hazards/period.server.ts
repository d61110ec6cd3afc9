import { sql, type Kysely } from 'kysely'
import type { Database, HazardGrade, HazardStatus } from '../../../db/types'

// What the 隐患排查治理统计分析表 (modules/hazard-stats) needs of the hazard records, read here because
// this module owns them: each hazard found before a moment and not closed before another, with the
// state its append-only history shows at that moment. Kept apart from hazards.server.ts (the loop).

export interface HazardPeriodRow {
  source: 'self' | 'check' | 'worker' | 'regulator'
  grade: HazardGrade | null
  foundAt: Date
  assignedAt: Date | null
  deadline: string | null
  funds: number | null
  statusAtEnd: HazardStatus | null
  closedAt: Date | null
  supervisedAt: Date | null
}

/**
 * The hazards of one enterprise that a period [from, to) can count: found before `to`, and not closed
 * before `from`. `statusAtEnd` is the state after the last step taken before `to` (history rows are
 * numbered per hazard, so the last is the highest seq among them).
 */
export async function hazardsForPeriod(db: Kysely<Database>, enterpriseId: string, from: Date, to: Date): Promise<HazardPeriodRow[]> {
  const rows = await db
    .selectFrom('hazards as h')
    .where('h.enterprise_id', '=', enterpriseId)
    .where('h.found_at', '<', to)
    .where((eb) => eb.or([eb('h.closed_at', 'is', null), eb('h.closed_at', '>=', from)]))
    .select([
      'h.source',
      'h.grade',
      'h.found_at',
      'h.deadline',
      'h.funds',
      'h.closed_at',
      'h.supervised_at',
      sql<Date | null>`(select min(e.at) from hazard_events e
        where e.enterprise_id = h.enterprise_id and e.hazard_id = h.id and e.step = 'assign')`.as('assigned_at'),
      sql<HazardStatus | null>`(select e.to_status from hazard_events e
        where e.enterprise_id = h.enterprise_id and e.hazard_id = h.id and e.at < ${to}
        order by e.seq desc limit 1)`.as('status_at_end'),
    ])
    .orderBy('h.no')
    .execute()
  return rows.map((r) => ({
    source: r.source,
    grade: r.grade,
    foundAt: new Date(r.found_at),
    assignedAt: r.assigned_at ? new Date(r.assigned_at) : null,
    deadline: r.deadline,
    // numeric: a string from pg, a number from PGlite
    funds: r.funds == null ? null : Number(r.funds),
    statusAtEnd: r.status_at_end,
    closedAt: r.closed_at ? new Date(r.closed_at) : null,
    supervisedAt: r.supervised_at ? new Date(r.supervised_at) : null,
  }))
}
