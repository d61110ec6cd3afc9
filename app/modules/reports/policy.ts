import type { Role } from '../../../db/types'
import { principalPost, type CurrentPost, type SignDecision } from '../org/policy'

// Who may sign (and thereby publish) a status report. Pure; tested in tests/unit/signing-policy.test.ts.

export { principalPost, type CurrentPost, type SignDecision }

/** 状况报告由主要负责人签字发布: only a head holding a tier-1 post now. */
export function canSignReport(input: { role: Role; posts: readonly CurrentPost[] }): SignDecision {
  const post = principalPost(input.role, input.posts)
  return post ? { ok: true, post } : { ok: false, message: '状况报告须由主要负责人（第1级岗位在岗人员）签字发布' }
}
