import { PHONE_RE } from '../auth/rules'
import { cleanCode, cleanPhone, cleanText, dateCell } from '../excel/cells'
import { KeyRows } from '../excel/compact-store'
import { matchKey } from '../../utils/form'
import { idCardProblem, maskIdCard } from './rules'

// Pure validation of an imported roster (花名册): every bad cell is reported with its row number,
// column and a Chinese reason; duplicates within the file and against the enterprise are caught.

export const ROSTER_COLUMNS = [
  { key: 'name', headers: ['姓名', '员工姓名', '职工姓名'], required: true, label: '姓名' },
  { key: 'employeeNo', headers: ['工号', '员工编号', '职工编号', '编号'], required: true, label: '工号', textOnly: true },
  {
    key: 'phone',
    headers: ['手机号', '手机号码', '手机', '联系电话', '电话', '联系方式', '移动电话'],
    required: true,
    label: '手机号',
    textOnly: true,
  },
  {
    key: 'unit',
    headers: ['部门', '所在部门', '所属部门', '部门/车间', '部门名称', '车间', '班组', '单位'],
    required: true,
    label: '部门',
  },
  { key: 'posts', headers: ['岗位', '岗位名称', '所在岗位', '工种'], required: true, label: '岗位' },
  { key: 'employmentType', headers: ['用工形式', '用工类型', '人员类别', '用工性质'], required: false, label: '用工形式' },
  { key: 'hiredOn', headers: ['入职日期', '入职时间', '进厂日期'], required: false, label: '入职日期' },
  { key: 'startOn', headers: ['任职日期', '任职时间', '上岗日期', '到岗日期'], required: false, label: '任职日期' },
  { key: 'idCard', headers: ['身份证号', '身份证号码', '身份证'], required: false, label: '身份证号', textOnly: true },
] as const

export type RosterKey = (typeof ROSTER_COLUMNS)[number]['key']
const LABEL = Object.fromEntries(ROSTER_COLUMNS.map((c) => [c.key, c.label])) as Record<RosterKey, string>

export type { ImportProblem } from '../excel/batches.server'
import type { ImportProblem } from '../excel/batches.server'

export interface RosterRow {
  row: number
  name: string
  employeeNo: string
  phone: string
  unitId: string
  unitLabel: string
  postIds: string[]
  postNames: string[]
  employmentType: '正式' | '劳务派遣' | '实习' | '外包'
  hiredOn: string
  startOn: string
  idCard: string | null
}

export interface RosterContext {
  units: { id: string; name: string; path: string; isRoot: boolean }[]
  /** unit id → matchKey(post name) → post id */
  posts: Map<string, Map<string, string>>
  existingEmployeeNos: Set<string>
  existingPhones: Set<string>
  /** 身份证号 on the roster → the 工号 of the employee holding it (a large import fills it per chunk) */
  existingIdCards?: Map<string, string>
  /**
   * The roster as it stands, by 工号: a row that says exactly this (as the roster export writes it) is
   * left unchanged, so an exported roster imports back without errors and without writing anything.
   */
  existing?: Map<string, ExistingEmployee>
  today: string
}

export interface ExistingEmployee {
  name: string
  phone: string
  employmentType: RosterRow['employmentType']
  hiredOn: string
  /** the posts held today, and the earliest day they were taken (任职日期 of the export) */
  postIds: string[]
  startOn: string | null
  idCard: string | null
}

const EMPLOYMENT: Record<string, RosterRow['employmentType']> = {
  正式: '正式',
  正式工: '正式',
  合同制: '正式',
  合同工: '正式',
  在编: '正式',
  劳务派遣: '劳务派遣',
  派遣: '劳务派遣',
  劳务: '劳务派遣',
  实习: '实习',
  实习生: '实习',
  外包: '外包',
  承包商: '外包',
  外协: '外包',
}

