import { describe, expect, it } from 'vitest'
import { keyHash, KeyRows, SharedStrings } from '../../app/modules/excel/compact-store'

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

  it('keeps apart texts that land on one slot, and hands the keys to a Map when a file makes them collide', () => {
    // with a known seed, find texts whose hashes share the table's first slot bits (as an attacker who
    // knew the seed could): the table must compare them in full, then give up probing and use a Map
    const seed = 12345
    const crowd: string[] = []
    for (let i = 0; crowd.length < 200 && i < 5_000_000; i++) {
      const text = `K${i.toString(36).toUpperCase()}`
      if ((keyHash(text, seed) & 2047) === 7) crowd.push(text)
    }
    expect(crowd).toHaveLength(200)
    const rows = new KeyRows(seed)
    const map = new Map<string, number>()
    crowd.forEach((key, i) => {
      expect(rows.has(key)).toBe(false)
      rows.set(key, i + 2)
      map.set(key, i + 2)
      expect(rows.get(key)).toBe(i + 2)
    })
    for (let i = 0; i < 5000; i++) {
      rows.set(`B${i}`, i)
      map.set(`B${i}`, i)
    }
    expect(rows.size).toBe(map.size)
    for (const [key, row] of map) expect(rows.get(key)).toBe(row)
    expect(rows.has('K0')).toBe(map.has('K0'))
    // the crowd made it give up its own table
    expect((rows as unknown as { map: Map<string, number> | null }).map).not.toBeNull()
  })
})
