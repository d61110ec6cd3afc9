import { describe, expect, it } from 'vitest'
import {
  assessmentShares,
  dueMonths,
  dutyTableRows,
  keepsDutyLog,
  missingMonths,
  monthRange,
  parsePeriodKey,
  periodOf,
  previousPeriod,
  suggestedResult,
  weightedScore,
} from '../../app/modules/dutylogs/rules'

describe('who keeps a 履职记录', () => {
  it('holders of tier 1–4 posts and safety staff; not other workers', () => {
    expect(keepsDutyLog([{ tier: 1, isSafetyManager: false }])).toBe(true)
    expect(keepsDutyLog([{ tier: 4, isSafetyManager: false }])).toBe(true)
    expect(keepsDutyLog([{ tier: 5, isSafetyManager: true }])).toBe(true)
    expect(keepsDutyLog([{ tier: 5, isSafetyManager: false }])).toBe(false)
    expect(keepsDutyLog([])).toBe(false)
  })
})

describe('months due', () => {
  it('every full month since the post was taken, up to last month (the current month is being kept)', () => {
    expect(dueMonths({ keepingSince: '2026-08-20', today: '2026-11-30' })).toEqual(['2026-09', '2026-10'])
    expect(dueMonths({ keepingSince: '2026-11-02', today: '2026-11-30' })).toEqual([])
  })
  it('across a year end, at most twelve back', () => {
    expect(dueMonths({ keepingSince: '2026-10-15', today: '2027-01-15' })).toEqual(['2026-11', '2026-12'])
    const long = dueMonths({ keepingSince: '2015-03-02', today: '2027-01-15' })
    expect(long).toHaveLength(12)
    expect(long[0]).toBe('2026-01')
    expect(long[11]).toBe('2026-12')
  })
  it('missing = due and not signed', () => {
    expect(missingMonths(['2026-09', '2026-10'], new Set(['2026-09']))).toEqual(['2026-10'])
  })
  it('month ranges know February and leap years', () => {
    expect(monthRange('2028-02')).toEqual({ from: '2028-02-01', to: '2028-02-29' })
    expect(monthRange('2027-02')).toEqual({ from: '2027-02-01', to: '2027-02-28' })
  })
})

describe('assessment periods (monthly, quarterly, yearly, set per enterprise)', () => {
  it('monthly', () => {
    expect(periodOf('month', '2026-11-30')).toEqual({ key: '2026-11', label: '2026年11月', from: '2026-11-01', to: '2026-11-30' })
    expect(previousPeriod('month', '2027-01-15').key).toBe('2026-12')
  })
  it('quarterly', () => {
    expect(periodOf('quarter', '2026-11-30')).toEqual({ key: '2026-Q4', label: '2026年第4季度', from: '2026-10-01', to: '2026-12-31' })
    expect(previousPeriod('quarter', '2026-11-30')).toMatchObject({ key: '2026-Q3', from: '2026-07-01', to: '2026-09-30' })
    expect(previousPeriod('quarter', '2027-01-15').key).toBe('2026-Q4')
  })
  it('yearly', () => {
    expect(periodOf('year', '2026-11-30')).toEqual({ key: '2026', label: '2026年度', from: '2026-01-01', to: '2026-12-31' })
    expect(previousPeriod('year', '2027-01-15')).toMatchObject({ key: '2026', label: '2026年度' })
  })
  it('a key parses back only for the enterprise’s kind of period', () => {
    expect(parsePeriodKey('quarter', '2026-Q3')).toMatchObject({ from: '2026-07-01', to: '2026-09-30' })
    expect(parsePeriodKey('month', '2026-Q3')).toBeNull()
    expect(parsePeriodKey('month', '2026-13')).toBeNull()
    expect(parsePeriodKey('year', '2026')).toMatchObject({ from: '2026-01-01' })
    expect(parsePeriodKey('year', '1899')).toBeNull()
  })
})

describe('scores', () => {
  it('weighted by the 考核标准 weights, rounded', () => {
    expect(
      weightedScore([
        { weight: 30, score: 100 },
        { weight: 70, score: 50 },
      ]),
    ).toBe(65)
    expect(weightedScore([{ weight: 1, score: 90 }])).toBe(90)
    expect(weightedScore([])).toBeNull()
  })
  it('suggest 优秀 from 90, 合格 from 60, else 不合格', () => {
    expect(suggestedResult(90)).toBe('优秀')
    expect(suggestedResult(89)).toBe('合格')
    expect(suggestedResult(60)).toBe('合格')
    expect(suggestedResult(59)).toBe('不合格')
  })
  it('item 1 shares', () => {
    expect(assessmentShares({ due: 4, assessed: 3, failed: 1, failedWithFollowUp: 1 })).toEqual({
      assessedShare: 75,
      failedShare: 33,
      followUpMissing: 0,
    })
    expect(assessmentShares({ due: 0, assessed: 0, failed: 0, failedWithFollowUp: 0 }).assessedShare).toBeNull()
  })
})

describe('the 履职统计表 rows', () => {
  it('numbered by day, dated as the template writes them', () => {
    const rows = dutyTableRows([
      { occurredOn: '2026-11-20', content: '到合成车间检查', participants: '张三', remark: '' },
      { occurredOn: '2026-11-03', content: '主持安委会', participants: '全体委员', remark: '' },
    ])
    expect(rows.map((r) => [r.no, r.time, r.content])).toEqual([
      [1, '2026年11月3日', '主持安委会'],
      [2, '2026年11月20日', '到合成车间检查'],
    ])
  })
})
