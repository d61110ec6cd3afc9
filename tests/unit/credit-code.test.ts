import { describe, expect, it } from 'vitest'
import { creditCodeCheckChar, creditCodeProblem, normalizeCreditCode } from '../../app/modules/enterprises/rules'
import { enterpriseProfileSchema } from '../../app/modules/enterprises/schema'
import { demoEnterprises } from '../../seeds/demo'

describe('统一社会信用代码 (GB 32100)', () => {
  it('accepts published real-world codes', () => {
    // the worked example commonly cited from GB 32100-2015
    expect(creditCodeProblem('91350100M000100Y43')).toBeNull()
    expect(creditCodeCheckChar('91350100M000100Y4')).toBe('3')
  })

  it('accepts every demo enterprise code', () => {
    for (const e of demoEnterprises) expect(creditCodeProblem(e.creditCode), e.name).toBeNull()
  })

  it('rejects a wrong check character with a Chinese reason', () => {
    expect(creditCodeProblem('91350100M000100Y44')).toBe('统一社会信用代码校验位不正确，请核对')
  })

  it('rejects the wrong length, forbidden letters and a non-numeric region', () => {
    expect(creditCodeProblem('91350100M000100Y4')).toBe('统一社会信用代码应为18位')
    expect(creditCodeProblem('91350100M000100I43')).toMatch(/不含I、O、Z、S、V/)
    expect(creditCodeProblem('91A50100M000100Y43')).toMatch(/行政区划码/)
  })

  // issue 11, finding 3: 000000000000000000 passed (its check character is 0)
  it('refuses an impossible registration authority, institution type or region code', () => {
    expect(creditCodeCheckChar('00000000000000000')).toBe('0')
    expect(creditCodeProblem('000000000000000000')).toBe('统一社会信用代码第1位「0」不是有效的登记管理部门代码')
    const code = (first17: string) => first17 + creditCodeCheckChar(first17)!
    expect(creditCodeProblem(code('94140702MA0GR4KT4'))).toBe('统一社会信用代码第2位「4」不是工商（市场监管）登记的机构类别代码')
    expect(creditCodeProblem(code('B1140702MA0GR4KT4'))).toMatch(/第1位「B」/)
    expect(creditCodeProblem(code('91000000MA0GR4KT4'))).toBe(
      '统一社会信用代码第3至8位的登记管理机关行政区划码：前两位「00」不是省级行政区划代码',
    )
    expect(creditCodeProblem(code('91990100MA0GR4KT4'))).toMatch(/前两位「99」/)
    expect(creditCodeProblem(code('91140799MA0GR4KT4'))).toBe(
      '统一社会信用代码第3至8位的登记管理机关行政区划码「140799」不是现行的县级行政区划代码',
    )
    expect(creditCodeProblem(code('91149900MA0GR4KT4'))).toMatch(/山西省没有代码为「149900」的市/)
    expect(creditCodeProblem(code('91140007MA0GR4KT4'))).toMatch(/「140007」不是有效的行政区划代码/)
    // other kinds of registration, and other provinces, stay valid
    expect(creditCodeProblem(code('12140700MA0GR4KT4'))).toBeNull()
    expect(creditCodeProblem(code('52310115MA0GR4KT4'))).toBeNull()
    expect(creditCodeProblem(code('93140781MA0GR4KT4'))).toBeNull()
  })

  it('normalises full-width characters, spaces and lower case as people paste them', () => {
    expect(normalizeCreditCode(' ９１３５０１００ｍ０００１００ｙ４３ ')).toBe('91350100M000100Y43')
    expect(normalizeCreditCode('9135 0100 M000 100Y 43')).toBe('91350100M000100Y43')
  })

  it('runs inside the profile form schema', () => {
    const base = {
      name: '测试企业有限公司',
      creditCode: '91350100m000100y43',
      industryCode: 'hazchem',
      regionCode: '140702',
      address: '某路1号',
      legalRepresentative: '张三',
      principalName: '张三',
      phone: '0354-3012345',
    }
    const ok = enterpriseProfileSchema.safeParse(base)
    expect(ok.success && ok.data.creditCode).toBe('91350100M000100Y43')
    const bad = enterpriseProfileSchema.safeParse({ ...base, creditCode: '91350100M000100Y44' })
    expect(bad.success).toBe(false)
    expect(bad.error?.issues[0]?.path).toEqual(['creditCode'])
  })
})
