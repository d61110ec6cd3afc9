import type { Role } from '../../../db/types'
import { principalPost, type CurrentPost, type SignDecision } from '../org/policy'

// Who may sign an inspection record and who may review an order's answer. Pure; tested in
// tests/unit/signing-policy.test.ts.

/**
 * 《安全生产法》第六十五条: the record is signed by 被检查单位的负责人 — here the 主要负责人, a head
 * holding a tier-1 post now; a deputy or a unit head does not sign for the enterprise.
 */
export function canSignInspection(input: { role: Role; posts: readonly CurrentPost[] }): SignDecision {
  const post = principalPost(input.role, input.posts)
  return post ? { ok: true, post } : { ok: false, message: '检查记录须由被检查单位主要负责人（第1级岗位在岗人员）签字' }
}

/** Only a regulator of the department that issued the order reviews its answer. */
export function canReviewOrder(input: {
  role: Role
  departmentId: string | null
  issuingDepartmentId: string
}): { ok: true } | { ok: false; message: string } {
  if (input.role !== 'regulator' || !input.departmentId || input.departmentId !== input.issuingDepartmentId)
    return { ok: false, message: '只有下达指令的部门可以复查' }
  return { ok: true }
}
