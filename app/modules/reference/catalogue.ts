import { matchKey, toHalfWidth } from '../../utils/form'

// The certificate catalogue's rules (seeds/certificate-catalogue.ts): what a picked value means, how a
// requirement and a certificate meet, and how a legacy free-text name is matched where unambiguous.
// Pure and isomorphic; unit-tested.

export interface CatalogueItem {
  code: string
  kind: string
  category: string
  item: string
  name: string
  validityYears: number | null
  reviewYears: number | null
}

/** A certificate outside the catalogue is written "其他：名称". */
export const OTHER_PREFIX = '其他：'

const OTHER_RE = /^其他\s*[:：]\s*/

export function isOther(name: string): boolean {
  return OTHER_RE.test(toHalfWidth(name))
}

/** How a requirement and a certificate are compared: "其他：" and spaces dropped, brackets made full-width. */
export function certificateKey(name: string): string {
  return matchKey(toHalfWidth(name).replace(OTHER_RE, ''))
}

export type Choice = { ok: true; item: CatalogueItem | null; name: string } | { ok: false; message: string }

export const CHOICE_MESSAGE = '请从证书目录中选择；目录中没有的，请填写“其他：证书名称”'

/** A value typed or picked in a catalogue field: a catalogue name, or "其他：" and a name of 2–60 characters. */
export function parseChoice(raw: string, catalogue: readonly CatalogueItem[]): Choice {
  const value = toHalfWidth(raw)
  if (!value) return { ok: false, message: '请选择证书' }
  if (OTHER_RE.test(value)) {
    const rest = value.replace(OTHER_RE, '').trim()
    if (rest.length < 2) return { ok: false, message: '请在“其他：”后填写证书名称' }
    if (rest.length > 60) return { ok: false, message: '证书名称不能超过60个字' }
    // a catalogue name written as "其他" is that catalogue item
    const item = catalogue.find((c) => certificateKey(c.name) === certificateKey(rest))
    return item ? { ok: true, item, name: item.name } : { ok: true, item: null, name: `${OTHER_PREFIX}${rest}` }
  }
  const item = catalogue.find((c) => certificateKey(c.name) === certificateKey(value))
  return item ? { ok: true, item, name: item.name } : { ok: false, message: CHOICE_MESSAGE }
}

/** A stored name that is neither a catalogue name nor "其他：…": written before the catalogue, to resolve. */
export function needsResolving(name: string, catalogue: readonly CatalogueItem[]): boolean {
  return !isOther(name) && !catalogue.some((c) => c.name === name)
}

// the kinds' marker words: a legacy name that carries one is matched only within that kind
const KIND_MARKERS: [string, string][] = [
  ['特种作业', '特种作业操作证'],
  ['特种设备', '特种设备作业人员证'],
  ['建筑施工特种', '建筑施工特种作业操作资格证'],
  ['从业资格', '道路运输从业资格证'],
]

/**
 * The catalogue item a legacy free-text name stands for, when exactly one fits: its exact name, or
 * the only item all of one of whose keyword sets the name contains (a more specific item wins over
 * one whose keywords are part of its own: 过氧化工艺作业 over 氧化工艺作业). Otherwise null.
 */
export function matchLegacyName(
  text: string,
  catalogue: readonly (Pick<CatalogueItem, 'code' | 'name' | 'kind'> & { keywords: string[][] })[],
): string | null {
  const key = certificateKey(text)
  if (!key) return null
  const exact = catalogue.find((c) => certificateKey(c.name) === key)
  if (exact) return exact.code
  let candidates: { code: string; kind: string; hit: string }[] = []
  for (const c of catalogue) {
    const set = c.keywords.find((words) => words.length > 0 && words.every((w) => key.includes(matchKey(w))))
    if (set) candidates.push({ code: c.code, kind: c.kind, hit: set.map(matchKey).join('|') })
  }
  const marked = KIND_MARKERS.filter(([word]) => key.includes(word)).map(([, kind]) => kind)
  if (marked.length) candidates = candidates.filter((c) => marked.includes(c.kind))
  candidates = candidates.filter((c) => !candidates.some((o) => o !== c && o.hit !== c.hit && o.hit.includes(c.hit)))
  const codes = [...new Set(candidates.map((c) => c.code))]
  return codes.length === 1 ? codes[0]! : null
}
