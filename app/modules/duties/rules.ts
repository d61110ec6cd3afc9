import type { ApprovalRole, ApprovalStep } from '../../../db/types'

// Pure rules of 一岗一清单: who approves a post's list, in what order; what a version's content is;
// what changed between two versions. No I/O; tested in tests/unit/duty-rules.test.ts.

export const APPROVAL_ROLE_LABELS: Record<ApprovalRole, string> = {
  unit_head: '部门负责人',
  deputy: '分管负责人',
  principal: '主要负责人',
}

export const DUTY_CATEGORIES = [
  '组织领导',
  '制度建设',
  '安全投入',
  '教育培训',
  '隐患排查',
  '风险管控',
  '应急管理',
  '职业健康',
  '事故报告',
  '岗位操作',
] as const

export interface OrgUnitNode {
  id: string
  parentId: string | null
  supervisorPostId: string | null
}

export interface PostNode {
  id: string
  name: string
  unitId: string
  tier: number
  isUnitHead: boolean
}

export type ChainResult = { ok: true; chain: ApprovalStep[] } | { ok: false; message: string }

/**
 * The approvers of a post's list, in order (实施方案: 由本企业各部门负责人、分管负责人和主要负责人审批签字):
 * the head of the post's unit (or of the nearest unit above that has one; never the post itself),
 * the 分管负责人 in charge of that unit (inherited from above), and the 主要负责人. A person who
 * would sign twice signs once, at the later step.
 */
export function approvalChain(target: PostNode, units: OrgUnitNode[], posts: PostNode[]): ChainResult {
  const unitById = new Map(units.map((u) => [u.id, u]))
  const postById = new Map(posts.map((p) => [p.id, p]))
  const ancestry: OrgUnitNode[] = []
  for (let u = unitById.get(target.unitId); u && ancestry.length < 50; u = u.parentId ? unitById.get(u.parentId) : undefined)
    ancestry.push(u)

  const root = ancestry[ancestry.length - 1]
  const principal =
    posts.find((p) => p.tier === 1 && p.isUnitHead && root && p.unitId === root.id) ??
    posts.find((p) => p.tier === 1 && p.isUnitHead) ??
    posts.find((p) => p.tier === 1)
  if (!principal) return { ok: false, message: '本企业尚未设置主要负责人岗位（第1级），无法提交审批' }

  const steps: ApprovalStep[] = []
  for (const u of ancestry) {
    const head = posts.find((p) => p.unitId === u.id && p.isUnitHead && p.id !== target.id)
    if (head) {
      steps.push({ role: 'unit_head', postId: head.id, postName: head.name })
      break
    }
  }
  for (const u of ancestry) {
    if (u.supervisorPostId && u.supervisorPostId !== target.id && postById.has(u.supervisorPostId)) {
      const deputy = postById.get(u.supervisorPostId)!
      steps.push({ role: 'deputy', postId: deputy.id, postName: deputy.name })
      break
    }
  }
  steps.push({ role: 'principal', postId: principal.id, postName: principal.name })
  // one signature per person: keep each post's last step
  const chain = steps.filter((s, i) => !steps.slice(i + 1).some((later) => later.postId === s.postId))
  return { ok: true, chain }
}

export interface DutyItemContent {
  text: string
  category: string
  legalBasis: string | null
  /** 考核标准 (第二十二条) and its weight: optional, approved with the list */
  criterion?: string | null
  weight?: number | null
}

/** The exact content a confirmation or a signature refers to, as one canonical string. */
export function canonicalContent(list: { postName: string; version: number; title: string; items: DutyItemContent[] }): string {
  return JSON.stringify({
    post: list.postName,
    version: list.version,
    title: list.title,
    items: list.items.map((i) => [i.text, i.category, i.legalBasis ?? '']),
    // 考核标准 are part of what is approved; a list without any hashes as it always did
    ...(list.items.some((i) => i.criterion) ? { criteria: list.items.map((i) => [i.criterion ?? '', i.weight ?? null]) } : {}),
  })
}

export type DiffOp =
  { type: 'same' | 'added' | 'removed'; item: DutyItemContent } | { type: 'changed'; item: DutyItemContent; before: DutyItemContent }

/** Item-level diff (longest common subsequence on the duty text); category or basis edits show as changed. */
export function diffItems(before: DutyItemContent[], after: DutyItemContent[]): DiffOp[] {
  const n = before.length
  const m = after.length
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0))
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      lcs[i]![j] = before[i]!.text === after[j]!.text ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!)
  const ops: DiffOp[] = []
  let i = 0
  let j = 0
  while (i < n || j < m) {
    if (i < n && j < m && before[i]!.text === after[j]!.text) {
      const b = before[i]!
      const a = after[j]!
      ops.push(
        b.category === a.category &&
          (b.legalBasis ?? '') === (a.legalBasis ?? '') &&
          (b.criterion ?? '') === (a.criterion ?? '') &&
          (b.weight ?? null) === (a.weight ?? null)
          ? { type: 'same', item: a }
          : { type: 'changed', item: a, before: b },
      )
      i++
      j++
    } else if (j < m && (i >= n || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) {
      ops.push({ type: 'added', item: after[j]! })
      j++
    } else {
      ops.push({ type: 'removed', item: before[i]! })
      i++
    }
  }
  return ops
}

export type ListState =
  { kind: 'none' } | { kind: 'draft'; version: number } | { kind: 'submitted'; version: number } | { kind: 'published'; version: number }

/** 无清单 / 草稿 / 审批中 / 已发布 vN, as the posts table shows it. */
export function listStateLabel(published: number | null, open: { version: number; status: 'draft' | 'submitted' } | null): string {
  const parts: string[] = []
  if (published !== null) parts.push(`已发布 v${published}`)
  if (open) parts.push(open.status === 'draft' ? (published !== null ? `修订草稿 v${open.version}` : '草稿') : `审批中 v${open.version}`)
  return parts.length ? parts.join(' · ') : '无清单'
}
