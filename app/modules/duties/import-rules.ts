import { cleanCode, cleanText, parseYesNo } from '../excel/cells'
import type { ImportProblem } from '../org/roster-rules'
import { resolveUnit } from '../org/roster-rules'
import { matchKey } from '../../utils/form'
import { DUTY_CATEGORIES, type DutyItemContent } from './rules'

// Pure validation of a posts-and-duty-lists import: one row per duty item; the rows of one
// 部门 + 岗位 make that post's list. A new post is created with its first draft; an existing post
// gets a new draft version. Same export columns, so an exported file can be edited and re-imported.

export const POST_IMPORT_COLUMNS = [
  { key: 'unit', headers: ['部门', '所在部门', '部门/车间', '单位'], required: true, label: '部门' },
  { key: 'post', headers: ['岗位', '岗位名称'], required: true, label: '岗位' },
  { key: 'tier', headers: ['责任层级', '层级', '岗位层级'], required: false, label: '责任层级' },
  { key: 'isSafetyManager', headers: ['安全管理人员'], required: false, label: '安全管理人员' },
  { key: 'isUnitHead', headers: ['部门负责人'], required: false, label: '部门负责人' },
  { key: 'inChargeOfSafety', headers: ['分管安全'], required: false, label: '分管安全' },
  { key: 'text', headers: ['职责内容', '安全生产职责', '职责', '责任内容'], required: true, label: '职责内容' },
  { key: 'category', headers: ['职责类别', '类别'], required: false, label: '职责类别' },
  { key: 'legalBasis', headers: ['法律依据', '依据'], required: false, label: '法律依据' },
] as const

type Key = (typeof POST_IMPORT_COLUMNS)[number]['key']
const LABEL = Object.fromEntries(POST_IMPORT_COLUMNS.map((c) => [c.key, c.label])) as Record<Key, string>

const TIER_DIGITS: Record<string, number> = { '1': 1, '2': 2, '3': 3, '4': 4, '5': 5, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5 }

const TIER_WORDS: [RegExp, number][] = [
  [/主要负责人/, 1],
  [/其他负责人|分管/, 2],
  [/职能部门/, 3],
  [/生产单元|车间|班组/, 4],
  [/从业人员|员工|操作/, 5],
]

export function parseTier(value: unknown): number | null {
  const text = cleanCode(value)
  if (!text) return null
  const digit = /^第?\s*([1-5一二三四五])\s*级?/.exec(text)
  if (digit) return TIER_DIGITS[digit[1]!] ?? null
  return TIER_WORDS.find(([re]) => re.test(text))?.[1] ?? null
}

export interface PostImportGroup {
  row: number
  unitId: string
  unitLabel: string
  postName: string
  /** the existing post, or null to create one */
  postId: string | null
  tier: number
  isSafetyManager: boolean
  isUnitHead: boolean
  inChargeOfSafety: boolean
  items: DutyItemContent[]
}

export interface PostImportContext {
  units: { id: string; name: string; path: string; isRoot: boolean }[]
  /** existing posts by unit id → matchKey(name) */
  posts: Map<string, Map<string, { id: string; name: string; tier: number; hasOpenVersion: boolean }>>
}

export function validatePostImport(
  rows: { rowNumber: number; cells: Record<string, unknown> }[],
  ctx: PostImportContext,
): { groups: PostImportGroup[]; problems: ImportProblem[] } {
  const problems: ImportProblem[] = []
  const groups = new Map<string, PostImportGroup>()
  for (const { rowNumber: row, cells } of rows) {
    const bad = (key: Key, message: string) => problems.push({ row, column: LABEL[key], message })
    const unitText = cleanText(cells.unit)
    const postName = cleanText(cells.post)
    if (!unitText) bad('unit', '部门不能为空')
    if (!postName) bad('post', '岗位不能为空')
    else if (postName.length > 50) bad('post', '岗位名称不能超过50个字')
    const unit = unitText ? resolveUnit(unitText, ctx.units) : null
    if (unit && 'error' in unit) bad('unit', unit.error)

    const text = cleanText(cells.text)
    if (!text) bad('text', '职责内容不能为空')
    else if (text.length < 4) bad('text', '职责内容至少4个字')
    else if (text.length > 300) bad('text', '职责内容不能超过300字')
    const categoryText = cleanText(cells.category)
    const category = categoryText || '岗位操作'
    if (!(DUTY_CATEGORIES as readonly string[]).includes(category))
      bad('category', `职责类别「${categoryText}」无法识别，应为：${DUTY_CATEGORIES.join('、')}`)
    const legalBasis = cleanText(cells.legalBasis) || null
    if (legalBasis && legalBasis.length > 200) bad('legalBasis', '法律依据不能超过200字')

    const tierText = cleanText(cells.tier)
    const tier = parseTier(cells.tier)
    if (tierText && !tier) bad('tier', `责任层级「${tierText}」无法识别，应为 1–5 或“第5级”`)
    const flags = {
      isSafetyManager: cells.isSafetyManager,
      isUnitHead: cells.isUnitHead,
      inChargeOfSafety: cells.inChargeOfSafety,
    } as const
    const flagValues: Record<keyof typeof flags, boolean | null> = { isSafetyManager: null, isUnitHead: null, inChargeOfSafety: null }
    for (const key of Object.keys(flags) as (keyof typeof flags)[]) {
      const raw = cleanText(flags[key])
      flagValues[key] = parseYesNo(flags[key])
      if (raw && flagValues[key] === null) bad(key, `「${raw}」应填“是”或“否”`)
    }

    if (!unit || 'error' in unit || !postName) continue
    const groupKey = `${unit.id}|${matchKey(postName)}`
    let group = groups.get(groupKey)
    if (!group) {
      const existing = ctx.posts.get(unit.id)?.get(matchKey(postName)) ?? null
      if (existing?.hasOpenVersion) bad('post', `岗位「${existing.name}」已有草稿或审批中的清单版本，请先处理后再导入`)
      if (!existing && !tier) bad('tier', `新岗位「${postName}」需要填写责任层级（1–5）`)
      if (existing && tier && tier !== existing.tier)
        bad('tier', `岗位「${existing.name}」现为第${existing.tier}级，与文件中的第${tier}级不一致`)
      group = {
        row,
        unitId: unit.id,
        unitLabel: unit.label,
        postName: existing?.name ?? postName,
        postId: existing?.id ?? null,
        tier: existing?.tier ?? tier ?? 5,
        isSafetyManager: flagValues.isSafetyManager ?? false,
        isUnitHead: flagValues.isUnitHead ?? false,
        inChargeOfSafety: flagValues.inChargeOfSafety ?? false,
        items: [],
      }
      if (group.inChargeOfSafety && group.tier !== 2) bad('inChargeOfSafety', '“分管安全”只适用于第2级其他负责人')
      groups.set(groupKey, group)
    } else if (tier && tier !== group.tier) {
      bad('tier', `同一岗位的责任层级与第 ${group.row} 行不一致`)
    }
    if (text && group.items.length >= 200) bad('text', '一份清单最多200条职责')
    if (text) group.items.push({ text, category, legalBasis })
  }
  return { groups: [...groups.values()], problems }
}
