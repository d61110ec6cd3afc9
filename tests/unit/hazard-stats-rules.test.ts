import { describe, expect, it } from 'vitest'
import { canGenerateHazardStats, canReadHazardStats, canSignHazardStats } from '../../app/modules/hazard-stats/policy'
import {
  dueEnd,
  dueState,
  hasEnded,
  hazardStatsFigures,
  latestDuePeriods,
  openPeriods,
  parsePeriod,
  quarterPeriod,
  recentPeriods,
  statsLines,
  yearPeriod,
  type HazardFact,
} from '../../app/modules/hazard-stats/rules'
import { hazardStatsSnapshot } from '../../app/modules/hazard-stats/rules'

// 16号令 §14: quarterly by the 15th of the next quarter, the fourth quarter with the year by 31 January.
const at = (s: string) => new Date(s)

describe('periods and due dates (seeds/hazard-stats.ts)', () => {
  it.each([
    ['2026-Q1', '2026-01-01', '2026-03-31', '2026-04-15', '2026年第一季度'],
    ['2026-Q2', '2026-04-01', '2026-06-30', '2026-07-15', '2026年第二季度'],
    ['2026-Q3', '2026-07-01', '2026-09-30', '2026-10-15', '2026年第三季度'],
    ['2026-Q4', '2026-10-01', '2026-12-31', '2027-01-31', '2026年第四季度'],
    ['2026-Y', '2026-01-01', '2026-12-31', '2027-01-31', '2026年度'],
  ])('%s runs %s – %s and is due by %s', (key, start, end, dueOn, label) => {
    expect(parsePeriod(key)).toMatchObject({ key, start, end, dueOn, label })
  })

  it('a leap year’s first quarter ends on 31 March; any other key is no period', () => {
    expect(quarterPeriod(2028, 1).end).toBe('2028-03-31')
    for (const bad of ['2026-Q5', '2026-Q0', '2026Q1', '26-Q1', '2026-y', '2026-Y ', '1999-Q1', '2101-Y', '', "2026-Q1' or 1=1"])
      expect(parsePeriod(bad)).toBeNull()
  })

  it('the deadline is the end of the due day, 24:00 in Shanghai', () => {
    expect(dueEnd(quarterPeriod(2026, 1)).toISOString()).toBe('2026-04-15T16:00:00.000Z')
    expect(dueEnd(yearPeriod(2026)).toISOString()).toBe('2027-01-31T16:00:00.000Z')
  })

  // every due date, either side of its edge
  it.each([
    ['2026-Q1', '2026-04-15T23:59:59+08:00', '2026-04-16T00:00:00+08:00'],
    ['2026-Q2', '2026-07-15T23:59:59+08:00', '2026-07-16T00:00:00+08:00'],
    ['2026-Q3', '2026-10-15T23:59:59+08:00', '2026-10-16T00:00:00+08:00'],
    ['2026-Q4', '2027-01-31T23:59:59+08:00', '2027-02-01T00:00:00+08:00'],
    ['2026-Y', '2027-01-31T23:59:59+08:00', '2027-02-01T00:00:00+08:00'],
  ])('%s signed at %s is on time, at %s late; unsigned it is pending, then missing', (key, lastMoment, firstLate) => {
    const p = parsePeriod(key)!
    expect(dueState(p, at(lastMoment), at(lastMoment))).toBe('on_time')
    expect(dueState(p, at(firstLate), at(firstLate))).toBe('late')
    expect(dueState(p, null, at(lastMoment))).toBe('pending')
    expect(dueState(p, null, at(firstLate))).toBe('missing')
    // signed on time stays on time, whenever one looks
    expect(dueState(p, at(lastMoment), at('2030-01-01T00:00:00+08:00'))).toBe('on_time')
  })

  it('a period can be drawn up from the day after its last day', () => {
    expect(hasEnded(quarterPeriod(2026, 3), '2026-09-30')).toBe(false)
    expect(hasEnded(quarterPeriod(2026, 3), '2026-10-01')).toBe(true)
    expect(hasEnded(yearPeriod(2026), '2026-12-31')).toBe(false)
    expect(hasEnded(yearPeriod(2026), '2027-01-01')).toBe(true)
  })

  it.each([
    ['2026-04-15', ['2026-Q4', '2026-Y'].map((k) => k.replace('2026', '2025'))],
    ['2026-04-16', ['2026-Q1']],
    ['2026-07-15', ['2026-Q1']],
    ['2026-07-16', ['2026-Q2']],
    ['2026-10-15', ['2026-Q2']],
    ['2026-10-16', ['2026-Q3']],
    ['2026-11-30', ['2026-Q3']],
    ['2027-01-15', ['2026-Q3']],
    ['2027-01-31', ['2026-Q3']],
    ['2027-02-01', ['2026-Q4', '2026-Y']],
    ['2027-04-15', ['2026-Q4', '2026-Y']],
  ])('on %s the latest tables due are %j', (today, keys) => {
    expect(
      latestDuePeriods(today)
        .map((p) => p.key)
        .sort(),
    ).toEqual([...keys].sort())
  })

  it('open periods: ended, still within their due day', () => {
    expect(openPeriods('2026-09-30').map((p) => p.key)).toEqual([])
    expect(openPeriods('2026-10-01').map((p) => p.key)).toEqual(['2026-Q3'])
    expect(openPeriods('2026-10-15').map((p) => p.key)).toEqual(['2026-Q3'])
    expect(openPeriods('2026-10-16').map((p) => p.key)).toEqual([])
    expect(openPeriods('2027-01-01').map((p) => p.key)).toEqual(['2026-Q4', '2026-Y'])
    expect(openPeriods('2027-01-31').map((p) => p.key)).toEqual(['2026-Q4', '2026-Y'])
    expect(openPeriods('2027-02-01').map((p) => p.key)).toEqual([])
  })

  it('the page lists ended periods, newest first, a year before its fourth quarter', () => {
    const keys = recentPeriods('2027-01-15').map((p) => p.key)
    expect(keys.slice(0, 4)).toEqual(['2026-Y', '2026-Q4', '2026-Q3', '2026-Q2'])
    expect(keys).not.toContain('2027-Q1')
    expect(keys.filter((k) => k.endsWith('Y'))).toEqual(['2026-Y', '2025-Y'])
    expect(keys.filter((k) => k.includes('Q'))).toHaveLength(8)
  })
})

