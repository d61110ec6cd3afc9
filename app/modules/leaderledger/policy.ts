import type { Role } from '../../../db/types'

// Who may see, keep and sign a leader's 一岗双责台账 (seed 001: 一人一本, 领导本人签字, 送同级安委办).
// Pure: every decision of the module is one of these, unit-tested in tests/unit/leader-ledger-policy.test.ts.
//
// - The book is seen by the leader, their recorder (记录人员), and the 安委办 of the same level (the
//   region of the leader's department). Anyone else — another department's leader, a regulator of the
//   same department, another city's 安委办 — is told it does not exist.
// - Only the recorder keeps it: accepts proposals, adds entries and evidence, appends a 更正.
// - Only the leader signs it (本人签字); the recorder's or the 安委办's signature is no signature.

export interface LedgerViewer {
  userId: string
  role: Role
  /** the region of the viewer's department (the 安委办's level); null for accounts without one */
  regionCode: string | null
}

export interface LedgerBook {
  leaderUserId: string
  recorderUserId: string
  /** the region of the leader's department */
  regionCode: string
}

export type LedgerDecision = { ok: true } | { ok: false; reason: 'not_found' | 'forbidden'; message: string }

const yes: LedgerDecision = { ok: true }
const notFound: LedgerDecision = { ok: false, reason: 'not_found', message: '未找到该台账' }

export function isLeaderOf(viewer: LedgerViewer, book: LedgerBook): boolean {
  return viewer.role === 'regulator' && viewer.userId === book.leaderUserId
}

export function isRecorderOf(viewer: LedgerViewer, book: LedgerBook): boolean {
  return viewer.role === 'regulator' && viewer.userId === book.recorderUserId
}

/** The 安委办 of the region the book's department belongs to (同级安委办). */
export function isOfficeOf(viewer: LedgerViewer, book: LedgerBook): boolean {
  return viewer.role === 'safety_office' && viewer.regionCode !== null && viewer.regionCode === book.regionCode
}

export function mayViewLedger(viewer: LedgerViewer, book: LedgerBook): LedgerDecision {
  return isLeaderOf(viewer, book) || isRecorderOf(viewer, book) || isOfficeOf(viewer, book) ? yes : notFound
}

/**
 * Reading a month's content (its lines, signatures, evidence, print). A month not yet signed is the
 * recorder's working copy (seed 001: 领导本人签字后报送同级安委办): the leader and the recorder read it, the
 * 安委办 sees only that it is 未报送 or 逾期, never the draft. Once submitted, everyone who sees the book
 * reads it.
 */
export function mayReadMonth(viewer: LedgerViewer, book: LedgerBook, month: { submitted: boolean }): LedgerDecision {
  const view = mayViewLedger(viewer, book)
  if (!view.ok) return view
  if (month.submitted || isLeaderOf(viewer, book) || isRecorderOf(viewer, book)) return yes
  return { ok: false, reason: 'forbidden', message: '该月台账尚未由领导签字报送，安委办暂不能查阅内容' }
}

/** Preparing a month (proposals, entries, evidence, withdrawals, 更正): the recorder only. */
export function mayKeepLedger(viewer: LedgerViewer, book: LedgerBook): LedgerDecision {
  if (isRecorderOf(viewer, book)) return yes
  if (mayViewLedger(viewer, book).ok) return { ok: false, reason: 'forbidden', message: '台账由指定的记录人员整理，领导和安委办只能查阅' }
  return notFound
}

/** Signing a month (本人签字): the leader only. */
export function maySignLedger(viewer: LedgerViewer, book: LedgerBook): LedgerDecision {
  if (isLeaderOf(viewer, book)) return yes
  if (mayViewLedger(viewer, book).ok) return { ok: false, reason: 'forbidden', message: '履职统计表只能由领导本人签字' }
  return notFound
}

/** The 安委办's view of a region's submissions: its own level only. */
export function mayOverseeRegion(viewer: LedgerViewer, regionCode: string): LedgerDecision {
  return viewer.role === 'safety_office' && viewer.regionCode === regionCode ? yes : notFound
}

/**
 * Appointing leaders and their recorders (and the 安委办's accounts): the platform administrator, who
 * administers the departments' accounts. A regulator — of this department, another, or another level —
 * and a 安委办 do not appoint: a leader who chose their own recorder would choose their own witness.
 */
export function mayAppointLeaders(role: Role): LedgerDecision {
  return role === 'platform_admin' ? yes : { ok: false, reason: 'forbidden', message: '只有平台管理员可以任命领导和记录人员' }
}

/** The checks of one appointment, beside the fields they concern (a pure function of what the database says). */
export function appointmentProblems(input: {
  leader: { id: string; role: Role; departmentId: string | null } | null
  recorder: { id: string; role: Role; departmentId: string | null } | null
  position: 'principal' | 'member'
  chargeAreas: readonly string[]
}): Record<string, string> {
  const errors: Record<string, string> = {}
  const { leader, recorder } = input
  if (!leader || leader.role !== 'regulator' || !leader.departmentId) errors.userId = '请选择部门的监管账号'
  if (!recorder || recorder.role !== 'regulator' || !recorder.departmentId) errors.recorderUserId = '请选择部门的监管账号作为记录人员'
  else if (leader && recorder.id === leader.id) errors.recorderUserId = '领导本人不能担任自己的记录人员'
  else if (leader && recorder.departmentId !== leader.departmentId) errors.recorderUserId = '记录人员须为领导所在部门的人员'
  if (input.position === 'principal' && input.chargeAreas.length) errors.chargeAreas = '主要领导不填写分管行业领域'
  if (input.position === 'member' && !input.chargeAreas.length) errors.chargeAreas = '请填写分管行业领域（部门）'
  return errors
}
