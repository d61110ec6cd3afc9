// Reads a zip's central directory without inflating anything: the names of its entries and their
// sizes, so an upload can be judged (and a zip bomb refused) before any library unpacks it.

export const ZIP_LIMITS = { maxEntries: 1000, maxUncompressed: 100 * 1024 * 1024, maxRatio: 100 }

export type ZipDirectory = { ok: true; names: string[]; uncompressed: number; compressed: number } | { ok: false; problem: 'not_zip' | 'corrupt' | 'too_many' | 'bomb' }

export function isZip(buf: Buffer): boolean {
  return buf.length >= 4 && buf.readUInt32LE(0) === 0x04034b50
}

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
  const entries = buf.readUInt16LE(eocd + 10)
  const dirSize = buf.readUInt32LE(eocd + 12)
  const dirOffset = buf.readUInt32LE(eocd + 16)
  if (entries === 0xffff || dirOffset === 0xffffffff) return { ok: false, problem: 'too_many' }
  if (entries > limits.maxEntries) return { ok: false, problem: 'too_many' }
  if (dirOffset + dirSize > buf.length) return { ok: false, problem: 'corrupt' }
  const names: string[] = []
  let uncompressed = 0
  let compressed = 0
  let p = dirOffset
  for (let n = 0; n < entries; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) return { ok: false, problem: 'corrupt' }
    compressed += buf.readUInt32LE(p + 20)
    uncompressed += buf.readUInt32LE(p + 24)
    const nameLen = buf.readUInt16LE(p + 28)
    names.push(buf.subarray(p + 46, p + 46 + nameLen).toString('utf8'))
    p += 46 + nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32)
  }
  if (uncompressed > limits.maxUncompressed || uncompressed > Math.max(compressed, 1) * limits.maxRatio) return { ok: false, problem: 'bomb' }
  return { ok: true, names, uncompressed, compressed }
}
