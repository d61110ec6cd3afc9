import { addYears as addYearsOnCalendar, daysBetween } from '../../utils/calendar'
// The required-hours engine (《生产经营单位安全培训规定》, 安委〔2012〕10号; DESIGN 2.4). Pure; unit-tested.

export type TrainingRole = 'principal' | 'safety_manager' | 'worker'

export interface IndustryTraining {
  highRisk: boolean // 煤矿、非煤矿山、危险化学品、烟花爆竹、金属冶炼
  construction: boolean // 建筑施工
}

export interface AttendedSession {
  kind: string
  level: string | null
  heldOn: string
  hours: number
}

export interface HoursInput {
  role: TrainingRole
  /** the first day in the role (主要负责人/安全管理人员), for "initial" training */
  roleSince: string | null
  hiredOn: string
  /** the latest transfer to a new post, or return after more than a year away */
  transferredOn: string | null
  sessions: AttendedSession[]
  year: number
}

export interface HoursResult {
  basis: string
  required: number
  achieved: number
  shortfall: number
  /** 三级教育 levels not yet done (new workers), or 车间级/班组级 after a transfer */
  missingLevels: string[]
}

/** Required hours and what was achieved, for one worker in one calendar year. */
export function trainingHours(input: HoursInput, industry: IndustryTraining): HoursResult {
  const inYear = (d: string) => Number(d.slice(0, 4)) === input.year
  const yearSessions = input.sessions.filter((s) => inYear(s.heldOn))
  let required: number
  let basis: string
  let counted = yearSessions
  const missingLevels: string[] = []

  if (input.role === 'principal' || input.role === 'safety_manager') {
    const initial = input.roleSince !== null && inYear(input.roleSince)
    const label = input.role === 'principal' ? '主要负责人' : '安全管理人员'
    required = initial ? (industry.highRisk ? 48 : 32) : industry.highRisk ? 16 : 12
    basis = `${label}${initial ? '初次' : '每年再'}培训不少于${required}学时${industry.highRisk ? '（高危行业）' : ''}`
  } else if (inYear(input.hiredOn)) {
    required = industry.highRisk ? 72 : industry.construction ? 32 : 24
    basis = `新上岗从业人员岗前培训不少于${required}学时${industry.highRisk ? '（高危行业）' : industry.construction ? '（建筑施工）' : ''}`
    // pre-job hours count only when done before the first day on the job
    counted = input.sessions.filter((s) => s.kind === '岗前三级教育' && s.heldOn <= input.hiredOn)
    for (const level of ['厂级', '车间级', '班组级']) {
      if (!input.sessions.some((s) => s.kind === '岗前三级教育' && s.level === level && s.heldOn <= input.hiredOn))
        missingLevels.push(`${level}（上岗前）`)
    }
  } else {
    required = industry.highRisk ? 20 : 8
    basis = `从业人员每年再培训不少于${required}学时${industry.highRisk ? '（高危行业）' : ''}`
  }
  if (input.transferredOn && inYear(input.transferredOn)) {
    for (const level of ['车间级', '班组级']) {
      if (!input.sessions.some((s) => s.kind === '转岗复岗' && s.level === level && s.heldOn >= input.transferredOn!))
        missingLevels.push(`${level}（转岗/复岗）`)
    }
  }
  const achieved = Math.round(counted.reduce((sum, s) => sum + s.hours, 0) * 10) / 10
  return { basis, required, achieved, shortfall: Math.max(0, Math.round((required - achieved) * 10) / 10), missingLevels }
}

/** Short of the year's hours, or missing a level of 三级安全教育: what the figures count and the 学时不足 filter shows. */
export function isShortOfHours(r: { shortfall: number; missingLevels: readonly string[] }): boolean {
  return r.shortfall > 0 || r.missingLevels.length > 0
}

export type CertificateState = 'valid' | 'expiring90' | 'expiring30' | 'expired' | 'not_yet'

/**
 * 90 and 30 days ahead of expiry (or of the 复审 date, whichever comes first). A certificate issued
 * after `today` is not in force yet: it never shows as 有效.
 */
export function certificateState(
  expiresOn: string,
  reviewDueOn: string | null,
  today: string,
  issuedOn?: string,
): { state: CertificateState; date: string } {
  if (issuedOn && issuedOn > today) return { state: 'not_yet', date: issuedOn }
  const date = reviewDueOn && reviewDueOn < expiresOn ? reviewDueOn : expiresOn
  const days = daysBetween(today, date)
  if (days < 0) return { state: 'expired', date }
  if (days <= 30) return { state: 'expiring30', date }
  if (days <= 90) return { state: 'expiring90', date }
  return { state: 'valid', date }
}

export const CERTIFICATE_STATE_LABELS: Record<CertificateState, string> = {
  valid: '有效',
  expiring90: '90天内到期',
  expiring30: '30天内到期',
  expired: '已过期',
  not_yet: '未生效',
}

/** The same day `years` later; 29 February falls back to the 28th (the calendar module's). */
export const addYears = addYearsOnCalendar

export interface CertificateDatesInput {
  issuedOn: string
  expiresOn: string
  reviewDueOn: string | null
}

/** The catalogue kind's validity and 复审 interval (null: not fixed, or a certificate outside the catalogue). */
export interface CertificateValidity {
  kind: string
  validityYears: number | null
  reviewYears: number | null
}

/**
 * A certificate's dates against the calendar and its kind (DESIGN 2.4): issued not after `today`,
 * expiring after issue and no later than the kind's validity allows (特种作业操作证 6 years,
 * 特种设备作业人员证 4, 考核合格证 3), a 复审 date between issue and expiry — derived from the kind's
 * interval when not given (特种作业操作证: 3 years after issue).
 */
export function checkCertificateDates(
  input: CertificateDatesInput,
  validity: CertificateValidity | null,
  today: string,
): { ok: true; reviewDueOn: string | null } | { ok: false; fieldErrors: Record<string, string> } {
  const errors: Record<string, string> = {}
  if (input.issuedOn > today) errors.issuedOn = '发证日期不能晚于今天'
  if (input.expiresOn <= input.issuedOn) errors.expiresOn = '有效期至应晚于发证日期'
  else if (validity?.validityYears) {
    const latest = addYears(input.issuedOn, validity.validityYears)
    if (input.expiresOn > latest) errors.expiresOn = `${validity.kind}有效期${validity.validityYears}年，有效期至不能晚于${latest}`
  }
  let reviewDueOn = input.reviewDueOn
  if (reviewDueOn) {
    if (reviewDueOn <= input.issuedOn || reviewDueOn > input.expiresOn) errors.reviewDueOn = '复审日期应在发证日期和有效期之间'
  } else if (validity?.reviewYears) {
    const derived = addYears(input.issuedOn, validity.reviewYears)
    reviewDueOn = derived < input.expiresOn ? derived : null
  }
  return Object.keys(errors).length ? { ok: false, fieldErrors: errors } : { ok: true, reviewDueOn }
}
