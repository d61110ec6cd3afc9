import { RISK_LEVELS, type RiskLevel } from '../../../seeds/dual-prevention'

// 风险四色图 as a generated drawing: one block per unit, coloured by the highest risk of its risk
// points (红 重大 · 橙 较大 · 黄 一般 · 蓝 低; grey where none is identified yet), laid out in rows
// grouped by the parent unit (a workshop's teams side by side). No floor plan: a legible grid the
// page draws as SVG and prints. Pure; tested in tests/unit/register-rules.test.ts.

export interface MapUnit {
  id: string
  name: string
  parentName: string | null
  points: string[]
  levels: RiskLevel[]
}

export interface MapBlock {
  id: string
  x: number
  y: number
  width: number
  height: number
  fill: string
  ink: string
  /** the unit's name, shortened to fit */
  title: string
  /** 上级：合成车间 */
  parent: string | null
  /** 重大1 较大0 一般2 低1, or 未辨识风险点 */
  counts: string
  /** the risk points, shortened to fit */
  points: string
  top: RiskLevel | null
  /** the full text for a screen reader and the tooltip */
  label: string
}

const RANK: Record<RiskLevel, number> = { major: 0, serious: 1, general: 2, low: 3 }
export const NONE_FILL = '#d9d9d9'

/** The highest level among a unit's risks, or null when it has none. */
export function highestLevel(levels: readonly RiskLevel[]): RiskLevel | null {
  let top: RiskLevel | null = null
  for (const l of levels) if (top === null || RANK[l] < RANK[top]) top = l
  return top
}

/** Text that fits `width` px at `size` px: a CJK character is about one em, a Latin one about half. */
export function fitText(text: string, width: number, size: number): string {
  const w = (ch: string) => (ch.charCodeAt(0) < 0x100 ? 0.55 : 1) * size
  let used = 0
  let out = ''
  for (const ch of text) {
    if (used + w(ch) > width) {
      // room for the ellipsis
      while (out && used + size > width) {
        const last = out.slice(-1)
        out = out.slice(0, -1)
        used -= w(last)
      }
      return `${out}…`
    }
    used += w(ch)
    out += ch
  }
  return out
}

export const MAP_PADDING = 12
export const BLOCK_HEIGHT = 104
export const GAP = 10

/**
 * Places the units on a canvas `width` px wide, `columns` blocks to a row, units of the same parent
 * together (in the order given), and returns the blocks, the canvas height and the counts per level
 * for the legend (units by their highest level, and risks by level).
 */
export function riskMapLayout(units: readonly MapUnit[], width = 960, columns = 4) {
  const inner = width - 2 * MAP_PADDING
  const blockWidth = Math.floor((inner - (columns - 1) * GAP) / columns)
  // group by parent, keeping the first appearance's order
  const groups = new Map<string, MapUnit[]>()
  for (const u of units) groups.set(u.parentName ?? '', [...(groups.get(u.parentName ?? '') ?? []), u])
  const ordered = [...groups.values()].flat()
  const blocks: MapBlock[] = ordered.map((u, i) => {
    const top = highestLevel(u.levels)
    const info = top ? RISK_LEVELS.find((l) => l.level === top)! : null
    const perLevel = RISK_LEVELS.map((l) => `${l.name.replace('风险', '')}${u.levels.filter((x) => x === l.level).length}`).join(' ')
    const counts = u.levels.length ? perLevel : '未辨识风险点'
    const textWidth = blockWidth - 16
    return {
      id: u.id,
      x: MAP_PADDING + (i % columns) * (blockWidth + GAP),
      y: MAP_PADDING + Math.floor(i / columns) * (BLOCK_HEIGHT + GAP),
      width: blockWidth,
      height: BLOCK_HEIGHT,
      fill: info?.hex ?? NONE_FILL,
      ink: !info || info.colour === '黄' ? '#262626' : '#ffffff',
      title: fitText(u.name, textWidth, 16),
      parent: u.parentName ? fitText(`上级：${u.parentName}`, textWidth, 12) : null,
      counts: fitText(counts, textWidth, 12),
      points: fitText(u.points.length ? u.points.join('、') : '—', textWidth, 12),
      top,
      label: `${u.name}：${info ? `最高${info.name}（${info.colour}）` : '未辨识风险点'}；${counts}${u.points.length ? `；风险点 ${u.points.join('、')}` : ''}`,
    }
  })
  const rows = Math.max(1, Math.ceil(blocks.length / columns))
  const height = 2 * MAP_PADDING + rows * BLOCK_HEIGHT + (rows - 1) * GAP
  const unitCounts = { major: 0, serious: 0, general: 0, low: 0, none: 0 }
  const riskCounts = { major: 0, serious: 0, general: 0, low: 0 }
  for (const u of units) {
    unitCounts[highestLevel(u.levels) ?? 'none']++
    for (const l of u.levels) riskCounts[l]++
  }
  return { width, height, blocks, unitCounts, riskCounts }
}
