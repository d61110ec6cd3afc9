import { useState } from 'react'

// The cascading region picker of GB/T 2260 (省 → 市 → 县区) and GB/T 10114 (乡镇/街道): one select per
// level below the root, each offering the children of the level above. It submits one field, the
// deepest region chosen ('' for the whole root), so the form's GET keeps the one `region` parameter.

export interface PickerRegion {
  code: string
  name: string
  level: number
  parentCode: string | null
}

const LEVEL_LABELS: Record<number, string> = { 2: '市', 3: '县（市、区）', 4: '乡镇（街道）' }

/** The chain from the root's child down to `code` (empty when `code` is not under the root). */
function chainOf(regions: PickerRegion[], rootCode: string, code: string): string[] {
  const byCode = new Map(regions.map((r) => [r.code, r]))
  const chain: string[] = []
  for (let r = byCode.get(code); r && r.code !== rootCode; r = r.parentCode ? byCode.get(r.parentCode) : undefined) chain.unshift(r.code)
  return byCode.get(chain[0] ?? '')?.parentCode === rootCode ? chain : []
}

export function RegionPicker({
  root,
  regions,
  value,
  name = 'region',
}: {
  root: { code: string; name: string; level: number }
  /** every region under the root */
  regions: PickerRegion[]
  value: string
  name?: string
}) {
  const [chain, setChain] = useState(() => chainOf(regions, root.code, value))
  const levels: { level: number; parent: string; options: PickerRegion[] }[] = []
  for (let level = root.level + 1, parent = root.code; level <= 4; level++) {
    const options = regions.filter((r) => r.parentCode === parent)
    if (!options.length) break
    levels.push({ level, parent, options })
    const chosen = chain[level - root.level - 1]
    if (!chosen) break
    parent = chosen
  }
  const choose = (depth: number, code: string) => setChain([...chain.slice(0, depth), ...(code ? [code] : [])])
  if (!levels.length) return null
  return (
    <fieldset className="field region-picker">
      <legend>地区（{root.name}）</legend>
      <input type="hidden" name={name} value={chain[chain.length - 1] ?? ''} />
      <div className="region-picker-levels">
        {levels.map((l, depth) => (
          <select
            key={`${l.level}-${l.parent}`}
            aria-label={LEVEL_LABELS[l.level] ?? '地区'}
            value={chain[depth] ?? ''}
            onChange={(e) => choose(depth, e.currentTarget.value)}
          >
            <option value="">{depth === 0 ? `全部${LEVEL_LABELS[l.level] ?? '地区'}` : `全部${LEVEL_LABELS[l.level] ?? ''}`}</option>
            {l.options.map((r) => (
              <option key={r.code} value={r.code}>
                {r.name}
              </option>
            ))}
          </select>
        ))}
      </div>
    </fieldset>
  )
}
