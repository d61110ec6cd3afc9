import { describe, expect, it } from 'vitest'
import type { OrgUnitNode, PostNode } from '../../app/modules/duties/rules'
import {
  assessorFor,
  canAssess,
  canKeepLog,
  canSeePerson,
  canSignMonth,
  canSignSeen,
  superiorPostIds,
} from '../../app/modules/dutylogs/policy'

// 责任制考核 follows the approval chain (《安全生产法》第二十二条; DESIGN 2.9): the org of the demo's
// 华晟化工, reduced to what the rule reads.

const units: OrgUnitNode[] = [
  { id: 'co', parentId: null, supervisorPostId: null },
  { id: 'safety', parentId: 'co', supervisorPostId: 'vp-safety' },
  { id: 'synthesis', parentId: 'co', supervisorPostId: 'vp-prod' },
  { id: 'hydro', parentId: 'synthesis', supervisorPostId: null },
  { id: 'team', parentId: 'hydro', supervisorPostId: null },
  { id: 'storage', parentId: 'co', supervisorPostId: 'vp-prod' },
]
const post = (id: string, unitId: string, tier: number, isUnitHead: boolean): PostNode => ({ id, name: id, unitId, tier, isUnitHead })
const posts: PostNode[] = [
  post('gm', 'co', 1, true),
  post('vp-safety', 'co', 2, false),
  post('vp-prod', 'co', 2, false),
  post('safety-head', 'safety', 3, true),
  post('safety-officer', 'safety', 3, false),
  post('synthesis-director', 'synthesis', 4, true),
  post('hydro-head', 'hydro', 4, true),
  post('team-leader', 'team', 4, true),
  post('operator', 'team', 5, false),
  post('storage-director', 'storage', 4, true),
  post('loader', 'storage', 5, false),
]
const byId = (id: string) => posts.find((p) => p.id === id)!
const assessor = (id: string, principalAssessor: 'board' | 'self' = 'board') =>
  assessorFor({ post: byId(id), units, posts, principalAssessor })

describe('the assessor is the next step up the approval chain', () => {
  it('staff (tier 5) are assessed by their 部门负责人', () => {
    expect(assessor('loader')).toEqual({ kind: 'post', role: 'unit_head', postId: 'storage-director', postName: 'storage-director' })
    expect(assessor('operator')).toMatchObject({ kind: 'post', role: 'unit_head', postId: 'team-leader' })
    expect(assessor('safety-officer')).toMatchObject({ kind: 'post', role: 'unit_head', postId: 'safety-head' })
  })
  it('a unit head below a department is assessed by the head of the unit above (tier 4)', () => {
    expect(assessor('team-leader')).toMatchObject({ kind: 'post', role: 'unit_head', postId: 'hydro-head' })
    expect(assessor('hydro-head')).toMatchObject({ kind: 'post', role: 'unit_head', postId: 'synthesis-director' })
  })
  it('a department head (tier 3/4) is assessed by the 分管负责人 in charge of the department', () => {
    expect(assessor('safety-head')).toMatchObject({ kind: 'post', role: 'deputy', postId: 'vp-safety' })
    expect(assessor('storage-director')).toMatchObject({ kind: 'post', role: 'deputy', postId: 'vp-prod' })
    expect(assessor('synthesis-director')).toMatchObject({ kind: 'post', role: 'deputy', postId: 'vp-prod' })
  })
  it('a 分管负责人 (tier 2) is assessed by the 主要负责人', () => {
    expect(assessor('vp-safety')).toMatchObject({ kind: 'post', role: 'principal', postId: 'gm' })
    expect(assessor('vp-prod')).toMatchObject({ kind: 'post', role: 'principal', postId: 'gm' })
  })
  it('the 主要负责人 (tier 1) is assessed by whoever the enterprise names: the 董事会 or a self-assessment', () => {
    expect(assessor('gm', 'board')).toEqual({ kind: 'board' })
    expect(assessor('gm', 'self')).toEqual({ kind: 'self' })
  })
  it('without a 主要负责人 post there is no assessor, and the reason says so', () => {
    const r = assessorFor({ post: byId('loader'), units, posts: posts.filter((p) => p.tier !== 1), principalAssessor: 'board' })
    expect(r.kind).toBe('none')
    expect(r.kind === 'none' && r.message).toMatch(/主要负责人/)
  })
})

