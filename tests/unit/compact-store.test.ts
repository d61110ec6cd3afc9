import { describe, expect, it } from 'vitest'
import { KeyRows, SharedStrings } from '../../app/modules/excel/compact-store'

// The import's compact stores must answer exactly as the array and Map they replace.

describe('SharedStrings', () => {
  it('gives back every value exceljs cached, at its index, through many growths', () => {
    const values: unknown[] = []
    for (let i = 0; i < 50_000; i++) {
      if (i % 997 === 0) values.push({ richText: [{ text: `富${i}` }, { text: '文本' }] })
      else if (i % 1009 === 0) values.push(null)
      else if (i % 13 === 0) values.push('')
      else values.push(i % 2 ? `职工${i}` : `C${String(i).padStart(6, '0')}`)
    }
    // text no UTF-8 buffer would keep: a lone surrogate, an emoji, a NUL, a long cell
    values.push('\ud800孤', '👷‍♂️ 安全员', 'a\u0000b', '长'.repeat(40_000))
    const store = SharedStrings.of(values)
    expect(store.size).toBe(values.length)
    for (let i = 0; i < values.length; i++) expect(store.get(i)).toEqual(values[i])
    expect(store.get(values.length)).toBeUndefined()
    expect(store.get(-1)).toBeUndefined()
    expect(store.get(1.5)).toBeUndefined()
    expect(store.get(NaN)).toBeUndefined()
  })
})

describe('KeyRows', () => {
  it('answers has, get and set as a Map<string, number> does, through growth and hash collisions', () => {
    const rows = new KeyRows()
    const map = new Map<string, number>()
    const keys: string[] = []
    for (let i = 0; i < 60_000; i++) keys.push(i % 3 ? `B${String(i).padStart(6, '0')}` : String(15000000000 + i))
    keys.push('', '身份证', '\ud800', 'x'.repeat(5000))
    let seed = 7
    const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff
    for (let step = 0; step < 150_000; step++) {
      const key = keys[Math.floor(random() * keys.length)]!
      if (random() < 0.5) {
        expect(rows.has(key)).toBe(map.has(key))
        expect(rows.get(key)).toBe(map.get(key))
      } else {
        rows.set(key, step)
        map.set(key, step)
      }
    }
    expect(rows.size).toBe(map.size)
    for (const key of keys) expect(rows.get(key)).toBe(map.get(key))
    expect(rows.has('B0000001')).toBe(false) // a prefix of a key is not the key
  })

  it('keeps two texts apart when their hashes are the same', () => {
    // find two short texts with the same 32-bit hash by brute force over the table's own hashing:
    // the table is forced to probe, and must compare the texts themselves
    const rows = new KeyRows()
    const seen = new Map<number, string>()
    let pair: [string, string] | null = null
    const fnv = (text: string) => {
      let h = 0x811c9dc5
      for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
      return h | 0
    }
    for (let i = 0; !pair && i < 2_000_000; i++) {
      const text = `k${i.toString(36)}`
      const h = fnv(text)
      const other = seen.get(h)
      if (other) pair = [other, text]
      else seen.set(h, text)
    }
    expect(pair).not.toBeNull()
    const [a, b] = pair!
    rows.set(a, 1)
    expect(rows.has(b)).toBe(false)
    rows.set(b, 2)
    expect(rows.get(a)).toBe(1)
    expect(rows.get(b)).toBe(2)
    expect(rows.size).toBe(2)
  })
})
