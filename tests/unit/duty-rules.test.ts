import { describe, expect, it } from 'vitest'
import { approvalChain, canonicalContent, diffItems, listStateLabel, type OrgUnitNode, type PostNode } from '../../app/modules/duties/rules'

// 公司 → 安全环保部 (分管: 安全副总) ; 公司 → 合成车间 (分管: 生产副总) → 加氢工段 → 加氢一班
const units: OrgUnitNode[] = [
  { id: 'co', parentId: null, supervisorPostId: null },
  { id: 'safety', parentId: 'co', supervisorPostId: 'vp-safety' },
  { id: 'ws', parentId: 'co', supervisorPostId: 'vp-prod' },
  { id: 'sec', parentId: 'ws', supervisorPostId: null },
  { id: 'team', parentId: 'sec', supervisorPostId: null },
]
const posts: PostNode[] = [
  { id: 'gm', name: '总经理', unitId: 'co', tier: 1, isUnitHead: true },
  { id: 'vp-safety', name: '分管安全副总经理', unitId: 'co', tier: 2, isUnitHead: false },
  { id: 'vp-prod', name: '生产副总经理', unitId: 'co', tier: 2, isUnitHead: false },
  { id: 'safety-head', name: '安全环保部部长', unitId: 'safety', tier: 3, isUnitHead: true },
  { id: 'officer', name: '专职安全员', unitId: 'safety', tier: 3, isUnitHead: false },
  { id: 'ws-head', name: '合成车间主任', unitId: 'ws', tier: 4, isUnitHead: true },
  { id: 'team-lead', name: '加氢一班班长', unitId: 'team', tier: 4, isUnitHead: true },
  { id: 'operator', name: '加氢操作工', unitId: 'team', tier: 5, isUnitHead: false },
]
const post = (id: string) => posts.find((p) => p.id === id)!
const roles = (id: string) => {
  const r = approvalChain(post(id), units, posts)
  return r.ok ? r.chain.map((s) => `${s.role}:${s.postId}`) : r.message
}

describe('approval chain (部门负责人 → 分管负责人 → 主要负责人)', () => {
  it('a staff post: its unit head, the unit’s 分管负责人, the 主要负责人', () => {
    expect(roles('officer')).toEqual(['unit_head:safety-head', 'deputy:vp-safety', 'principal:gm'])
  })
  it('an operator deep in the tree: the team lead, the inherited 分管负责人, the 主要负责人', () => {
    expect(roles('operator')).toEqual(['unit_head:team-lead', 'deputy:vp-prod', 'principal:gm'])
  })
  it('a unit head is approved by the head above, never by themself', () => {
    expect(roles('team-lead')).toEqual(['unit_head:ws-head', 'deputy:vp-prod', 'principal:gm'])
    expect(roles('safety-head')).toEqual(['deputy:vp-safety', 'principal:gm'])
  })
  it('a deputy and the 主要负责人: the same person never signs twice', () => {
    expect(roles('vp-safety')).toEqual(['principal:gm'])
    expect(roles('gm')).toEqual(['principal:gm'])
  })
  it('an enterprise without a tier-1 post cannot submit', () => {
    const r = approvalChain(
      post('officer'),
      units,
      posts.filter((p) => p.tier !== 1),
    )
    expect(r).toEqual({ ok: false, message: '本企业尚未设置主要负责人岗位（第1级），无法提交审批' })
  })
})

describe('content and diff', () => {
  const a = { text: '遵守操作规程', category: '岗位操作', legalBasis: null }
  const b = { text: '正确佩戴劳动防护用品', category: '职业健康', legalBasis: '《安全生产法》第五十七条' }
  const c = { text: '发现隐患立即报告', category: '隐患排查', legalBasis: null }

  it('the canonical content changes with any item, its order, or the version', () => {
    const base = canonicalContent({ postName: 'p', version: 1, title: 't', items: [a, b] })
    expect(canonicalContent({ postName: 'p', version: 1, title: 't', items: [a, b] })).toBe(base)
    expect(canonicalContent({ postName: 'p', version: 1, title: 't', items: [b, a] })).not.toBe(base)
    expect(canonicalContent({ postName: 'p', version: 2, title: 't', items: [a, b] })).not.toBe(base)
    expect(canonicalContent({ postName: 'p', version: 1, title: 't', items: [a, { ...b, legalBasis: null }] })).not.toBe(base)
  })

  it('shows added, removed and changed items in order', () => {
    const ops = diffItems([a, b], [a, { ...b, category: '教育培训' }, c])
    expect(ops.map((o) => o.type)).toEqual(['same', 'changed', 'added'])
    expect(diffItems([a, b, c], [a, c]).map((o) => o.type)).toEqual(['same', 'removed', 'same'])
    expect(diffItems([], [a]).map((o) => o.type)).toEqual(['added'])
  })
})

describe('list state labels', () => {
  it('reads as the posts table shows it', () => {
    expect(listStateLabel(null, null)).toBe('无清单')
    expect(listStateLabel(null, { version: 1, status: 'draft' })).toBe('草稿')
    expect(listStateLabel(null, { version: 1, status: 'submitted' })).toBe('审批中 v1')
    expect(listStateLabel(2, null)).toBe('已发布 v2')
    expect(listStateLabel(2, { version: 3, status: 'draft' })).toBe('已发布 v2 · 修订草稿 v3')
  })
})