describe('the figures (as at the end of the period)', () => {
  const q3 = quarterPeriod(2026, 3)
  const fact = (f: Partial<HazardFact>): HazardFact => ({
    source: 'self',
    grade: 'general',
    foundAt: at('2026-08-01T10:00:00+08:00'),
    assignedAt: at('2026-08-01T11:00:00+08:00'),
    deadline: '2026-08-20',
    funds: null,
    statusAtEnd: 'closed',
    closedAt: at('2026-08-10T10:00:00+08:00'),
    supervisedAt: null,
    ...f,
  })

  it('counts found, rectified, rate, closed, open and overdue by grade, and sources and funds', () => {
    const facts: HazardFact[] = [
      // found and closed within the quarter
      fact({ source: 'worker', funds: 600 }),
      // found on the quarter's first moment, closed after it ended: open and overdue at the end
      fact({
        source: 'check',
        foundAt: at('2026-07-01T00:00:00+08:00'),
        deadline: '2026-09-15',
        statusAtEnd: 'rectifying',
        closedAt: at('2026-10-03T10:00:00+08:00'),
        funds: 1200,
      }),
      // due on the quarter's last day and still being verified at 24:00: overdue
      fact({ deadline: '2026-09-30', statusAtEnd: 'verifying', closedAt: null }),
      // due the day after: not overdue
      fact({ deadline: '2026-10-01', statusAtEnd: 'rectifying', closedAt: null }),
      // found in the previous quarter, closed in this one: closed in period, not found in it
      fact({ foundAt: at('2026-06-20T10:00:00+08:00'), assignedAt: at('2026-06-21T10:00:00+08:00'), funds: 300 }),
      // found in the last second of the quarter, graded after it: 待定级
      fact({
        source: 'regulator',
        foundAt: at('2026-09-30T23:59:59+08:00'),
        assignedAt: at('2026-10-01T09:00:00+08:00'),
        statusAtEnd: 'reported',
        closedAt: null,
      }),
      // found after the quarter: not in it at all
      fact({ foundAt: at('2026-10-01T00:00:00+08:00'), closedAt: null, statusAtEnd: null }),
      // 重大, under 督办, governing, past its deadline at the end
      fact({
        grade: 'major',
        deadline: '2026-09-01',
        statusAtEnd: 'governing',
        closedAt: null,
        supervisedAt: at('2026-08-05T10:00:00+08:00'),
        funds: 280000,
      }),
      // 重大 waiting for 核销: not the enterprise's delay
      fact({ grade: 'major', deadline: '2026-09-01', statusAtEnd: 'resume_requested', closedAt: null }),
      // 重大 found in Q2, written off in Q3
      fact({
        grade: 'major',
        foundAt: at('2026-05-01T10:00:00+08:00'),
        assignedAt: at('2026-05-02T10:00:00+08:00'),
        supervisedAt: at('2026-05-10T10:00:00+08:00'),
        closedAt: at('2026-09-01T10:00:00+08:00'),
        funds: 50000,
      }),
    ]
    const f = hazardStatsFigures(facts, q3)
    expect(f.general).toEqual({ found: 4, rectified: 1, rate: 25, closedInPeriod: 2, openAtEnd: 3, overdueAtEnd: 2 })
    expect(f.major).toEqual({ found: 2, rectified: 0, rate: 0, closedInPeriod: 1, openAtEnd: 2, overdueAtEnd: 1 })
    expect(f.total).toEqual({ found: 7, rectified: 1, rate: 14.3, closedInPeriod: 3, openAtEnd: 6, overdueAtEnd: 3 })
    expect(f.ungraded).toBe(1)
    expect(f.bySource).toEqual({ self: 4, check: 1, worker: 1, regulator: 1 })
    expect(f.majorStatus).toEqual({ supervised: 1, governing: 1, awaitingWriteOff: 1, writtenOff: 1 })
    // committed: graded in Q3 (600 + 1200 + 280000); completed: closed in Q3 (600 + 300 + 50000)
    expect(f.funds).toEqual({ committed: 281800, completed: 50900 })
  })

  it('nothing found: zeros, and no rate rather than 0% or 100%', () => {
    const f = hazardStatsFigures([], q3)
    expect(f.total).toEqual({ found: 0, rectified: 0, rate: null, closedInPeriod: 0, openAtEnd: 0, overdueAtEnd: 0 })
    const lines = statsLines(hazardStatsSnapshot([], q3))
    expect(lines.find((l) => l.label === '整改率')).toMatchObject({ general: '—', major: '—', total: '—' })
    expect(lines.length).toBeGreaterThan(10)
  })

  it('the year counts the four quarters together', () => {
    const facts = [
      fact({
        foundAt: at('2026-01-01T00:00:00+08:00'),
        assignedAt: at('2026-01-02T00:00:00+08:00'),
        closedAt: at('2026-01-05T00:00:00+08:00'),
      }),
      fact({}),
      fact({
        foundAt: at('2026-12-31T23:00:00+08:00'),
        assignedAt: at('2026-12-31T23:30:00+08:00'),
        statusAtEnd: 'rectifying',
        closedAt: null,
        deadline: '2027-01-10',
      }),
    ]
    const y = hazardStatsFigures(facts, yearPeriod(2026))
    expect(y.general).toEqual({ found: 3, rectified: 2, rate: 66.7, closedInPeriod: 2, openAtEnd: 1, overdueAtEnd: 0 })
  })
})

