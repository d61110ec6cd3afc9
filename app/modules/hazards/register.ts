import {
  CONTROL_LEVELS,
  CONTROL_MEASURE_KINDS,
  RISK_LEVELS,
  RISK_POINT_KINDS,
  type ControlLevel,
  type ControlMeasureKind,
  type RiskLevel,
} from '../../../seeds/dual-prevention'
import { cleanCode, cleanText } from '../excel/cells'
import { matchKey } from '../../utils/form'
import { assessRisk, controlLevelProblem, type Scores } from './rules'

// The 风险分级管控清单 as a sheet: one set of columns for the export, the import template and the
// import (what is exported can be edited and imported again), and the pure check of one imported row.
// Unit-tested in tests/unit/register-rules.test.ts.

export interface RegisterColumn {
  key: string
  header: string
  width: number
  /** the import refuses a file without it */
  required: boolean
  /** the template's note on the header cell */
  note?: string
}

const MEASURE_COLUMNS: RegisterColumn[] = CONTROL_MEASURE_KINDS.map((k) => ({
  key: `measure_${k.code}`,
  header: k.name,
  width: 30,
  required: false,
  note: '五类管控措施至少填写一类',
}))

/** The register's columns, in order: the export's, the template's and the import's. */
export const REGISTER_COLUMNS: readonly RegisterColumn[] = [
  { key: 'unit', header: '所属单元', width: 16, required: true, note: '须与组织机构中的单元名称一致' },
  { key: 'point', header: '风险点', width: 16, required: true },
  { key: 'pointKind', header: '风险点类型', width: 10, required: true, note: RISK_POINT_KINDS.join(' / ') },
  { key: 'location', header: '位置', width: 14, required: false },
  { key: 'source', header: '危险源', width: 28, required: true, note: '危险有害因素；同一风险点下不重复' },
  { key: 'accidents', header: '可能导致的事故类型', width: 16, required: true },
  { key: 'method', header: '评价方法', width: 10, required: true, note: 'LEC（D = L × E × C）或 LS（风险矩阵，R = L × S）' },
  { key: 'l', header: 'L', width: 6, required: true, note: 'LEC：0.1～10 的表值；LS：1～5' },
  { key: 'e', header: 'E', width: 6, required: false, note: 'LEC 填写：0.5～10 的表值；LS 留空' },
  { key: 'c', header: 'C', width: 6, required: false, note: 'LEC 填写：1～100 的表值；LS 留空' },
  { key: 's', header: 'S', width: 6, required: false, note: 'LS 填写：1～5；LEC 留空' },
  { key: 'score', header: '风险值', width: 8, required: false, note: '由 L、E、C（或 L、S）计算；可留空，填写时须与计算结果一致' },
  { key: 'level', header: '风险等级', width: 10, required: false, note: '由风险值确定；可留空，填写时须与计算结果一致' },
  { key: 'controlLevel', header: '管控层级', width: 12, required: true, note: CONTROL_LEVELS.map((c) => c.name).join(' / ') },
  { key: 'post', header: '责任岗位', width: 16, required: true, note: '须与岗位名称一致' },
  ...MEASURE_COLUMNS,
]

/** The import reader's view of the columns: each header also read without its parenthesis (headerKey). */
export const REGISTER_IMPORT_COLUMNS = REGISTER_COLUMNS.map((c) => ({
  key: c.key,
  headers: [
    c.header.replace(/[（(][^）)]*[）)]/g, ''),
    ...(c.key === 'unit' ? ['单元'] : []),
    ...(c.key === 'source' ? ['危险有害因素'] : []),
  ],
  required: c.required,
  label: c.header,
}))

/** One risk as the sheet has it. */
export interface RegisterRow {
  row: number
  unit: string
  point: string
  pointKind: (typeof RISK_POINT_KINDS)[number]
  location: string
  source: string
  accidents: string
  scores: Scores
  score: number
  level: RiskLevel
  controlLevel: ControlLevel
  post: string
  measures: { kind: ControlMeasureKind; content: string }[]
}

