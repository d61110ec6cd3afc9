import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseLocalDateTime } from '../../app/utils/calendar'

// Issue 13 #12: every date and file input is the form kit's (DateField/DateInput/DateTimeField,
// FileField/FilePicker), never the browser's own control, which speaks the browser's language.
const app = path.resolve(__dirname, '../../app')
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(path.join(dir, e.name)) : /\.tsx$/.test(e.name) ? [path.join(dir, e.name)] : [],
  )
}

describe('the form kit draws every date and file control', () => {
  it('no page uses a browser date, time or file control directly', () => {
    const offenders = sources(app)
      .filter((f) => !f.endsWith(path.join('components', 'FileField.tsx')))
      .filter((f) => /type=(["'{]+)(date|datetime-local|month|week|time|file)\b|\? 'date'/.test(readFileSync(f, 'utf8')))
      .map((f) => path.relative(app, f))
    expect(offenders).toEqual([])
  })

  it('a wall-clock time is read as people type it', () => {
    expect(parseLocalDateTime('2026-11-30 09:30')).toBe('2026-11-30T09:30')
    expect(parseLocalDateTime('2026/11/30 9:05')).toBe('2026-11-30T09:05')
    expect(parseLocalDateTime('２０２６年１１月３０日 ９：３０')).toBe('2026-11-30T09:30')
    expect(parseLocalDateTime('2026-11-30T09:30')).toBe('2026-11-30T09:30')
    expect(parseLocalDateTime('2026-02-30 09:30')).toBeNull()
    expect(parseLocalDateTime('2026-11-30 25:10')).toBeNull()
    expect(parseLocalDateTime('2026-11-30')).toBeNull()
  })
})
