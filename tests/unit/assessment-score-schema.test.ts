import { describe, expect, it } from 'vitest'
import { assessmentSchema } from '../../app/modules/dutylogs/schema'

// The assessor's score per item: a blank field is refused beside it, never recorded as 0 (an
// assessment is frozen once the assessed person signs it).
const form = (scores: string[]) => ({ period: '2026-Q3', scores, result: '合格', comment: '履职基本到位', followUp: '' })
const errorsOf = (scores: string[]) => {
  const r = assessmentSchema.safeParse(form(scores))
  return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join('.'), i.message]))
}

describe('assessment scores', () => {
  it('refuses a blank or whitespace score beside its field', () => {
    expect(errorsOf(['', '80', '  '])).toEqual({ 'scores.0': '请填写0到100之间的得分', 'scores.2': '请填写0到100之间的得分' })
  })

  it('refuses scores out of range, fractional or not numbers, in Chinese', () => {
    expect(errorsOf(['120', '-1', '80.5', '八十'])).toEqual({
      'scores.0': '得分不能大于100',
      'scores.1': '得分不能小于0',
      'scores.2': '得分须为整数',
      'scores.3': '请填写0到100之间的得分',
    })
  })

  it('takes 0 typed as 0, and whole scores 0–100', () => {
    const r = assessmentSchema.safeParse(form(['0', ' 100 ', '75']))
    expect(r.success && r.data.scores).toEqual([0, 100, 75])
  })
})