export interface RowProblem {
  row: number
  column: string
  message: string
}

/**
 * A score cell: a number as Excel stores it (0.1 may come back as 0.1000000000000000055, a product
 * from a formula as 539.9999999999999: rounded to three decimals, which no table value needs more
 * than), or text with half- or full-width digits. Null when blank, NaN when it is no number.
 */
export function scoreCell(value: unknown): number | null {
  if (value === null || value === undefined) return null
  if (typeof value === 'number') return Number.isFinite(value) ? Math.round(value * 1000) / 1000 : NaN
  const text = cleanCode(value)
  if (!text) return null
  return /^\d{1,3}(\.\d{1,3})?$/.test(text) ? Number(text) : NaN
}

function methodOf(value: unknown): 'LEC' | 'LS' | null {
  const text = cleanCode(value).toUpperCase().replace(/\s+/g, '')
  if (text === 'LEC' || text.startsWith('LEC') || text.includes('作业条件危险性')) return 'LEC'
  if (text === 'LS' || text.startsWith('LS') || text.includes('风险矩阵')) return 'LS'
  return null
}

function controlLevelOf(value: unknown): ControlLevel | null {
  const key = matchKey(cleanText(value))
  if (!key) return null
  const found = CONTROL_LEVELS.find((c) => matchKey(c.name) === key || matchKey(c.name).replace(/（[^）]*）/g, '') === key)
  if (found) return found.code
  if (key === '厂级' || key === '公司（厂）级') return 'company'
  if (key === '部门级') return 'workshop'
  return null
}

/** 重大风险, 重大, 红, 重大风险（红） all name the same level. */
function levelOf(value: unknown): RiskLevel | null {
  const key = matchKey(cleanText(value))
  if (!key) return null
  for (const l of RISK_LEVELS) {
    const short = l.name.replace('风险', '')
    if ([l.name, short, l.colour, `${l.name}（${l.colour}）`, `${short}（${l.colour}）`].includes(key)) return l.level
  }
  return null
}

/**
 * Checks one row of an imported register against the rules of the form (scores from the method's
 * tables, the level computed — a stated level or score that disagrees is refused, never believed —,
 * the 管控层级 at least the level's minimum, at least one measure). Returns its problems, by column,
 * in Chinese, or the row as the register will hold it. Names (unit, post) are checked by the caller
 * against the database.
 */