describe('who draws up and signs (policy.ts)', () => {
  const principal = { postId: 'p1', postName: '总经理', tier: 1 }
  const deputy = { postId: 'p2', postName: '分管安全副总', tier: 2 }
  it('only a head holding a tier-1 post signs', () => {
    expect(canSignHazardStats({ role: 'enterprise_head', posts: [deputy, principal] })).toEqual({ ok: true, post: principal })
    expect(canSignHazardStats({ role: 'enterprise_head', posts: [deputy] }).ok).toBe(false)
    expect(canSignHazardStats({ role: 'enterprise_admin', posts: [principal] }).ok).toBe(false)
    expect(canSignHazardStats({ role: 'worker', posts: [principal] }).ok).toBe(false)
    expect(canSignHazardStats({ role: 'regulator', posts: [] }).ok).toBe(false)
  })
  it('the safety administrator draws it up; admins and heads read it', () => {
    expect(canGenerateHazardStats('enterprise_admin').ok).toBe(true)
    expect(canGenerateHazardStats('enterprise_head').ok).toBe(false)
    expect(canGenerateHazardStats('worker').ok).toBe(false)
    expect(canReadHazardStats('enterprise_head').ok).toBe(true)
    expect(canReadHazardStats('worker').ok).toBe(false)
  })
})
