import { describe, expect, it } from 'vitest'
import { certificateState, trainingHours, type HoursInput } from '../../app/modules/training/rules'

const ordinary = { highRisk: false, construction: false }
const hazchem = { highRisk: true, construction: false }
const construction = { highRisk: false, construction: true }
const base: HoursInput = { role: 'worker', roleSince: null, hiredOn: '2020-05-01', transferredOn: null, sessions: [], year: 2026 }

describe('required hours', () => {
  it('主要负责人 and 安全管理人员: 32/12, or 48/16 in high-risk industries', () => {
    expect(trainingHours({ ...base, role: 'principal', roleSince: '2026-02-01' }, ordinary).required).toBe(32)
    expect(trainingHours({ ...base, role: 'principal', roleSince: '2019-02-01' }, ordinary).required).toBe(12)
    expect(trainingHours({ ...base, role: 'safety_manager', roleSince: '2026-02-01' }, hazchem).required).toBe(48)
    expect(trainingHours({ ...base, role: 'safety_manager', roleSince: '2019-02-01' }, hazchem).required).toBe(16)
  })
  it('new workers before starting: 24, 72 in high-risk, 32 in construction; all three levels before the start date', () => {
    const hired = { ...base, hiredOn: '2026-03-10' }
    expect(trainingHours(hired, ordinary).required).toBe(24)
    expect(trainingHours(hired, hazchem).required).toBe(72)
    expect(trainingHours(hired, construction).required).toBe(32)
    const sessions = [
      { kind: '岗前三级教育', level: '厂级', heldOn: '2026-03-01', hours: 8 },
      { kind: '岗前三级教育', level: '车间级', heldOn: '2026-03-05', hours: 8 },
      { kind: '岗前三级教育', level: '班组级', heldOn: '2026-03-12', hours: 8 },
      { kind: '年度再培训', level: null, heldOn: '2026-06-01', hours: 4 },
    ]
    const r = trainingHours({ ...hired, sessions }, ordinary)
    // the 班组级 session after the start date neither completes the levels nor counts as pre-job hours
    expect(r).toMatchObject({ achieved: 16, shortfall: 8, missingLevels: ['班组级（上岗前）'] })
    const inTime = trainingHours(
      { ...hired, sessions: sessions.map((s) => (s.level === '班组级' ? { ...s, heldOn: '2026-03-09' } : s)) },
      ordinary,
    )
    expect(inTime).toMatchObject({ achieved: 24, shortfall: 0, missingLevels: [] })
  })
  it('yearly re-training of other workers: 20 in high-risk, 8 elsewhere; only this year counts', () => {
    const sessions = [
      { kind: '年度再培训', level: null, heldOn: '2025-12-31', hours: 8 },
      { kind: '年度再培训', level: null, heldOn: '2026-01-01', hours: 6.5 },
    ]
    expect(trainingHours({ ...base, sessions }, ordinary)).toMatchObject({ required: 8, achieved: 6.5, shortfall: 1.5 })
    expect(trainingHours({ ...base, sessions }, hazchem)).toMatchObject({ required: 20, shortfall: 13.5 })
  })
  it('a transfer repeats 车间级 and 班组级', () => {
    const r = trainingHours(
      { ...base, transferredOn: '2026-08-01', sessions: [{ kind: '转岗复岗', level: '车间级', heldOn: '2026-08-02', hours: 4 }] },
      ordinary,
    )
    expect(r.missingLevels).toEqual(['班组级（转岗/复岗）'])
  })
})

describe('certificates', () => {
  it('warn 90 and 30 days ahead, expired after the date, review date first', () => {
    expect(certificateState('2027-06-01', null, '2026-11-23').state).toBe('valid')
    expect(certificateState('2027-02-20', null, '2026-11-23').state).toBe('expiring90')
    expect(certificateState('2026-12-23', null, '2026-11-23').state).toBe('expiring30')
    expect(certificateState('2026-11-22', null, '2026-11-23').state).toBe('expired')
    expect(certificateState('2030-01-01', '2026-12-01', '2026-11-23')).toEqual({ state: 'expiring30', date: '2026-12-01' })
  })
})
