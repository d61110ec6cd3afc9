import { describe, expect, it } from 'vitest'
import { idCardProblem, maskIdCard } from '../../app/modules/org/rules'
import { demoEnterprises } from '../../seeds/demo'

describe('身份证号 (ISO 7064 MOD 11-2)', () => {
  it('accepts the standard example and X check digits', () => {
    expect(idCardProblem('11010519491231002X')).toBeNull()
    expect(idCardProblem('11010519491231002x')).toBeNull()
  })
  it('accepts every demo ID number', () => {
    for (const e of demoEnterprises) for (const w of e.employees) if (w.idCard) expect(idCardProblem(w.idCard), w.name).toBeNull()
  })
  it('rejects a wrong check digit, wrong length and an impossible birth date', () => {
    expect(idCardProblem('110105194912310021')).toBe('身份证号校验位不正确，请核对')
    expect(idCardProblem('11010519491231002')).toMatch(/18位/)
    expect(idCardProblem('110105194913310020')).toMatch(/出生日期/)
  })
  it('masks all but the first six and last four', () => {
    expect(maskIdCard('11010519491231002X')).toBe('110105********002X')
    expect(maskIdCard(null)).toBeNull()
  })
})
