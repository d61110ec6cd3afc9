import type { HazardGrade, HazardStatus } from '../../../db/types'
import { todayInShanghai } from '../../utils/dates'
import {
  CONTROL_LEVELS,
  LEC_BANDS,
  LEC_FACTORS,
  LS_BANDS,
  LS_SCALE,
  RISK_LEVELS,
  type BandSeed,
  type ControlLevel,
  type RiskLevel,
} from '../../../seeds/dual-prevention'

// Pure rules of 双重预防: the risk level from the scores (the bands are reference data in
// seeds/dual-prevention.ts, with their sources), the 管控层级 a level needs, and the hazard's state
// machine (隐患排查治理, 16号令). Unit-tested in tests/unit/hazard-rules.test.ts.

function band(bands: readonly BandSeed[], score: number): RiskLevel {
  for (const b of bands) if (score > b.above) return b.level
  return bands[bands.length - 1]!.level
}

/** Rounds away the binary noise of 0.1 × 0.2 products (L, E, C have at most one decimal). */
function product(...xs: number[]): number {
  return Math.round(xs.reduce((a, b) => a * b, 1) * 1000) / 1000
}

/** LEC: D = L × E × C; >320 重大, 160 < D ≤ 320 较大, 70 < D ≤ 160 一般, ≤ 70 低. */
export function lecLevel(d: number): RiskLevel {
  return band(LEC_BANDS, d)
}

/** LS: R = L × S; ≥ 20 重大, 15–16 较大, 9–12 一般, ≤ 8 低. */
export function lsLevel(r: number): RiskLevel {
  return band(LS_BANDS, r)
}

export type Scores = { method: 'LEC'; l: number; e: number; c: number } | { method: 'LS'; l: number; s: number }

/** The score and level of entered scores, or the field that is not one of the method's values. */
export function assessRisk(
  scores: Scores,
): { ok: true; score: number; level: RiskLevel } | { ok: false; field: 'scoreL' | 'scoreE' | 'scoreC' | 'scoreS'; message: string } {
  if (scores.method === 'LEC') {
    const allowed = (k: 'L' | 'E' | 'C', v: number) => LEC_FACTORS[k].some((f) => f.value === v)
    if (!allowed('L', scores.l))
      return { ok: false, field: 'scoreL', message: `L 须为 ${LEC_FACTORS.L.map((f) => f.value).join('、')} 之一` }
    if (!allowed('E', scores.e))
      return { ok: false, field: 'scoreE', message: `E 须为 ${LEC_FACTORS.E.map((f) => f.value).join('、')} 之一` }
    if (!allowed('C', scores.c))
      return { ok: false, field: 'scoreC', message: `C 须为 ${LEC_FACTORS.C.map((f) => f.value).join('、')} 之一` }
    const d = product(scores.l, scores.e, scores.c)
    return { ok: true, score: d, level: lecLevel(d) }
  }
  const inScale = (v: number) => Number.isInteger(v) && v >= LS_SCALE.min && v <= LS_SCALE.max
  if (!inScale(scores.l)) return { ok: false, field: 'scoreL', message: 'L 须为 1～5 的整数' }
  if (!inScale(scores.s)) return { ok: false, field: 'scoreS', message: 'S 须为 1～5 的整数' }
  const r = scores.l * scores.s
  return { ok: true, score: r, level: lsLevel(r) }
}

export function riskLevelInfo(level: RiskLevel) {
  return RISK_LEVELS.find((l) => l.level === level)!
}

const rank = (c: ControlLevel) => CONTROL_LEVELS.find((x) => x.code === c)!.rank

/** The 管控层级 must be at or above the level's minimum (重大 → 公司级, 较大 → 车间级 …). */
export function controlLevelProblem(level: RiskLevel, control: ControlLevel): string | null {
  const min = riskLevelInfo(level).minControlLevel
  if (rank(control) >= rank(min)) return null
  return `${riskLevelInfo(level).name}至少由${CONTROL_LEVELS.find((x) => x.code === min)!.name}管控`
}

/** The evidence owner kind of a risk's 专项管控方案 file. */
export const RISK_PLAN_EVIDENCE = 'risk-plan'

/** 重大 and 较大 risks need a 专项管控方案. */
export function needsSpecialPlan(level: RiskLevel): boolean {
  return level === 'major' || level === 'serious'
}

// ---- the hazard's state machine ------------------------------------------------------------------

export type HazardStep =
  | 'assign' // 定级、指定责任人、措施、期限、资金（重大：同时报告监管部门）
  | 'rectify' // 一般：整改完成
  | 'verify_pass' // 一般：验收合格 → 销号
  | 'verify_fail' // 一般：验收不合格 → 重新整改
  | 'plan' // 重大：治理方案
  | 'resume_request' // 重大：治理完成、评估，申请恢复生产
  | 'supervise' // 监管部门：挂牌督办
  | 'write_off' // 监管部门：核销
  | 'return' // 监管部门：退回
  | 'recheck_fail' // 监管部门：整改指令复查不合格，来自指令的隐患重新整改（一般）或治理（重大）