/** 部门 as a name (加氢一班) or a path (合成车间/加氢工段/加氢一班). */
export function resolveUnit(value: string, units: RosterContext['units']): { id: string; label: string } | { error: string } {
  // a path may start with the company itself (晋中市华晟化工有限公司/合成车间): that first segment is the root
  let wanted = matchKey(value.replace(/[／\\>＞]/g, '/'))
  const root = units.find((u) => u.isRoot)
  if (root && wanted.startsWith(`${matchKey(root.name)}/`)) wanted = wanted.slice(matchKey(root.name).length + 1)
  const byPath = units.filter((u) => matchKey(u.path) === wanted || matchKey(u.path).endsWith(`/${wanted}`))
  if (byPath.length === 1) return { id: byPath[0]!.id, label: byPath[0]!.path }
  const byName = units.filter((u) => matchKey(u.name) === wanted)
  if (byName.length === 1) return { id: byName[0]!.id, label: byName[0]!.path }
  if (byName.length > 1 || byPath.length > 1) {
    return { error: `部门「${value}」有重名，请写完整路径，如：${(byName[0] ?? byPath[0])!.path}` }
  }
  return { error: `本企业没有名为「${value}」的部门，请先在组织机构中建立，或检查名称` }
}

/** What the rows read so far claimed (工号, 手机号, 身份证号 → the row), for a file validated a chunk at a time. */
export interface RosterSeen {
  /** 工号, 手机号 and 身份证号 by the row that first had them: held outside the heap (a file may have 100,000 rows) */
  nos: KeyRows
  phones: KeyRows
  idCards: KeyRows
  /** 部门 and 岗位 texts already resolved: a roster repeats a few units thousands of times */
  units: Map<string, ReturnType<typeof resolveUnit>>
}

export const newRosterSeen = (): RosterSeen => ({ nos: new KeyRows(), phones: new KeyRows(), idCards: new KeyRows(), units: new Map() })

