// 安全生产党政同责一岗双责台账 (seed 001, 市安办发〔2017〕14号): the calendar of a leader's monthly
// 履职统计表, how a day and a proposal are written in it, and how a year's volume is laid out. Pure.
import { addMonths, addMonthsToMonth, shanghaiDay } from '../../utils/calendar'

/**
 * The notice fixes the day the month's record reaches the 安委办 — "每月26日前…送同级安委办存档" — and
 * that the year is bound at year end ("年底…装订成本"). Both hold only if a month's sheet closes on the
 * 25th: month M records the work from the 26th of M−1 to the 25th of M and is due by the end of the
 * 26th of M, so December's sheet (26 Nov – 25 Dec) is in before the volume is bound. The 26th is a
 * date, not a count of working days: it is not moved when it falls on a weekend or a holiday.
 */
export const DUE_DAY = 26

export interface LedgerMonth {
  year: number
  month: number
}

const pad = (n: number) => String(n).padStart(2, '0')

/** 'YYYY-MM' of a month (its URL form). */
export function monthKey(m: LedgerMonth): string {
  return `${m.year}-${pad(m.month)}`
}

/** `count` months back from `m`, newest first: the month being kept and the ones before it (a January book still reaches last year's months). */
export function recentMonths(m: LedgerMonth, count: number): LedgerMonth[] {
  return Array.from({ length: count }, (_, i) => {
    const key = addMonthsToMonth(monthKey(m), -i)
    return { year: Number(key.slice(0, 4)), month: Number(key.slice(5, 7)) }
  })
}

/** A month from its URL form, or null for anything else. */
export function parseMonthKey(raw: string): LedgerMonth | null {
  const m = /^(\d{4})-(\d{2})$/.exec(raw)
  if (!m) return null
  const year = Number(m[1])
  const month = Number(m[2])
  if (year < 2000 || year > 2100 || month < 1 || month > 12) return null
  return { year, month }
}

/** The days a month's sheet records: from the 26th of the month before to the 25th (inclusive). */
export function periodOf(m: LedgerMonth): { from: string; to: string } {
  const to = `${m.year}-${pad(m.month)}-25`
  return { from: addMonths(`${m.year}-${pad(m.month)}-26`, -1), to }
}

/** The sheet a day of work is recorded in: the 26th onwards belongs to the next month's sheet. */
export function sheetMonthOf(day: string): LedgerMonth {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  if (d < DUE_DAY) return { year: y, month: m }
  return m === 12 ? { year: y + 1, month: 1 } : { year: y, month: m + 1 }
}

/** The month whose sheet is being kept on a given instant (Asia/Shanghai). */
export function currentSheetMonth(now: Date): LedgerMonth {
  return sheetMonthOf(shanghaiDay(now))
}

/** The last day of the 报送 period: the 26th of the sheet's month, whatever day of the week it is. */
export function dueDayOf(m: LedgerMonth): string {
  return `${m.year}-${pad(m.month)}-${DUE_DAY}`
}

/** The deadline instant: the end of the 26th, 24:00 Asia/Shanghai. */
export function deadlineOf(m: LedgerMonth): Date {
  return new Date(`${dueDayOf(m)}T23:59:59.999+08:00`)
}

export type SubmissionState = 'submitted' | 'submitted_late' | 'pending' | 'late'

export const SUBMISSION_LABELS: Record<SubmissionState, string> = {
  submitted: '已报送',
  submitted_late: '逾期报送',
  pending: '未报送（未到期）',
  late: '逾期未报送',
}

/** Where a month stands for the 安委办: submitted (on time or late), not yet due, or late. */
export function submissionState(m: LedgerMonth, submittedAt: Date | null, now: Date): SubmissionState {
  const deadline = deadlineOf(m).getTime()
  if (submittedAt) return submittedAt.getTime() <= deadline ? 'submitted' : 'submitted_late'
  return now.getTime() > deadline ? 'late' : 'pending'
}

/** 时间 as the 填表说明 asks: "2017年X月XX日". */
export function chineseDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  return `${y}年${m}月${d}日`
}

/** 记录时间 on the cover: "2017年X月". */
export function chineseMonth(m: LedgerMonth): string {
  return `${m.year}年${m.month}月`
}

export const POSITION_LABELS = { principal: '主要领导', member: '班子成员' } as const

export const MANUAL_KINDS = {
  meeting: '会议',
  research: '研究解决重点难点问题',
  site_visit: '现场检查',
  other: '其他',
} as const
export type ManualKind = keyof typeof MANUAL_KINDS

