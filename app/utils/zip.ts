import { Inflate } from 'pako'

// The one zip check, for imports (.xlsx) and zip-based evidence (.xlsx, .docx), before any library
// unpacks the file. The sizes a zip declares, in its central directory and local headers, are the
// sender's word: a 200 KB file may declare 1 KB and inflate to 200 MB. So every entry is really
// inflated, as a stream of 64 KB pieces that are counted and dropped, against one running budget
// (100 MB in all, 100 times the compressed bytes, 1,000 entries); the first overrun stops it, with
// memory bounded by one piece. An entry whose real size differs from the declared one is refused too.
// pako is zlib's inflate, synchronous and streaming, so the check keeps its synchronous signature.

export const ZIP_LIMITS = { maxEntries: 1000, maxUncompressed: 100 * 1024 * 1024, maxRatio: 100 }

export type ZipDirectory =
  | {
      ok: true
      names: string[]
      /** bytes really inflated */
      uncompressed: number
      compressed: number
      /**
       * Every entry this check inflated, by the name the central directory gives it: its compression
       * method (0 stored, 8 deflate) and its compressed bytes. A reader given these inflates exactly
       * what was checked, never bytes between records that the directory does not list.
       */
      checkedEntries: CheckedEntry[]
    }
  | { ok: false; problem: 'not_zip' | 'corrupt' | 'too_many' | 'bomb' }

export function isZip(buf: Buffer): boolean {
  return buf.length >= 4 && buf.readUInt32LE(0) === 0x04034b50
}

export interface CheckedEntry {
  name: string
  method: 0 | 8
  data: Buffer
}

const CHUNK = 64 * 1024

class Overrun extends Error {}

interface Entry {
  name: string
  method: number
  flags: number
  compressed: number
  uncompressed: number
  localOffset: number
}

/**
 * Reads the zip's central directory and inflates every entry against the budget. Returns the entry
 * names and the real inflated size, or why the file is refused.
 */
export function readZipDirectory(buf: Buffer, limits = ZIP_LIMITS): ZipDirectory {
  if (!isZip(buf)) return { ok: false, problem: 'not_zip' }
  // End of central directory: 22 bytes + a comment of up to 64 KB at the end of the file.
  let eocd = -1
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i
      break
    }
  }
  if (eocd < 0) return { ok: false, problem: 'corrupt' }
  const count = buf.readUInt16LE(eocd + 10)
  const dirSize = buf.readUInt32LE(eocd + 12)
  const dirOffset = buf.readUInt32LE(eocd + 16)
  if (count === 0xffff || dirOffset === 0xffffffff) return { ok: false, problem: 'too_many' }
  if (count > limits.maxEntries) return { ok: false, problem: 'too_many' }
  if (dirOffset + dirSize > buf.length) return { ok: false, problem: 'corrupt' }

  const entries: Entry[] = []
  let p = dirOffset
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) return { ok: false, problem: 'corrupt' }
    const nameLen = buf.readUInt16LE(p + 28)
    if (p + 46 + nameLen > buf.length) return { ok: false, problem: 'corrupt' }
    entries.push({
      flags: buf.readUInt16LE(p + 8),
      method: buf.readUInt16LE(p + 10),
      compressed: buf.readUInt32LE(p + 20),
      uncompressed: buf.readUInt32LE(p + 24),
      name: buf.subarray(p + 46, p + 46 + nameLen).toString('utf8'),
      localOffset: buf.readUInt32LE(p + 42),
    })
    p += 46 + nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32)
  }
  // The directory must hold exactly the entries its end record counts, and end where that record
  // begins: readers such as JSZip (inside exceljs) go on reading records past a count that lies, so
  // an entry hidden after them would be inflated unchecked.
  if (p !== dirOffset + dirSize || p !== eocd || buf.readUInt16LE(eocd + 8) !== count) return { ok: false, problem: 'corrupt' }

  // what is declared first (cheap), then what is really there
  const declared = entries.reduce((s, e) => s + e.uncompressed, 0)
  const compressed = Math.min(
    entries.reduce((s, e) => s + e.compressed, 0),
    buf.length,
  )
  const budget = Math.min(limits.maxUncompressed, Math.max(compressed, 1) * limits.maxRatio)
  if (declared > budget) return { ok: false, problem: 'bomb' }

  let inflated = 0
  const checked: CheckedEntry[] = []
  for (const e of [...entries].sort((a, b) => a.localOffset - b.localOffset)) {
    const lp = e.localOffset
    if (lp + 30 > buf.length || buf.readUInt32LE(lp) !== 0x04034b50) return { ok: false, problem: 'corrupt' }
    const start = lp + 30 + buf.readUInt16LE(lp + 26) + buf.readUInt16LE(lp + 28)
    const end = start + e.compressed
    if (end > buf.length) return { ok: false, problem: 'corrupt' }
    if (e.flags & 0x1) return { ok: false, problem: 'corrupt' } // encrypted
    const data = buf.subarray(start, end)
    let size: number
    if (e.method === 0) {
      size = data.length
      if (inflated + size > budget) return { ok: false, problem: 'bomb' }
    } else if (e.method === 8) {
      const r = inflateCounted(data, budget - inflated)
      if (r === 'bomb' || r === 'corrupt') return { ok: false, problem: r }
      size = r
    } else {
      return { ok: false, problem: 'corrupt' }
    }
    // a file that lies about an entry's size is not one to trust with the rest
    if (size !== e.uncompressed) return { ok: false, problem: 'corrupt' }
    inflated += size
    checked.push({ name: e.name, method: e.method === 0 ? 0 : 8, data })
  }
  return { ok: true, names: entries.map((e) => e.name), uncompressed: inflated, compressed, checkedEntries: checked }
}

/** Inflates raw deflate data in 64 KB pieces, counting and dropping them; stops past `allowance`. */
function inflateCounted(data: Buffer, allowance: number): number | 'bomb' | 'corrupt' {
  let size = 0
  const inflater = new Inflate({ raw: true, chunkSize: CHUNK })
  inflater.onData = (piece: Uint8Array) => {
    size += piece.length
    if (size > allowance) throw new Overrun()
  }
  // the end callback keeps pako from gathering the pieces into one result
  inflater.onEnd = (status: number) => {
    inflater.err = status
  }
  try {
    inflater.push(data, true)
  } catch (error) {
    if (error instanceof Overrun) return 'bomb'
    return 'corrupt'
  }
  if (inflater.err) return 'corrupt'
  return size
}