describe('who records an assessment', () => {
  const loaderAssessor = assessor('loader')
  it('the holder of the assessor post, as an enterprise head', () => {
    expect(
      canAssess({
        role: 'enterprise_head',
        actorEmployeeId: 'e1',
        actorHeldPostIds: ['storage-director'],
        subjectEmployeeId: 'e2',
        assessor: loaderAssessor,
      }).ok,
    ).toBe(true)
  })
  it('not a head of another line, not the admin, not the person themself', () => {
    expect(
      canAssess({
        role: 'enterprise_head',
        actorEmployeeId: 'e1',
        actorHeldPostIds: ['hydro-head'],
        subjectEmployeeId: 'e2',
        assessor: loaderAssessor,
      }).ok,
    ).toBe(false)
    expect(
      canAssess({
        role: 'enterprise_admin',
        actorEmployeeId: null,
        actorHeldPostIds: [],
        subjectEmployeeId: 'e2',
        assessor: loaderAssessor,
      }).ok,
    ).toBe(false)
    expect(
      canAssess({
        role: 'enterprise_head',
        actorEmployeeId: 'e2',
        actorHeldPostIds: ['storage-director'],
        subjectEmployeeId: 'e2',
        assessor: loaderAssessor,
      }).ok,
    ).toBe(false)
    expect(
      canAssess({
        role: 'worker',
        actorEmployeeId: 'e1',
        actorHeldPostIds: ['storage-director'],
        subjectEmployeeId: 'e2',
        assessor: loaderAssessor,
      }).ok,
    ).toBe(false)
  })
  it('the 董事会 assessment of the 主要负责人 is recorded by the admin; a self-assessment by the 主要负责人 only', () => {
    const board = { kind: 'board' } as const
    const self = { kind: 'self' } as const
    expect(
      canAssess({ role: 'enterprise_admin', actorEmployeeId: null, actorHeldPostIds: [], subjectEmployeeId: 'gm1', assessor: board }).ok,
    ).toBe(true)
    expect(
      canAssess({ role: 'enterprise_head', actorEmployeeId: 'gm1', actorHeldPostIds: ['gm'], subjectEmployeeId: 'gm1', assessor: board })
        .ok,
    ).toBe(false)
    expect(
      canAssess({ role: 'enterprise_head', actorEmployeeId: 'gm1', actorHeldPostIds: ['gm'], subjectEmployeeId: 'gm1', assessor: self }).ok,
    ).toBe(true)
    expect(
      canAssess({ role: 'enterprise_admin', actorEmployeeId: null, actorHeldPostIds: [], subjectEmployeeId: 'gm1', assessor: self }).ok,
    ).toBe(false)
  })
})

describe('who sees a person’s 履职记录 and 考核', () => {
  const superiors = superiorPostIds({ postIds: ['loader'], units, posts })
  it('the superiors of a post are every post in its approval chain', () => {
    expect([...superiors].sort()).toEqual(['gm', 'storage-director', 'vp-prod'])
  })
  const see = (role: 'enterprise_admin' | 'enterprise_head' | 'worker', actorEmployeeId: string | null, held: string[]) =>
    canSeePerson({ role, actorEmployeeId, actorHeldPostIds: held, subjectEmployeeId: 'e-loader', superiorPostIds: superiors }).ok
  it('themselves, the admin, and heads above them', () => {
    expect(see('worker', 'e-loader', ['loader'])).toBe(true)
    expect(see('enterprise_admin', null, [])).toBe(true)
    expect(see('enterprise_head', 'e-storage', ['storage-director'])).toBe(true)
    expect(see('enterprise_head', 'e-gm', ['gm'])).toBe(true)
  })
  it('not a colleague, nor a head outside the chain', () => {
    expect(see('worker', 'e-other-loader', ['loader'])).toBe(false)
    expect(see('enterprise_head', 'e-safety', ['vp-safety'])).toBe(false)
    expect(see('enterprise_head', 'e-hydro', ['hydro-head'])).toBe(false)
    // holding the post is not enough without the head's role (a worker account on a head's post)
    expect(see('worker', 'e-storage', ['storage-director'])).toBe(false)
  })
})

describe('signing', () => {
  it('only the person keeps their log, and only when they hold a tier 1–4 or safety post', () => {
    expect(canKeepLog({ actorEmployeeId: 'a', subjectEmployeeId: 'a', keeps: true }).ok).toBe(true)
    expect(canKeepLog({ actorEmployeeId: 'b', subjectEmployeeId: 'a', keeps: true }).ok).toBe(false)
    expect(canKeepLog({ actorEmployeeId: null, subjectEmployeeId: 'a', keeps: true }).ok).toBe(false)
    expect(canKeepLog({ actorEmployeeId: 'a', subjectEmployeeId: 'a', keeps: false }).ok).toBe(false)
  })
  it('a month is signed once, never in advance', () => {
    expect(canSignMonth({ month: '2026-10', currentMonth: '2026-11', signed: false }).ok).toBe(true)
    expect(canSignMonth({ month: '2026-11', currentMonth: '2026-11', signed: false }).ok).toBe(true)
    expect(canSignMonth({ month: '2026-12', currentMonth: '2026-11', signed: false }).ok).toBe(false)
    expect(canSignMonth({ month: '2026-10', currentMonth: '2026-11', signed: true }).ok).toBe(false)
  })
  it('only the person assessed signs having seen it, once', () => {
    expect(canSignSeen({ actorEmployeeId: 'a', subjectEmployeeId: 'a', seen: false }).ok).toBe(true)
    expect(canSignSeen({ actorEmployeeId: 'b', subjectEmployeeId: 'a', seen: false }).ok).toBe(false)
    expect(canSignSeen({ actorEmployeeId: 'a', subjectEmployeeId: 'a', seen: true }).ok).toBe(false)
  })
})