export const SOURCE_LABELS = {
  inspection: '监督检查',
  order_issued: '下达整改指令',
  order_reviewed: '整改复查',
  hazard_supervise: '重大隐患挂牌督办',
  hazard_write_off: '重大隐患核销',
  ...MANUAL_KINDS,
  correction: '更正',
} as const

export type ProposalKind = 'inspection' | 'order_issued' | 'order_reviewed' | 'hazard_supervise' | 'hazard_write_off'

/** What the portal knows a leader did, to be written as a line of the table. */
export interface Activity {
  kind: ProposalKind
  sourceId: string
  day: string
  enterpriseName: string
  /** the inspection's place, the order's number, the hazard's description */
  detail: string
  participants: string
  /** order reviews: accepted (销号) or returned */
  accepted?: boolean
}

/** 工作内容 of a proposal, 地点 + 内容 as the 填表说明 asks ("到XXX企业检查安全生产工作"). */
export function proposalWork(a: Activity): string {
  switch (a.kind) {
    case 'inspection':
      return `到${a.enterpriseName}检查安全生产工作${a.detail ? `（${a.detail}）` : ''}`
    case 'order_issued':
      return `对${a.enterpriseName}下达责令限期整改指令（${a.detail}）`
    case 'order_reviewed':
      return `复查${a.enterpriseName}整改情况（${a.detail}），${a.accepted ? '整改合格予以销号' : '整改不到位退回重改'}`
    case 'hazard_supervise':
      return `对${a.enterpriseName}重大事故隐患（${a.detail}）挂牌督办`
    case 'hazard_write_off':
      return `审查${a.enterpriseName}重大事故隐患（${a.detail}）治理情况并予以核销`
  }
}

// ---- the year's volume ---------------------------------------------------------------------

export interface VolumeEntry {
  seq: number
  occurredOn: string
  work: string
  participants: string
  remark: string
}

export interface VolumeSheet {
  month: number
  entries: VolumeEntry[]
  signed: boolean
}

/**
 * How many lines of the A4 table an entry takes: 工作内容 wraps at about 20 characters, 参加人员 and
 * 备注 at about 5 (the print's column widths at 10.5pt, as Chromium printed them).
 */
export function entryLines(e: Pick<VolumeEntry, 'work' | 'participants' | 'remark'>): number {
  return Math.max(1, Math.ceil(e.work.length / 20), Math.ceil(e.participants.length / 5), Math.ceil(e.remark.length / 5))
}

/**
 * Lines of table a page holds under its heading, with room for the signature block on the last: a
 * line is about 5.4 mm and a row's padding 2 mm, so 30 one-line rows (225 mm) or 15 two-line rows fit
 * the 230 mm below the heading.
 */
export const LINES_PER_PAGE = 30

export interface VolumePage {
  /** printed page number (the cover is page 1) */
  number: number
  kind: 'cover' | 'contents' | 'month'
  month?: number
  /** the entries on this page of a month */
  entries?: VolumeEntry[]
  /** the page that carries the month's signature */
  last?: boolean
  continued?: boolean
}

export interface Volume {
  pages: VolumePage[]
  /** 总目录: each month and the page it starts on (months with no sheet are listed as 未报送) */
  contents: { month: number; page: number | null; entries: number }[]
}

/**
 * The year's volume, as the 填表说明 asks ("年底装订时，需建立总目录，编辑页码"): the cover, the 总目录,
 * then each month in order on pages of its own, split where the table runs over a page. Page numbers
 * are decided here so the 总目录 can name them; the print numbers its pages with the same count
 * (CSS counter(page)), every page being one `.a4` block.
 */
export function volumeOf(sheets: VolumeSheet[]): Volume {
  const pages: VolumePage[] = [
    { number: 1, kind: 'cover' },
    { number: 2, kind: 'contents' },
  ]
  const contents: Volume['contents'] = []
  const byMonth = new Map(sheets.map((s) => [s.month, s]))
  for (let month = 1; month <= 12; month++) {
    const sheet = byMonth.get(month)
    if (!sheet) {
      contents.push({ month, page: null, entries: 0 })
      continue
    }
    contents.push({ month, page: pages.length + 1, entries: sheet.entries.length })
    let chunk: VolumeEntry[] = []
    let lines = 0
    const chunks: VolumeEntry[][] = []
    for (const e of sheet.entries) {
      const l = entryLines(e)
      if (chunk.length && lines + l > LINES_PER_PAGE) {
        chunks.push(chunk)
        chunk = []
        lines = 0
      }
      chunk.push(e)
      lines += l
    }
    chunks.push(chunk)
    chunks.forEach((entries, i) =>
      pages.push({
        number: pages.length + 1,
        kind: 'month',
        month,
        entries,
        last: i === chunks.length - 1,
        continued: i > 0,
      }),
    )
  }
  return { pages, contents }
}
