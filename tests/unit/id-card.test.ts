import { describe, expect, it } from 'vitest'
import { idCardProblem, maskIdCard } from '../../app/modules/org/rules'
import { demoEnterprises } from '../../seeds/demo'

describe('身份证号 (ISO 7064 MOD 11-2)', () => {
  it('accepts the standard example and X check digits', () => {
    expect(idCardProblem('11010519491231002X')).toBeNull()
    expect(idCardProblem('11010519491231002x')).toBeNull()
  })
  it('accepts every demo ID number, with its holder 16 to 100 when hired', () => {
    for (const e of demoEnterprises)
      for (const w of e.employees)
        if (w.idCard) expect(idCardProblem(w.idCard, { today: '2026-11-30', hiredOn: w.hiredOn }), w.name).toBeNull()
  })

  // issue 11, finding 3: these passed the check digit alone
  it('refuses a birth date the calendar lacks, one in the future, and an unknown province', () => {
    expect(idCardProblem(withCheck('14070219880230107'))).toBe('身份证号中的出生日期不存在，请核对')
    expect(idCardProblem(withCheck('14070220990510107'), { today: '2026-11-30' })).toBe('身份证号中的出生日期 2099-05-10 晚于今天，请核对')
    expect(idCardProblem(withCheck('14070218990510107'))).toBe('身份证号中的出生日期不存在，请核对')
    expect(idCardProblem(withCheck('00070219880510107'))).toBe('身份证号前两位「00」不是有效的省级行政区划代码，请核对')
    expect(idCardProblem(withCheck('99070219880510107'))).toMatch(/不是有效的省级行政区划代码/)
    // a real one: 1988-05-10, born in 榆次
    expect(idCardProblem('140702198805101078', { today: '2026-11-30' })).toBeNull()
  })

  it('refuses a holder under 16 or over 100 on the hire date', () => {
    const id = withCheck('14070220101130107') // born 2010-11-30
    expect(idCardProblem(id, { today: '2026-11-30', hiredOn: '2026-11-29' })).toBe(
      '按身份证号，入职时未满16周岁（出生于 2010-11-30），请核对',
    )
    expect(idCardProblem(id, { today: '2026-11-30', hiredOn: '2026-11-30' })).toBeNull()
    expect(idCardProblem(id, { today: '2026-11-29' })).toMatch(/目前未满16周岁/)
    const old = withCheck('14070219200101107')
    expect(idCardProblem(old, { today: '2026-11-30', hiredOn: '2021-01-02' })).toMatch(/已超过100周岁/)
  })
  it('rejects a wrong check digit, wrong length and an impossible birth date', () => {
    expect(idCardProblem('110105194912310021')).toBe('身份证号校验位不正确，请核对')
    expect(idCardProblem('11010519491231002')).toMatch(/18位/)
    expect(idCardProblem('110105194913310020')).toMatch(/出生日期/)
  })
  it('is what seeds and the scale city generate: valid check digits throughout', () => {
    expect(withCheck('11010519491231002')).toBe('11010519491231002X')
  })

  it('masks all but the first six and last four', () => {
    expect(maskIdCard('11010519491231002X')).toBe('110105********002X')
    expect(maskIdCard(null)).toBeNull()
  })
})

function withCheck(first17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * w[i]!
  return first17 + '10X98765432'[sum % 11]!
}
