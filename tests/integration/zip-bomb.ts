import { deflateRawSync } from 'node:zlib'

/** One deflated entry: its local header, name and data, and its central directory record. */
function zipEntry(name: string, raw: Buffer, offset: number) {
  const data = deflateRawSync(raw, { level: 9 })
  const n = Buffer.from(name)
  const local = Buffer.alloc(30)
  local.writeUInt32LE(0x04034b50, 0)
  local.writeUInt16LE(20, 4)
  local.writeUInt16LE(8, 8)
  local.writeUInt32LE(data.length, 18)
  local.writeUInt32LE(raw.length, 22)
  local.writeUInt16LE(n.length, 26)
  const central = Buffer.alloc(46)
  central.writeUInt32LE(0x02014b50, 0)
  central.writeUInt16LE(20, 4)
  central.writeUInt16LE(20, 6)
  central.writeUInt16LE(8, 10)
  central.writeUInt32LE(data.length, 20)
  central.writeUInt32LE(raw.length, 24)
  central.writeUInt16LE(n.length, 28)
  central.writeUInt32LE(offset, 42)
  return { local: Buffer.concat([local, n, data]), central: Buffer.concat([central, n]) }
}

/** The end record of a directory of `count` entries, `size` bytes long, at `offset`. */
function endRecord(count: number, size: number, offset: number): Buffer {
  const eocd = Buffer.alloc(22)
  eocd.writeUInt32LE(0x06054b50, 0)
  eocd.writeUInt16LE(count, 8)
  eocd.writeUInt16LE(count, 10)
  eocd.writeUInt32LE(size, 12)
  eocd.writeUInt32LE(offset, 16)
  return eocd
}

/** A zip whose single entry (named like the real thing) inflates to `megabytes` MB of zeros. */
export function zipBomb(entryName: string, megabytes = 120): Buffer {
  const e = zipEntry(entryName, Buffer.alloc(megabytes * 1024 * 1024), 0)
  return Buffer.concat([e.local, e.central, endRecord(1, e.central.length, e.local.length)])
}

/**
 * A zip that LIES: its one entry declares (in the local header and the central directory alike) that
 * it inflates to `declared` bytes, but really inflates to `megabytes` MB of zeros (~1 KB per MB).
 */
export function lyingZipBomb(entryName: string, megabytes = 200, declared = 1024): Buffer {
  const bomb = zipBomb(entryName, megabytes)
  const nameLength = Buffer.byteLength(entryName)
  const out = Buffer.from(bomb)
  out.writeUInt32LE(declared, 22) // local header: uncompressed size
  const central = out.length - 22 - 46 - nameLength
  out.writeUInt32LE(declared, central + 24) // central directory: uncompressed size
  return out
}

/**
 * A zip whose end record counts (and sizes) one entry of its directory, while a second record follows
 * it: a reader that trusts the count sees a small honest file, one that walks the records (JSZip,
 * inside exceljs) also inflates the hidden `megabytes` MB entry.
 */
export function hiddenEntryZip(megabytes = 150): Buffer {
  const a = zipEntry('[Content_Types].xml', Buffer.from('<Types/>'), 0)
  const b = zipEntry('docProps/hidden.xml', Buffer.alloc(megabytes * 1024 * 1024, 32), a.local.length)
  return Buffer.concat([a.local, b.local, a.central, b.central, endRecord(1, a.central.length, a.local.length + b.local.length)])
}
