import type { Role } from '../../../db/types'
import { principalPost, type CurrentPost, type SignDecision } from '../org/policy'

// Who draws up and who signs a 隐患排查治理统计分析表. Pure; tested in tests/unit/hazard-stats-policy.test.ts.
// The module asks these with the signer's posts as the database holds them today; the route passes
// nothing in.

export type Decision = { ok: true } | { ok: false; message: string }

/** The safety administrator draws the table up from the records (as for the status report). */
export function canGenerateHazardStats(role: Role): Decision {
  return role === 'enterprise_admin' ? { ok: true } : { ok: false, message: '只有企业安全管理员可以生成统计分析表' }
}

/** 统计分析表应当由生产经营单位主要负责人签字 (16号令 §14): a head holding a tier-1 post today, nobody else. */
export function canSignHazardStats(input: { role: Role; posts: readonly CurrentPost[] }): SignDecision {
  const post = principalPost(input.role, input.posts)
  return post ? { ok: true, post } : { ok: false, message: '隐患排查治理统计分析表须由主要负责人（第1级岗位在岗人员）签字' }
}

/** Who reads the enterprise's tables: its admin and heads; a worker does not. */
export function canReadHazardStats(role: Role): Decision {
  return role === 'enterprise_admin' || role === 'enterprise_head' ? { ok: true } : { ok: false, message: '无权查看统计分析表' }
}
