import type { ApprovalRole, Role } from '../../../db/types'
import { approvalChain, type OrgUnitNode, type PostNode } from '../duties/rules'

// Who assesses whom, who sees a person's 履职记录 and 考核, who signs what: decided from the database
// (the org graph, the actor's posts today), never from a flag the route passes in. Pure; tested in
// tests/unit/dutylog-policy.test.ts.

export type Decision = { ok: true } | { ok: false; message: string }

export type Assessor =
  /** the next step up the post's approval chain */
  | { kind: 'post'; role: ApprovalRole; postId: string; postName: string }
  /** the 主要负责人, assessed by the 董事会 (recorded by the safety administrator) */
  | { kind: 'board' }
  /** the 主要负责人, by a self-assessment record */
  | { kind: 'self' }
  | { kind: 'none'; message: string }

export const ASSESSOR_LABELS = { board: '董事会', self: '本人自评' } as const

/**
 * 第二十二条's 考核 follows the approval chain (实施方案: 部门负责人 → 分管负责人 → 主要负责人): a post is
 * assessed by the first approver of its list other than itself — 部门负责人 for staff, 分管负责人 for a
 * department head, 主要负责人 for a 分管负责人. The 主要负责人, whose chain is only itself, is
 * assessed by whoever the enterprise names: its 董事会, or a self-assessment record.
 */
export function assessorFor(input: {
  post: PostNode
  units: OrgUnitNode[]
  posts: PostNode[]
  principalAssessor: 'board' | 'self'
}): Assessor {
  const chain = approvalChain(input.post, input.units, input.posts)
  if (!chain.ok) return { kind: 'none', message: chain.message }
  const above = chain.chain.filter((s) => s.postId !== input.post.id)
  if (!above.length) return { kind: input.principalAssessor }
  const first = above[0]!
  return { kind: 'post', role: first.role, postId: first.postId, postName: first.postName }
}

/** The posts above a person's posts in their approval chains: whose holders are their superiors. */
export function superiorPostIds(input: { postIds: readonly string[]; units: OrgUnitNode[]; posts: PostNode[] }): Set<string> {
  const above = new Set<string>()
  for (const id of input.postIds) {
    const post = input.posts.find((p) => p.id === id)
    if (!post) continue
    const chain = approvalChain(post, input.units, input.posts)
    if (chain.ok) for (const s of chain.chain) if (!input.postIds.includes(s.postId)) above.add(s.postId)
  }
  return above
}

/**
 * A person's 履职记录 and 考核 are seen by themselves, the safety administrator, and their superiors in
 * the approval chain (whoever holds a post above theirs today). Anyone else — a colleague, a head of
 * another line, a regulator — is refused; regulators see the enterprise's figures only.
 */
export function canSeePerson(input: {
  role: Role
  actorEmployeeId: string | null
  actorHeldPostIds: readonly string[]
  subjectEmployeeId: string
  superiorPostIds: ReadonlySet<string>
}): Decision {
  if (input.actorEmployeeId && input.actorEmployeeId === input.subjectEmployeeId) return { ok: true }
  if (input.role === 'enterprise_admin') return { ok: true }
  if (input.role === 'enterprise_head' && input.actorHeldPostIds.some((p) => input.superiorPostIds.has(p))) return { ok: true }
  return { ok: false, message: '只有本人、企业安全管理员和其审批链上的上级可以查看' }
}

/** Only the person keeps and signs their own 履职记录: it records what they did, in their name. */
export function canKeepLog(input: { actorEmployeeId: string | null; subjectEmployeeId: string; keeps: boolean }): Decision {
  if (!input.actorEmployeeId || input.actorEmployeeId !== input.subjectEmployeeId)
    return { ok: false, message: '履职记录只能由本人填写和签字' }
  if (!input.keeps) return { ok: false, message: '只有第1至4级岗位负责人和安全管理人员需要填写履职记录' }
  return { ok: true }
}

/** A month is signed when it has begun (not in advance), once. */
export function canSignMonth(input: { month: string; currentMonth: string; signed: boolean }): Decision {
  if (input.signed) return { ok: false, message: '该月履职记录已签字，如需更正请添加更正记录' }
  if (input.month > input.currentMonth) return { ok: false, message: '不能提前签署尚未开始的月份' }
  return { ok: true }
}

/**
 * Who records an assessment: the holder of the assessor post today (an enterprise head, never the
 * person assessed); for the 主要负责人, the safety administrator entering the 董事会's assessment, or the
 * 主要负责人 themself when the enterprise chose self-assessment.
 */
export function canAssess(input: {
  role: Role
  actorEmployeeId: string | null
  actorHeldPostIds: readonly string[]
  subjectEmployeeId: string
  assessor: Assessor
}): Decision {
  const a = input.assessor
  switch (a.kind) {
    case 'none':
      return { ok: false, message: a.message }
    case 'board':
      return input.role === 'enterprise_admin'
        ? { ok: true }
        : { ok: false, message: '主要负责人由董事会考核，由企业安全管理员登记考核结果' }
    case 'self':
      return input.actorEmployeeId === input.subjectEmployeeId && input.role === 'enterprise_head'
        ? { ok: true }
        : { ok: false, message: '本企业主要负责人采用自评，只能由本人填写' }
    case 'post':
      if (input.actorEmployeeId === input.subjectEmployeeId) return { ok: false, message: '不能考核自己' }
      if (input.role !== 'enterprise_head' || !input.actorHeldPostIds.includes(a.postId))
        return { ok: false, message: `该岗位应由「${a.postName}」考核，您不能考核` }
      return { ok: true }
  }
}

/** The assessed person, and only they, signs having seen their assessment — once. */
export function canSignSeen(input: { actorEmployeeId: string | null; subjectEmployeeId: string; seen: boolean }): Decision {
  if (!input.actorEmployeeId || input.actorEmployeeId !== input.subjectEmployeeId) return { ok: false, message: '只有被考核人本人可以签字' }
  if (input.seen) return { ok: false, message: '已签字确认，不能重复签字' }
  return { ok: true }
}

/** The enterprise's 考核 settings (period, who assesses the 主要负责人) are the safety administrator's. */
export function canSetAssessment(role: Role): Decision {
  return role === 'enterprise_admin' ? { ok: true } : { ok: false, message: '只有企业安全管理员可以设置考核周期' }
}
