import { describe, expect, it } from 'vitest'
import { isWorkingDay } from '../../app/utils/calendar'
import {
  mayKeepLedger,
  mayOverseeRegion,
  mayReadMonth,
  maySignLedger,
  mayViewLedger,
  type LedgerBook,
  type LedgerViewer,
} from '../../app/modules/leaderledger/policy'
import {
  chineseDay,
  chineseMonth,
  deadlineOf,
  dueDayOf,
  entryLines,
  LINES_PER_PAGE,
  parseMonthKey,
  periodOf,
  proposalWork,
  sheetMonthOf,
  submissionState,
  volumeOf,
  type VolumeEntry,
} from '../../app/modules/leaderledger/rules'

describe('一岗双责台账: the 26th of the month (每月26日前)', () => {
  it('a month is due by the end of its 26th, Asia/Shanghai', () => {
    expect(dueDayOf({ year: 2026, month: 11 })).toBe('2026-11-26')
    expect(deadlineOf({ year: 2026, month: 11 }).toISOString()).toBe('2026-11-26T15:59:59.999Z')
  })
  it('is NOT moved when the 26th falls on a weekend: the notice names a date, not a count of working days', () => {
    // 2026-12-26 is a Saturday: still due that Saturday, not on Monday the 28th
    expect(isWorkingDay('2026-12-26')).toBe(false)
    expect(new Date('2026-12-26T00:00:00Z').getUTCDay()).toBe(6)
    expect(dueDayOf({ year: 2026, month: 12 })).toBe('2026-12-26')
    const m = { year: 2026, month: 12 }
    expect(submissionState(m, null, new Date('2026-12-26T23:59:00+08:00'))).toBe('pending')
    expect(submissionState(m, null, new Date('2026-12-27T00:00:00+08:00'))).toBe('late')
    // signed on the Monday after the weekend: late
    expect(submissionState(m, new Date('2026-12-28T09:00:00+08:00'), new Date('2026-12-28T10:00:00+08:00'))).toBe('submitted_late')
    expect(submissionState(m, new Date('2026-12-26T22:00:00+08:00'), new Date('2027-01-15T10:00:00+08:00'))).toBe('submitted')
  })
  it('a sheet records the 26th of the month before to the 25th, so December is in before the volume is bound', () => {
    expect(periodOf({ year: 2026, month: 12 })).toEqual({ from: '2026-11-26', to: '2026-12-25' })
    expect(periodOf({ year: 2027, month: 1 })).toEqual({ from: '2026-12-26', to: '2027-01-25' })
    expect(periodOf({ year: 2026, month: 3 })).toEqual({ from: '2026-02-26', to: '2026-03-25' })
    expect(sheetMonthOf('2026-11-25')).toEqual({ year: 2026, month: 11 })
    expect(sheetMonthOf('2026-11-26')).toEqual({ year: 2026, month: 12 })
    expect(sheetMonthOf('2026-12-31')).toEqual({ year: 2027, month: 1 })
  })
  it('writes days and months as the 填表说明 asks', () => {
    expect(chineseDay('2017-03-05')).toBe('2017年3月5日')
    expect(chineseMonth({ year: 2017, month: 3 })).toBe('2017年3月')
    expect(parseMonthKey('2026-13')).toBeNull()
    expect(parseMonthKey('2026-1')).toBeNull()
    expect(parseMonthKey('2026-01')).toEqual({ year: 2026, month: 1 })
  })
  it('a proposal reads 地点 + 内容', () => {
    expect(
      proposalWork({
        kind: 'inspection',
        sourceId: 'x',
        day: '2026-11-02',
        enterpriseName: '晋中市华晟化工有限公司',
        detail: '',
        participants: '',
      }),
    ).toBe('到晋中市华晟化工有限公司检查安全生产工作')
    expect(
      proposalWork({
        kind: 'order_reviewed',
        sourceId: 'x',
        day: '2026-11-02',
        enterpriseName: '甲公司',
        detail: '晋中应急责改〔2026〕3号',
        participants: '',
        accepted: true,
      }),
    ).toContain('销号')
  })
})

