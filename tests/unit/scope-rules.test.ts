import { describe, expect, it } from 'vitest'
import { regionPrefix, resolveSupervisors, scopeTypesOf } from '../../app/modules/reference/rules'

describe('region prefixes (GB/T 2260 / GB/T 10114)', () => {
  it('covers a region and everything under it', () => {
    expect(regionPrefix('140000', 1)).toBe('14')
    expect(regionPrefix('140700', 2)).toBe('1407')
    expect(regionPrefix('140702', 3)).toBe('140702')
    expect(regionPrefix('140702002', 4)).toBe('140702002')
  })
})

describe('who supervises an enterprise (管行业必须管安全)', () => {
  const departments = [
    { id: 'a', name: '晋中市应急管理局', kind: 'emergency', regionCode: '140700' },
    { id: 'b', name: '晋中市住房和城乡建设局', kind: 'housing', regionCode: '140700' },
    { id: 'c', name: '榆次区应急管理局', kind: 'emergency', regionCode: '140702' },
    { id: 'd', name: '锦纶街道办事处', kind: 'street', regionCode: '140702002' },
    { id: 'e', name: '晋华街道办事处', kind: 'street', regionCode: '140702009' },
    { id: 'f', name: '太原市应急管理局', kind: 'emergency', regionCode: '140100' },
  ]
  const chain = ['140702002', '140702', '140700', '140000']

  it('a 危险化学品 company: 应急管理局 for both industry and comprehensive, its own 街道 only', () => {
    const s = resolveSupervisors({ regionChain: chain, supervisorKinds: ['emergency'] }, departments)
    expect(s.industry.map((d) => d.id)).toEqual(['a', 'c'])
    expect(s.comprehensive.map((d) => d.id)).toEqual(['a', 'c'])
    expect(s.territorial.map((d) => d.id)).toEqual(['d'])
  })

  it('a 建筑施工 company: 住建局 for the industry, never another city', () => {
    const s = resolveSupervisors({ regionChain: chain, supervisorKinds: ['housing'] }, departments)
    expect(s.industry.map((d) => d.id)).toEqual(['b'])
    expect(s.comprehensive.map((d) => d.id)).not.toContain('f')
  })

  it('scope types follow the department kind', () => {
    expect(scopeTypesOf('street')).toEqual(['territorial'])
    expect(scopeTypesOf('emergency')).toEqual(['industry', 'comprehensive'])
    expect(scopeTypesOf('housing')).toEqual(['industry'])
  })
})
