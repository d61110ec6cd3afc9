// What an import holds for the whole file — the workbook's shared strings and the keys already seen
// (工号, 手机号, 身份证号) — kept in byte arrays outside the JS heap instead of as hundreds of
// thousands of small strings and map entries. V8 lets its old generation grow to about four times
// what was live at its last full collection, so every megabyte a 100,000-row preview holds in the heap
// cost about four of peak memory; bytes outside it cost one.

/** Room for at least `need` units, growing by doubling (a typed array of the same kind). */
function grown<T extends Uint8Array | Uint16Array | Int32Array>(array: T, need: number, make: (n: number) => T): T {
  if (need <= array.length) return array
  let n = array.length * 2
  while (n < need) n *= 2
  const next = make(n)
  next.set(array)
  return next
}

/**
 * A workbook's shared strings (xl/sharedStrings.xml) by index: plain text as UTF-8 in one buffer, and
 * anything else exceljs's parser gives (rich text {richText}, null for an empty entry) as it is, by index.
 * `get` gives what exceljs's cached array held at that index (undefined past its end).
 */
export class SharedStrings {
  /** the texts' UTF-16 code units, as JS holds them (so any text comes back exactly, a lone surrogate too) */
  private units = new Uint16Array(32 * 1024)
  /** the same memory as bytes, to decode from */
  private bytes = Buffer.from(this.units.buffer)
  private used = 0
  /** entry i's text is units[ends[i - 1] … ends[i]), or it is in `others` */
  private ends = new Int32Array(1024)
  private readonly others = new Map<number, unknown>()
  private count = 0

  static of(values: readonly unknown[]): SharedStrings {
    const store = new SharedStrings()
    for (const v of values) store.push(v)
    return store
  }

  get size() {
    return this.count
  }

  push(value: unknown) {
    const i = this.count++
    this.ends = grown(this.ends, this.count, (n) => new Int32Array(n))
    if (typeof value === 'string') {
      if (this.used + value.length > this.units.length) {
        this.units = grown(this.units, this.used + value.length, (n) => new Uint16Array(n))
        this.bytes = Buffer.from(this.units.buffer)
      }
      for (let k = 0; k < value.length; k++) this.units[this.used + k] = value.charCodeAt(k)
      this.used += value.length
    } else this.others.set(i, value)
    this.ends[i] = this.used
  }

  get(index: number): unknown {
    if (!Number.isInteger(index) || index < 0 || index >= this.count) return undefined
    if (this.others.has(index)) return this.others.get(index)
    const start = index ? this.ends[index - 1]! : 0
    return this.bytes.toString('utf16le', start * 2, this.ends[index]! * 2)
  }
}

/** FNV-1a over a text's UTF-16 code units. */
function hashOf(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
  return h | 0
}

/**
 * Text → a row number (the 工号 first seen on row 12), as a Map<string, number> would hold it: the
 * keys' code units one after another in one array, an open-addressing table of entry numbers, and
 * each key compared in full on a hash match, so two keys are never taken for one.
 */
export class KeyRows {
  private units = new Uint16Array(16 * 1024)
  private used = 0
  /** entry e's key is units[starts[e] … starts[e + 1]) */
  private starts = new Int32Array(1024)
  private rows = new Int32Array(1024)
  private hashes = new Int32Array(1024)
  /** entry number + 1 per slot, 0 for an empty slot; at most half full */
  private slots = new Int32Array(2048)
  private count = 0

  get size() {
    return this.count
  }

  private find(key: string, h: number): number {
    const mask = this.slots.length - 1
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const e = this.slots[s]! - 1
      if (e < 0) return -1 - s
      if (this.hashes[e] === h && this.equals(e, key)) return e
    }
  }

  private equals(e: number, key: string): boolean {
    const start = this.starts[e]!
    if (this.starts[e + 1]! - start !== key.length) return false
    for (let i = 0; i < key.length; i++) if (this.units[start + i] !== key.charCodeAt(i)) return false
    return true
  }

  has(key: string): boolean {
    return this.find(key, hashOf(key)) >= 0
  }

  get(key: string): number | undefined {
    const e = this.find(key, hashOf(key))
    return e >= 0 ? this.rows[e] : undefined
  }

  set(key: string, row: number): this {
    const h = hashOf(key)
    const found = this.find(key, h)
    if (found >= 0) {
      this.rows[found] = row
      return this
    }
    const e = this.count++
    this.starts = grown(this.starts, e + 2, (n) => new Int32Array(n))
    this.rows = grown(this.rows, e + 1, (n) => new Int32Array(n))
    this.hashes = grown(this.hashes, e + 1, (n) => new Int32Array(n))
    this.units = grown(this.units, this.used + key.length, (n) => new Uint16Array(n))
    for (let i = 0; i < key.length; i++) this.units[this.used + i] = key.charCodeAt(i)
    this.used += key.length
    this.starts[e + 1] = this.used
    this.rows[e] = row
    this.hashes[e] = h
    if (this.count * 2 > this.slots.length) this.rehash()
    else this.slots[-1 - found] = e + 1
    return this
  }

  /** The table doubled, every entry placed again (the new entry included). */
  private rehash() {
    this.slots = new Int32Array(this.slots.length * 2)
    const mask = this.slots.length - 1
    for (let e = 0; e < this.count; e++) {
      let s = this.hashes[e]! & mask
      while (this.slots[s] !== 0) s = (s + 1) & mask
      this.slots[s] = e + 1
    }
  }
}