describe('the year volume: cover, 总目录, every month, page numbers', () => {
  const entry = (seq: number, work = '到甲企业检查安全生产工作'): VolumeEntry => ({
    seq,
    occurredOn: '2026-01-05',
    work,
    participants: '王建国、张磊',
    remark: '',
  })
  it('numbers the cover 1 and the 总目录 2, then each month in order on its own pages; missing months are listed without a page', () => {
    const v = volumeOf([
      { month: 3, entries: [entry(1), entry(2)], signed: true },
      { month: 1, entries: [entry(1)], signed: true },
      { month: 2, entries: [], signed: true },
    ])
    expect(v.pages.map((p) => [p.number, p.kind, p.month ?? null])).toEqual([
      [1, 'cover', null],
      [2, 'contents', null],
      [3, 'month', 1],
      [4, 'month', 2],
      [5, 'month', 3],
    ])
    expect(v.contents).toHaveLength(12)
    expect(v.contents.slice(0, 4)).toEqual([
      { month: 1, page: 3, entries: 1 },
      { month: 2, page: 4, entries: 0 },
      { month: 3, page: 5, entries: 2 },
      { month: 4, page: null, entries: 0 },
    ])
    // every month's last page carries the signature
    expect(v.pages.filter((p) => p.kind === 'month').every((p) => p.last)).toBe(true)
  })
  it('a month that overflows a page continues on the next, and the 总目录 and later months follow the count', () => {
    const many = Array.from({ length: 30 }, (_, i) => entry(i + 1, '在局三楼会议室召开全市危险化学品安全生产专题会议并部署专项整治工作'))
    expect(entryLines(many[0]!)).toBe(2)
    const v = volumeOf([
      { month: 1, entries: many, signed: true },
      { month: 2, entries: [entry(1)], signed: true },
    ])
    const january = v.pages.filter((p) => p.month === 1)
    expect(january.length).toBe(Math.ceil((30 * 2) / LINES_PER_PAGE))
    expect(january.map((p) => p.continued)).toEqual(january.map((_, i) => i > 0))
    expect(january.map((p) => p.last)).toEqual(january.map((_, i) => i === january.length - 1))
    expect(january.flatMap((p) => p.entries!.map((e) => e.seq))).toEqual(many.map((e) => e.seq))
    expect(v.contents[1]).toEqual({ month: 2, page: 3 + january.length, entries: 1 })
    for (const p of january) expect(p.entries!.reduce((n, e) => n + entryLines(e), 0)).toBeLessThanOrEqual(LINES_PER_PAGE)
  })
})

describe('who sees, keeps and signs a leader’s book (policy.ts)', () => {
  const book: LedgerBook = { leaderUserId: 'leader', recorderUserId: 'recorder', regionCode: '140700' }
  const as = (userId: string, role: LedgerViewer['role'], regionCode: string | null = '140700'): LedgerViewer => ({
    userId,
    role,
    regionCode,
  })
  it('the leader, the recorder and the same level’s 安委办 see it', () => {
    expect(mayViewLedger(as('leader', 'regulator'), book).ok).toBe(true)
    expect(mayViewLedger(as('recorder', 'regulator'), book).ok).toBe(true)
    expect(mayViewLedger(as('office', 'safety_office'), book).ok).toBe(true)
  })
  it('another department’s leader, a colleague, another level’s 安委办, an enterprise or the platform do not (404)', () => {
    for (const v of [
      as('other-leader', 'regulator'),
      as('office-ty', 'safety_office', '140100'),
      as('office-county', 'safety_office', '140702'),
      as('office-none', 'safety_office', null),
      as('leader', 'enterprise_head'),
      as('platform', 'platform_admin'),
    ])
      expect(mayViewLedger(v, book)).toMatchObject({ ok: false, reason: 'not_found' })
  })
  it('only the recorder keeps it; only the leader signs it', () => {
    expect(mayKeepLedger(as('recorder', 'regulator'), book).ok).toBe(true)
    expect(mayKeepLedger(as('leader', 'regulator'), book)).toMatchObject({ ok: false, reason: 'forbidden' })
    expect(mayKeepLedger(as('office', 'safety_office'), book)).toMatchObject({ ok: false, reason: 'forbidden' })
    expect(mayKeepLedger(as('other', 'regulator'), book)).toMatchObject({ ok: false, reason: 'not_found' })
    expect(maySignLedger(as('leader', 'regulator'), book).ok).toBe(true)
    expect(maySignLedger(as('recorder', 'regulator'), book)).toMatchObject({ ok: false, reason: 'forbidden' })
    expect(maySignLedger(as('office', 'safety_office'), book)).toMatchObject({ ok: false, reason: 'forbidden' })
    expect(maySignLedger(as('other', 'regulator'), book)).toMatchObject({ ok: false, reason: 'not_found' })
  })
  it('a month not yet submitted is the recorder’s working copy: the 安委办 reads a month once the leader has submitted it', () => {
    expect(mayReadMonth(as('leader', 'regulator'), book, { submitted: false }).ok).toBe(true)
    expect(mayReadMonth(as('recorder', 'regulator'), book, { submitted: false }).ok).toBe(true)
    expect(mayReadMonth(as('office', 'safety_office'), book, { submitted: false })).toMatchObject({ ok: false, reason: 'forbidden' })
    expect(mayReadMonth(as('office', 'safety_office'), book, { submitted: true }).ok).toBe(true)
    expect(mayReadMonth(as('office-ty', 'safety_office', '140100'), book, { submitted: true })).toMatchObject({
      ok: false,
      reason: 'not_found',
    })
    expect(mayReadMonth(as('other', 'regulator'), book, { submitted: true })).toMatchObject({ ok: false, reason: 'not_found' })
  })
  it('the 安委办 oversees its own level only', () => {
    expect(mayOverseeRegion(as('office', 'safety_office'), '140700').ok).toBe(true)
    expect(mayOverseeRegion(as('office', 'safety_office'), '140100').ok).toBe(false)
    expect(mayOverseeRegion(as('x', 'regulator'), '140700').ok).toBe(false)
  })
})
