import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { addMonths, endOfShanghaiDay, monthsBefore, shanghaiDay, shanghaiInstant, weekdayOf } from '../../app/utils/calendar'

// One calendar module (app/utils/calendar.ts) for Asia/Shanghai days: the instants of a day, months
// back, weekdays; and a guard that no rule does calendar arithmetic of its own again.

describe('Shanghai instants of calendar days', () => {
  it('a wall-clock time is UTC+8 whatever the server’s zone', () => {
    expect(shanghaiInstant('2026-11-30').toISOString()).toBe('2026-11-29T16:00:00.000Z')
    expect(shanghaiInstant('2026-11-30', 9, 5).toISOString()).toBe('2026-11-30T01:05:00.000Z')
  })
  it('a day ends at 24:00 Shanghai, across month and year ends', () => {
    expect(endOfShanghaiDay('2026-12-31').toISOString()).toBe('2026-12-31T16:00:00.000Z')
    expect(endOfShanghaiDay('2028-02-28').toISOString()).toBe('2028-02-28T16:00:00.000Z')
    expect(shanghaiDay(new Date(endOfShanghaiDay('2026-12-31').getTime() - 1))).toBe('2026-12-31')
    expect(shanghaiDay(endOfShanghaiDay('2026-12-31'))).toBe('2027-01-01')
  })
  it('months back keep the wall-clock time and clamp the day to the month’s end', () => {
    expect(monthsBefore(new Date('2027-03-31T10:20:30.400+08:00'), 1).toISOString()).toBe(
      new Date('2027-02-28T10:20:30.400+08:00').toISOString(),
    )
    expect(monthsBefore(new Date('2028-03-31T23:59:00+08:00'), 1).toISOString()).toBe(new Date('2028-02-29T23:59:00+08:00').toISOString())
    // 00:30 Shanghai is still the previous day in UTC: the Shanghai day counts
    expect(monthsBefore(new Date('2027-01-01T00:30:00+08:00'), 1).toISOString()).toBe(new Date('2026-12-01T00:30:00+08:00').toISOString())
    expect(monthsBefore(new Date('2027-05-15T12:00:00+08:00'), 12).toISOString()).toBe(new Date('2026-05-15T12:00:00+08:00').toISOString())
    expect(addMonths('2027-03-31', -1)).toBe('2027-02-28')
  })
  it('weekdays', () => {
    expect(weekdayOf('2026-11-30')).toBe(1)
    expect(weekdayOf('2027-01-03')).toBe(0)
    expect(weekdayOf('2028-02-29')).toBe(2)
  })
})

describe('calendar arithmetic lives only in app/utils/calendar.ts', () => {
  const ROOT = join(__dirname, '..', '..')
  // Date.UTC and the getUTC… fields, ISO midnights and the +8h offset are how a hand-rolled Shanghai
  // day calculation looks; the calendar module has a function for each (addDays, addMonths, quarterOf,
  // halfYearOf, weekdayOf, shanghaiDay, shanghaiInstant, endOfShanghaiDay, monthsBefore, working days).
  const HAND_ROLLED = /Date\.UTC\(|\.getUTC(?:FullYear|Month|Date|Day|Hours)\(|\.setUTC\w+\(|T00:00:00Z|8 \* 3_?600_?000/
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? files(join(dir, e.name)) : /\.(ts|tsx)$/.test(e.name) ? [join(dir, e.name)] : [],
    )
  it('no rule, route or generator outside it does calendar arithmetic itself', () => {
    const scanned = [...files(join(ROOT, 'app')), ...files(join(ROOT, 'tests', 'bench'))]
      .map((f) => relative(ROOT, f).split('\\').join('/'))
      .filter((f) => f !== 'app/utils/calendar.ts')
    expect(scanned.length).toBeGreaterThan(100)
    const found = scanned.flatMap((f) =>
      readFileSync(join(ROOT, f), 'utf8')
        .split('\n')
        .flatMap((line, i) => (HAND_ROLLED.test(line) ? [`${f}:${i + 1}`] : [])),
    )
    expect(found).toEqual([])
  })
})
