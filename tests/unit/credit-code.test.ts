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
