import { deflateRawSync } from 'node:zlib'

/** A zip whose single entry (named like the real thing) inflates to `megabytes` MB of zeros. */
export function zipBomb(entryName: string, megabytes = 120): Buffer {
  const raw = Buffer.alloc(megabytes * 1024 * 1024)
  const data = deflateRawSync(raw, { level: 9 })
  const name = Buffer.from(entryName)
  const local = Buffer.alloc(30)
  local.writeUInt32LE(0x04034b50, 0)
  local.writeUInt16LE(20, 4)
  local.writeUInt16LE(8, 8)
  local.writeUInt32LE(data.length, 18)
  local.writeUInt32LE(raw.length, 22)
  local.writeUInt16LE(name.length, 26)
  const central = Buffer.alloc(46)
  central.writeUInt32LE(0x02014b50, 0)
  central.writeUInt16LE(20, 4)
  central.writeUInt16LE(20, 6)
  central.writeUInt16LE(8, 10)
  central.writeUInt32LE(data.length, 20)
  central.writeUInt32LE(raw.length, 24)
  central.writeUInt16LE(name.length, 28)
  const eocd = Buffer.alloc(22)
  eocd.writeUInt32LE(0x06054b50, 0)
  eocd.writeUInt16LE(1, 8)
  eocd.writeUInt16LE(1, 10)
  eocd.writeUInt32LE(central.length + name.length, 12)
  eocd.writeUInt32LE(local.length + name.length + data.length, 16)
  return Buffer.concat([local, name, data, central, name, eocd])
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
  const entry = (name: string, raw: Buffer, offset: number) => {
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
  const a = entry('[Content_Types].xml', Buffer.from('<Types/>'), 0)
  const b = entry('docProps/hidden.xml', Buffer.alloc(megabytes * 1024 * 1024, 32), a.local.length)
  const dirOffset = a.local.length + b.local.length
  const eocd = Buffer.alloc(22)
  eocd.writeUInt32LE(0x06054b50, 0)
  eocd.writeUInt16LE(1, 8)
  eocd.writeUInt16LE(1, 10)
  eocd.writeUInt32LE(a.central.length, 12)
  eocd.writeUInt32LE(dirOffset, 16)
  return Buffer.concat([a.local, b.local, a.central, b.central, eocd])
}
