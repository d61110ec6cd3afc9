import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { migrations } from '../../db/migrations/index'
import recorded from './migrations.sha256.json'

// A migration that has landed has run on somebody's database: editing it changes nothing there and
// makes fresh databases differ from old ones. Each landed file's checksum is recorded; a change fails
// here. A new migration is recorded in the same commit that adds it (the failure prints its line).
const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../db/migrations')
const files = readdirSync(dir).filter((f) => /^\d{14}_[a-z0-9_]+\.ts$/.test(f))
const sha256 = (file: string) =>
  createHash('sha256')
    .update(readFileSync(path.join(dir, file)))
    .digest('hex')
const record: Record<string, string> = recorded

describe('landed migrations are never edited', () => {
  it('every migration file is recorded with the checksum it landed with', () => {
    const changed = files
      .filter((f) => record[f] !== sha256(f))
      .map((f) => `  "${f}": "${sha256(f)}"${record[f] ? '   ← was ' + record[f] : '   ← new: record it'}`)
    expect(changed, `migrations differ from tests/unit/migrations.sha256.json:\n${changed.join('\n')}`).toEqual([])
  })

  it('no recorded migration has been removed, and the provider lists exactly the files', () => {
    expect(Object.keys(record).filter((f) => !files.includes(f))).toEqual([])
    expect(Object.keys(migrations).sort()).toEqual(files.map((f) => f.replace(/\.ts$/, '')).sort())
  })
})
