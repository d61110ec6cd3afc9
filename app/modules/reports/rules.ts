import { monthsBefore } from '../../utils/dates'

// Pure rules of the status reports (安全生产状况报告). Tested in tests/unit/supervision-rules.test.ts.

/** Reports are due monthly at least: one published before the same moment a calendar month ago is stale. */
export function isReportStale(publishedAt: string | Date | null, now: Date): boolean {
  if (!publishedAt) return true
  return (typeof publishedAt === 'string' ? new Date(publishedAt) : publishedAt) < monthsBefore(now, 1)
}