export function validateRoster(
  rows: { rowNumber: number; cells: Record<string, unknown> }[],
  ctx: RosterContext,
  seen: RosterSeen = newRosterSeen(),
): { valid: RosterRow[]; problems: ImportProblem[]; unchanged: number } {
  const problems: ImportProblem[] = []
  let unchanged = 0
  const valid: RosterRow[] = []
  const { nos: seenNos, phones: seenPhones, idCards: seenIds } = seen
  const unitOf = (text: string) => {
    let found = seen.units.get(text)
    if (!found) seen.units.set(text, (found = resolveUnit(text, ctx.units)))
    return found
  }
  for (const { rowNumber: row, cells } of rows) {
    const bad = (key: RosterKey, message: string) => problems.push({ row, column: LABEL[key], message })
    const before = problems.length

    const name = cleanText(cells.name).replace(/\s+/g, '')
    if (!name) bad('name', '姓名不能为空')
    else if (name.length > 30) bad('name', '姓名过长')

    const employeeNo = cleanCode(cells.employeeNo).replace(/\s+/g, '').toUpperCase()
    if (!employeeNo) bad('employeeNo', '工号不能为空')
    else if (!/^[A-Z0-9_-]{1,30}$/.test(employeeNo)) bad('employeeNo', '工号只能包含字母、数字、下划线和短横线')
    else if (ctx.existingEmployeeNos.has(employeeNo) && !ctx.existing?.has(employeeNo))
      bad('employeeNo', `工号 ${employeeNo} 已存在于本企业花名册`)
    else if (seenNos.has(employeeNo))
      bad('employeeNo', `工号 ${employeeNo} 与第 ${seenNos.get(employeeNo)} 行重复（一人多岗请在同一行的岗位栏用“、”分隔）`)
    else seenNos.set(employeeNo, row)
    const current = ctx.existing?.get(employeeNo)

    const phone = cleanPhone(cells.phone)
    if (!phone) bad('phone', '手机号不能为空')
    else if (!PHONE_RE.test(phone)) bad('phone', `手机号「${cleanText(cells.phone)}」不是有效的11位手机号`)
    else if (ctx.existingPhones.has(phone) && current?.phone !== phone) bad('phone', `手机号 ${phone} 已被本企业其他职工使用`)
    else if (seenPhones.has(phone)) bad('phone', `手机号 ${phone} 与第 ${seenPhones.get(phone)} 行重复`)
    else seenPhones.set(phone, row)

    const unitText = cleanText(cells.unit)
    let unit: { id: string; label: string } | null = null
    if (!unitText) bad('unit', '部门不能为空')
    else {
      const r = unitOf(unitText)
      if ('error' in r) bad('unit', r.error)
      else unit = r
    }

    const postNames = cleanText(cells.posts)
      .split(/[、，,;；/]+/)
      .map((s) => s.trim())
      .filter(Boolean)
    const postIds: string[] = []
    if (!postNames.length) bad('posts', '岗位不能为空')
    else if (unit) {
      for (const p of postNames) {
        // a post of another unit is written after its unit's path (合成车间>加氢工段>加氢工段长), as the export
        // writes it ('/' already separates posts here)
        const slash = p.replace(/＞/g, '>').lastIndexOf('>')
        const other = slash > 0 ? unitOf(p.slice(0, slash)) : null
        const [inUnit, name] = other && !('error' in other) ? [other, p.slice(slash + 1)] : [unit, p]
        const id = ctx.posts.get(inUnit.id)?.get(matchKey(name))
        if (id) postIds.push(id)
        else bad('posts', `「${inUnit.label}」下没有「${name}」岗位，请先建立岗位或导入岗位清单`)
      }
    }

    const typeText = cleanText(cells.employmentType).replace(/\s+/g, '').replace(/人员$/, '')
    const employmentType = typeText ? EMPLOYMENT[typeText] : '正式'
    if (!employmentType) bad('employmentType', `用工形式「${typeText}」无法识别，应为 正式、劳务派遣、实习 或 外包`)

    const hiredRaw = cells.hiredOn
    const startRaw = cells.startOn
    const hiredCell = dateCell(hiredRaw, '入职日期')
    const startCell = dateCell(startRaw, '任职日期')
    const hiredOn = hiredCell.day
    const startOn = startCell.day
    if (hiredCell.problem) bad('hiredOn', hiredCell.problem)
    if (startCell.problem) bad('startOn', startCell.problem)
    if (!cleanText(hiredRaw) && !cleanText(startRaw)) bad('hiredOn', '入职日期和任职日期至少填写一个')
    const hired = hiredOn ?? startOn
    const start = startOn ?? hiredOn
    if (hired && hired > ctx.today) bad('hiredOn', '入职日期不能晚于今天')
    if (hired && start && start < hired) bad('startOn', '任职日期不能早于入职日期')

    const idText = cleanCode(cells.idCard).replace(/\s+/g, '').toUpperCase()
    // the export masks 身份证号 (first 6 and last 4): a masked number only stands for the one on record
    const masked = idText.includes('*')
    if (masked && !current) bad('idCard', '身份证号为脱敏显示（含 *），请填写完整的18位号码，或留空')
    else if (idText && !masked) {
      const problem = idCardProblem(idText, { today: ctx.today, hiredOn: hired })
      const holder = ctx.existingIdCards?.get(idText)
      if (problem) bad('idCard', problem)
      // one person is one employee: a 身份证号 already on the roster belongs to that 工号 only
      else if (holder !== undefined && holder !== employeeNo)
        bad('idCard', `身份证号 ${maskIdCard(idText)} 已登记在本企业工号 ${holder} 名下`)
      else if (seenIds.has(idText)) bad('idCard', `身份证号与第 ${seenIds.get(idText)} 行重复`)
      else seenIds.set(idText, row)
    }

    if (problems.length === before && unit && employmentType && hired && start && current) {
      // an employee already on the roster: the same facts leave them as they are; anything else is refused
      const differs = [
        current.name !== name && '姓名',
        current.phone !== phone && '手机号',
        !sameSet(current.postIds, postIds) && '岗位',
        current.employmentType !== employmentType && '用工形式',
        current.hiredOn !== hired && '入职日期',
        current.startOn !== null && current.startOn !== start && '任职日期',
        (masked ? maskIdCard(current.idCard) !== idText : (current.idCard ?? '') !== idText) && '身份证号',
      ].filter(Boolean)
      if (differs.length)
        bad(
          'employeeNo',
          `工号 ${employeeNo} 已存在于本企业花名册，且${differs.join('、')}与花名册不同；导入只新增人员，修改请在该人员页面进行`,
        )
      else unchanged++
    } else if (problems.length === before && unit && employmentType && hired && start) {
      valid.push({
        row,
        name,
        employeeNo,
        phone,
        unitId: unit.id,
        unitLabel: unit.label,
        postIds,
        postNames,
        employmentType,
        hiredOn: hired,
        startOn: start,
        idCard: idText || null,
      })
    }
  }
  return { valid, problems, unchanged }
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(a)
  return set.size === new Set(b).size && b.every((x) => set.has(x))
}