export function checkRegisterRow(
  row: number,
  cells: Record<string, unknown>,
): { ok: true; value: RegisterRow } | { ok: false; problems: RowProblem[] } {
  const problems: RowProblem[] = []
  const col = (key: string) => REGISTER_COLUMNS.find((c) => c.key === key)!.header
  const problem = (key: string, message: string) => problems.push({ row, column: col(key), message })
  const text = (key: string, max: number, label = col(key)) => {
    const v = cleanText(cells[key])
    if (v.length > max) problem(key, `${label}不能超过${max}字`)
    return v
  }
  const unit = text('unit', 60)
  const point = text('point', 60)
  const location = text('location', 100)
  const source = text('source', 200)
  const accidents = text('accidents', 100)
  const post = text('post', 60)
  if (!unit) problem('unit', '所属单元不能为空')
  if (!point) problem('point', '风险点不能为空')
  if (!source) problem('source', '危险源不能为空')
  if (!accidents) problem('accidents', '可能导致的事故类型不能为空')
  if (!post) problem('post', '责任岗位不能为空')
  const kindText = cleanText(cells.pointKind)
  const pointKind = RISK_POINT_KINDS.find((k) => k === kindText)
  if (!pointKind) problem('pointKind', kindText ? `风险点类型“${kindText}”应为 ${RISK_POINT_KINDS.join('、')} 之一` : '风险点类型不能为空')

  const method = methodOf(cells.method)
  let scores: Scores | null = null
  if (!method) problem('method', cleanText(cells.method) ? `评价方法“${cleanText(cells.method)}”应为 LEC 或 LS` : '评价方法不能为空')
  else {
    const n = (key: 'l' | 'e' | 'c' | 's') => {
      const v = scoreCell(cells[key])
      if (Number.isNaN(v)) problem(key, `${key.toUpperCase()} 须为数字，现为“${cleanText(cells[key])}”`)
      return v
    }
    const [l, e, c, s] = [n('l'), n('e'), n('c'), n('s')]
    const need = method === 'LEC' ? (['l', 'e', 'c'] as const) : (['l', 's'] as const)
    const spare = method === 'LEC' ? (['s'] as const) : (['e', 'c'] as const)
    const values = { l, e, c, s }
    for (const k of need) if (values[k] === null) problem(k, `${method} 法须填写 ${k.toUpperCase()}`)
    for (const k of spare) if (values[k] !== null && !Number.isNaN(values[k])) problem(k, `${method} 法不填写 ${k.toUpperCase()}，请留空`)
    const usable = (v: number | null): v is number => v !== null && !Number.isNaN(v)
    if (method === 'LEC' && usable(l) && usable(e) && usable(c)) scores = { method, l, e, c }
    if (method === 'LS' && usable(l) && usable(s)) scores = { method, l, s }
  }
  let assessed: { score: number; level: RiskLevel } | null = null
  // the needed scores are numbers (a stray value in the other method's column is its own problem)
  if (scores) {
    const a = assessRisk(scores)
    if (!a.ok) problem(a.field.slice(-1).toLowerCase(), a.message)
    else assessed = a
  }
  if (assessed) {
    const statedScore = scoreCell(cells.score)
    if (Number.isNaN(statedScore)) problem('score', `风险值须为数字，现为“${cleanText(cells.score)}”`)
    else if (statedScore !== null && Math.abs(statedScore - assessed.score) > 0.01)
      problem('score', `风险值 ${statedScore} 与评价结果不符（按 L、${method === 'LEC' ? 'E、C' : 'S'} 计算为 ${assessed.score}）`)
    const statedLevelText = cleanText(cells.level)
    const statedLevel = levelOf(cells.level)
    const computed = RISK_LEVELS.find((l) => l.level === assessed!.level)!
    if (statedLevelText && !statedLevel)
      problem('level', `风险等级“${statedLevelText}”应为 重大、较大、一般、低 之一（或留空，由评价结果确定）`)
    else if (statedLevel && statedLevel !== assessed.level)
      problem('level', `风险等级“${statedLevelText}”与评价结果不符（风险值 ${assessed.score}，应为${computed.name}）`)
  }
  const controlText = cleanText(cells.controlLevel)
  const controlLevel = controlLevelOf(cells.controlLevel)
  if (!controlLevel)
    problem(
      'controlLevel',
      controlText ? `管控层级“${controlText}”应为 ${CONTROL_LEVELS.map((c) => c.name).join('、')} 之一` : '管控层级不能为空',
    )
  else if (assessed) {
    const low = controlLevelProblem(assessed.level, controlLevel)
    if (low) problem('controlLevel', low)
  }
  const measures = CONTROL_MEASURE_KINDS.map((k) => ({ kind: k.code, content: text(`measure_${k.code}`, 500) })).filter((m) => m.content)
  if (!measures.length) problem('measure_engineering', '五类管控措施至少填写一类')

  if (problems.length || !pointKind || !scores || !assessed || !controlLevel) return { ok: false, problems }
  return {
    ok: true,
    value: {
      row,
      unit,
      point,
      pointKind,
      location,
      source,
      accidents,
      scores,
      score: assessed.score,
      level: assessed.level,
      controlLevel,
      post,
      measures,
    },
  }
}