export const STATUS_LABELS: Record<HazardStatus, string> = {
  reported: '待定级',
  rectifying: '整改中',
  verifying: '待验收',
  governing: '治理中',
  resume_requested: '待核销',
  closed: '已销号',
}

export const STEP_LABELS: Record<HazardStep | 'report', string> = {
  report: '报告隐患',
  assign: '定级并指派',
  rectify: '整改完成',
  verify_pass: '验收合格，销号',
  verify_fail: '验收不合格，退回整改',
  plan: '制定治理方案',
  resume_request: '评估并申请恢复生产',
  supervise: '挂牌督办',
  write_off: '核销',
  return: '退回',
  recheck_fail: '监管部门复查不合格，重新整改',
}

export const GRADE_LABELS: Record<HazardGrade, string> = { general: '一般隐患', major: '重大隐患' }

/**
 * Where a step leads from a state, or null when it cannot be taken there. 一般: 整改 → 验收 → 销号;
 * 重大 (16号令 §15–§18): 治理方案 while 治理中, then 评估 and the request to resume, then the
 * department's 核销 (or its return). 挂牌督办 leaves the state as it is, once per hazard.
 */
export function nextStatus(
  step: HazardStep,
  hazard: { status: HazardStatus; grade: HazardGrade | null; hasPlan: boolean; supervised: boolean },
  grade?: HazardGrade,
): HazardStatus | null {
  const { status } = hazard
  switch (step) {
    case 'assign':
      return status === 'reported' && grade ? (grade === 'major' ? 'governing' : 'rectifying') : null
    case 'rectify':
      return status === 'rectifying' && hazard.grade === 'general' ? 'verifying' : null
    case 'verify_pass':
      return status === 'verifying' ? 'closed' : null
    case 'verify_fail':
      return status === 'verifying' ? 'rectifying' : null
    case 'plan':
      return status === 'governing' && !hazard.hasPlan ? 'governing' : null
    case 'resume_request':
      return status === 'governing' && hazard.hasPlan ? 'resume_requested' : null
    case 'supervise':
      return hazard.grade === 'major' && status !== 'closed' && !hazard.supervised ? status : null
    case 'write_off':
      return status === 'resume_requested' ? 'closed' : null
    case 'return':
      return status === 'resume_requested' ? 'governing' : null
    case 'recheck_fail':
      // the department returns the order's answer: the item's closed hazard is open again, at the
      // step that redoes the work (一般 → 整改中, 重大 → 治理中 with its plan kept)
      return status === 'closed' && hazard.grade ? (hazard.grade === 'major' ? 'governing' : 'rectifying') : null
  }
}

/** Why a step cannot be taken now, in words for the page. */
export function stepRefusal(step: HazardStep, status: HazardStatus): string {
  if (status === 'closed') return '该隐患已销号'
  switch (step) {
    case 'assign':
      return '该隐患已定级'
    case 'plan':
      return '治理方案已制定或当前不能制定'
    case 'resume_request':
      return '须先制定治理方案，且隐患处于治理中'
    case 'supervise':
      return '该隐患已挂牌督办'
    default:
      return `当前状态（${STATUS_LABELS[status]}）不能${STEP_LABELS[step]}`
  }
}

/** Overdue: past its deadline and not yet closed (a 重大 hazard waiting for 核销 is no longer on the enterprise). */
export function isHazardOverdue(h: { status: HazardStatus; deadline: string | null }, today: string): boolean {
  return !!h.deadline && h.deadline < today && (h.status === 'rectifying' || h.status === 'governing' || h.status === 'verifying')
}

/** The 16号令 §15 治理方案's six parts. */
export const PLAN_PARTS = [
  { key: 'goal', label: '治理的目标和任务' },
  { key: 'method', label: '采取的方法和措施' },
  { key: 'funds', label: '经费和物资的落实' },
  { key: 'organisation', label: '负责治理的机构和人员' },
  { key: 'timeline', label: '治理的时限和要求' },
  { key: 'safety', label: '安全措施和应急预案' },
] as const

/** 挂牌督办 numbers: 晋中应急督〔2026〕3号. */
export function supervisionNumber(short: string, year: number, seq: number): string {
  return `${short}督〔${year}〕${seq}号`
}

/**
 * A hazard that came from a rectification order item keeps the department's deadline as its outer
 * limit: the enterprise may set an earlier 整改期限, never a later one (《安全生产法》第六十五条: 限期整改).
 */
export function orderDeadlineProblem(deadline: string, orderItemDue: string | null): string | null {
  if (!orderItemDue || deadline <= orderItemDue) return null
  return `整改期限不能晚于监管部门责令的期限（${orderItemDue}）`
}

/** How an order item reads its linked hazard, on both sides: 隐患第12号 · 整改中 / 已销号（2026-12-03）. */
export function orderItemHazardLabel(h: { no: number; status: HazardStatus; closedAt: string | null }): string {
  return `隐患第${h.no}号 · ${STATUS_LABELS[h.status]}${h.status === 'closed' && h.closedAt ? `（${todayInShanghai(new Date(h.closedAt))}）` : ''}`
}
