// What an import holds for the whole file — the workbook's shared strings and the keys already seen
// (工号, 手机号, 身份证号) — kept in byte arrays outside the JS heap instead of as hundreds of
// thousands of small strings and map entries. V8 lets its old generation grow to about four times
// what was live at its last full collection, so every megabyte a 100,000-row preview holds in the heap
// cost about four of peak memory; bytes outside it cost one.

/**
 * Room for at least `need` units, growing by doubling (a typed array of the same kind): fewer copies
 * left for the collector than growing by half (measured: 10 MB more peak at 100,000 rows).
 */
function grown<T extends Uint8Array | Uint16Array | Int32Array>(array: T, need: number, make: (n: number) => T): T {
  if (need <= array.length) return array
  let n = Math.max(array.length, 1024) * 2
  while (n < need) n *= 2
  const next = make(n)
  next.set(array)
  return next
}

/** Texts' UTF-16 code units one after another, as JS holds them (so any text comes back exactly, a lone surrogate too). */
class CodeUnits {
  private units: Uint16Array
  /** the same memory as bytes, to decode from */
  private bytes: Buffer
  length = 0

  constructor(capacity = 16 * 1024) {
    this.units = new Uint16Array(capacity)
    this.bytes = Buffer.from(this.units.buffer)
  }

  /** Adds the text's code units at the end. */
  append(text: string) {
    if (this.length + text.length > this.units.length) {
      this.units = grown(this.units, this.length + text.length, (n) => new Uint16Array(n))
      this.bytes = Buffer.from(this.units.buffer)
    }
    for (let k = 0; k < text.length; k++) this.units[this.length + k] = text.charCodeAt(k)
    this.length += text.length
  }

  /** The text of units[start … end). */
  text(start: number, end: number): string {
    return this.bytes.toString('utf16le', start * 2, end * 2)
  }

  /** Whether units[start … end) are the text's. */
  equals(start: number, end: number, text: string): boolean {
    if (end - start !== text.length) return false
    for (let i = 0; i < text.length; i++) if (this.units[start + i] !== text.charCodeAt(i)) return false
    return true
  }
}

const TEXT = 0
const NULL = 1
const OTHER = 2

/**
 * A workbook's shared strings (xl/sharedStrings.xml) by index: plain text as UTF-16 code units in one
 * array, an empty entry as a mark, and rich text ({richText}) as it is, by index. `get` gives what
 * exceljs's cached array held at that index (undefined past its end).
 */
export class SharedStrings {
  private readonly texts = new CodeUnits(32 * 1024)
  /** entry i's text is texts[ends[i - 1] … ends[i]) when kinds[i] is TEXT */
  private ends = new Int32Array(1024)
  private kinds = new Uint8Array(1024)
  /** rich text, and anything else that is not a string or null, by index */
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
    this.kinds = grown(this.kinds, this.count, (n) => new Uint8Array(n))
    this.kinds[i] = typeof value === 'string' ? TEXT : value === null ? NULL : OTHER
    if (typeof value === 'string') this.texts.append(value)
    else if (value !== null) this.others.set(i, value)
    this.ends[i] = this.texts.length
  }

  get(index: number): unknown {
    if (!Number.isInteger(index) || index < 0 || index >= this.count) return undefined
    const kind = this.kinds[index]
    if (kind === NULL) return null
    if (kind === OTHER) return this.others.get(index)
    return this.texts.text(index ? this.ends[index - 1]! : 0, this.ends[index]!)
  }
}

/** Chosen per process, so that keys which collide in the table cannot be prepared offline. */
const SEED = globalThis.crypto.getRandomValues(new Uint32Array(1))[0]! | 0

/** FNV-1a over a text's UTF-16 code units from a secret start, then mixed so every bit counts in the slot. */
export function keyHash(text: string, seed: number): number {
  let h = seed
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  return (h ^ (h >>> 16)) | 0
}

/**
 * A probe longer than this means the keys collide far more than chance allows: a file made to. The
 * table then hands its keys to a Map (V8 seeds its own hashes), so one upload cannot hold the
 * server's one thread for minutes.
 */
const MAX_PROBE = 64

/**
 * Text → a row number (the 工号 first seen on row 12), as a Map<string, number> would hold it: the
 * keys' code units one after another in one array, an open-addressing table of entry numbers, and
 * each key compared in full on a hash match, so two keys are never taken for one.
 */
export class KeyRows {
  private keys = new CodeUnits()
  /** entry e's key is keys[starts[e] … starts[e + 1]) */
  private starts = new Int32Array(1024)
  private rows = new Int32Array(1024)
  private hashes = new Int32Array(1024)
  /** entry number + 1 per slot, 0 for an empty slot; at most half full */
  private slots = new Int32Array(2048)
  private count = 0
  /** set once a probe ran past MAX_PROBE: every key from then on lives here instead */
  private map: Map<string, number> | null = null

  /** `seed` only for tests, which need collisions they can find */
  constructor(private readonly seed = SEED) {}

  get size() {
    return this.map ? this.map.size : this.count
  }

  /** The entry holding `key`, or -1 - the empty slot where it would go; null when the probe ran too long. */
  private find(key: string, h: number): number | null {
    const mask = this.slots.length - 1
    let probe = 0
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const e = this.slots[s]! - 1
      if (e < 0) return -1 - s
      if (this.hashes[e] === h && this.keys.equals(this.starts[e]!, this.starts[e + 1]!, key)) return e
      if (++probe > MAX_PROBE) return null
    }
  }

  /** Every key so far into a Map, the arrays let go. */
  private toMap(): Map<string, number> {
    const map = new Map<string, number>()
    for (let e = 0; e < this.count; e++) map.set(this.keys.text(this.starts[e]!, this.starts[e + 1]!), this.rows[e]!)
    this.keys = new CodeUnits(0)
    this.starts = this.rows = this.hashes = this.slots = new Int32Array(0)
    this.count = 0
    return (this.map = map)
  }

  /** The entry of `key` (≥ 0), the slot for it (< 0), or the Map that now holds every key. */
  private lookup(key: string, h: number): number | Map<string, number> {
    if (this.map) return this.map
    return this.find(key, h) ?? this.toMap()
  }

  has(key: string): boolean {
    const at = this.lookup(key, keyHash(key, this.seed))
    return typeof at === 'number' ? at >= 0 : at.has(key)
  }

  get(key: string): number | undefined {
    const at = this.lookup(key, keyHash(key, this.seed))
    if (typeof at !== 'number') return at.get(key)
    return at >= 0 ? this.rows[at] : undefined
  }

  set(key: string, row: number): this {
    const h = keyHash(key, this.seed)
    const found = this.lookup(key, h)
    if (typeof found !== 'number') {
      found.set(key, row)
      return this
    }
    if (found >= 0) {
      this.rows[found] = row
      return this
    }
    const e = this.count++
    this.starts = grown(this.starts, e + 2, (n) => new Int32Array(n))
    this.rows = grown(this.rows, e + 1, (n) => new Int32Array(n))
    this.hashes = grown(this.hashes, e + 1, (n) => new Int32Array(n))
    this.keys.append(key)
    this.starts[e + 1] = this.keys.length
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
