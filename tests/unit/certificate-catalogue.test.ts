import { describe, expect, it } from 'vitest'
import { certificateKey, matchLegacyName, parseChoice, type CatalogueItem } from '../../app/modules/reference/catalogue'
import { addYears, certificateState, checkCertificateDates } from '../../app/modules/training/rules'
import { certificateCatalogue } from '../../seeds/certificate-catalogue'

const catalogue: CatalogueItem[] = certificateCatalogue.map(({ code, kind, category, item, name, validityYears, reviewYears }) => ({
  code,
  kind,
  category,
  item,
  name,
  validityYears,
  reviewYears,
}))
const byName = (name: string) => catalogue.find((c) => c.name === name)!
const HYDRO = '特种作业操作证（危险化学品安全作业·加氢工艺作业）'
const today = '2026-11-30'

describe('the catalogue (令第30号 特种作业目录 and the others)', () => {
  it('holds the 特种作业 categories with the 16 危险化学品 processes, the 特种设备 items and the 考核合格证', () => {
    const tz = catalogue.filter((c) => c.kind === '特种作业操作证')
    expect(new Set(tz.map((c) => c.category)).size).toBe(10)
    expect(tz.filter((c) => c.category === '危险化学品安全作业').map((c) => c.item)).toEqual([
      '光气及光气化工艺作业',
      '氯碱电解工艺作业',
      '氯化工艺作业',
      '硝化工艺作业',
      '合成氨工艺作业',
      '裂解（裂化）工艺作业',
      '氟化工艺作业',
      '加氢工艺作业',
      '重氮化工艺作业',
      '氧化工艺作业',
      '过氧化工艺作业',
      '胺基化工艺作业',
      '磺化工艺作业',
      '聚合工艺作业',
      '烷基化工艺作业',
      '化工自动化控制仪表作业',
    ])
    expect(byName(HYDRO)).toMatchObject({ code: 'TZ-9.8', validityYears: 6, reviewYears: 3 })
    for (const n of [
      '特种设备作业人员证（N1 叉车司机）',
      '特种设备作业人员证（Q1 起重机指挥）',
      '特种设备作业人员证（G1 工业锅炉司炉）',
      '特种设备作业人员证（R1 快开门式压力容器操作）',
      '特种设备作业人员证（R2 移动式压力容器充装）',
      '特种设备作业人员证（P 气瓶充装）',
      '特种设备作业人员证（T 电梯修理）',
    ]) {
      expect(byName(n)).toMatchObject({ validityYears: 4 })
    }
    expect(byName('危险化学品生产单位主要负责人安全生产知识和管理能力考核合格证')).toMatchObject({ validityYears: 3 })
    expect(byName('危险化学品生产单位安全生产管理人员安全生产知识和管理能力考核合格证')).toMatchObject({ validityYears: 3 })
  })
})

describe('parseChoice: a catalogue name, or "其他：名称"', () => {
  it('takes a catalogue name however its brackets and spaces were typed', () => {
    expect(parseChoice('特种作业操作证(危险化学品安全作业·加氢工艺作业) ', catalogue)).toEqual({
      ok: true,
      item: byName(HYDRO),
      name: HYDRO,
    })
  })
  it('takes 其他 only with a name, and files a catalogue name written as 其他 under the catalogue', () => {
    expect(parseChoice('其他：船员适任证书', catalogue)).toEqual({ ok: true, item: null, name: '其他：船员适任证书' })
    expect(parseChoice('其他:', catalogue)).toEqual({ ok: false, message: '请在“其他：”后填写证书名称' })
    expect(parseChoice(`其他：${HYDRO}`, catalogue)).toMatchObject({ ok: true, name: HYDRO })
  })
  it('refuses free text', () => {
    expect(parseChoice('加氢工艺作业操作证', catalogue)).toEqual({
      ok: false,
      message: '请从证书目录中选择；目录中没有的，请填写“其他：证书名称”',
    })
    expect(parseChoice('', catalogue).ok).toBe(false)
  })
  it('compares requirement and certificate names by one key', () => {
    expect(certificateKey('其他： 船员适任证书')).toBe(certificateKey('船员适任证书'))
  })
})

describe('matchLegacyName: free text written before the catalogue, matched only where one item fits', () => {
  const match = (text: string) => matchLegacyName(text, certificateCatalogue)
  it('matches the issue’s 加氢工艺作业操作证 and other unambiguous names', () => {
    expect(match('加氢工艺作业操作证')).toBe('TZ-9.8')
    expect(match('加氢工艺操作证')).toBe('TZ-9.8')
    expect(match('叉车司机证')).toBe('TS-N1')
    expect(match('特种作业操作证（低压电工作业）')).toBe('TZ-1.2')
    expect(match('过氧化工艺作业证')).toBe('TZ-9.11') // not 氧化工艺作业, whose name is part of it
    expect(match(HYDRO)).toBe('TZ-9.8')
  })
  it('leaves ambiguous or unknown names to the admin', () => {
    expect(match('电工证')).toBeNull()
    expect(match('特种作业操作证（电工作业）')).toBeNull()
    expect(match('危险化学品安全作业证')).toBeNull()
    expect(match('焊工证')).toBeNull()
    expect(match('主要负责人安全生产知识和管理能力考核合格证')).toBeNull()
  })
})

describe('certificate dates follow the kind (DESIGN 2.4)', () => {
  const hydro = { kind: '特种作业操作证', validityYears: 6, reviewYears: 3 }
  it('derives the 复审 date 3 years after issue when none is given', () => {
    expect(checkCertificateDates({ issuedOn: '2024-03-05', expiresOn: '2030-03-05', reviewDueOn: null }, hydro, today)).toEqual({
      ok: true,
      reviewDueOn: '2027-03-05',
    })
    expect(addYears('2024-02-29', 3)).toBe('2027-02-28')
  })
  it('refuses a 特种作业操作证 valid 20 years with no 复审 date', () => {
    expect(checkCertificateDates({ issuedOn: '2024-03-05', expiresOn: '2044-03-05', reviewDueOn: null }, hydro, today)).toEqual({
      ok: false,
      fieldErrors: { expiresOn: '特种作业操作证有效期6年，有效期至不能晚于2030-03-05' },
    })
  })
  it('refuses an issue date in the future (against the `today` passed in) and an expiry not after issue', () => {
    expect(checkCertificateDates({ issuedOn: '2026-12-01', expiresOn: '2032-12-01', reviewDueOn: null }, hydro, today)).toEqual({
      ok: false,
      fieldErrors: { issuedOn: '发证日期不能晚于今天' },
    })
    expect(checkCertificateDates({ issuedOn: '2026-12-01', expiresOn: '2032-12-01', reviewDueOn: null }, hydro, '2026-12-01').ok).toBe(true)
    expect(checkCertificateDates({ issuedOn: '2024-01-01', expiresOn: '2023-01-01', reviewDueOn: null }, null, today)).toEqual({
      ok: false,
      fieldErrors: { expiresOn: '有效期至应晚于发证日期' },
    })
  })
  it('keeps a given 复审 date between issue and expiry', () => {
    expect(checkCertificateDates({ issuedOn: '2024-03-05', expiresOn: '2030-03-05', reviewDueOn: '2031-01-01' }, hydro, today)).toEqual({
      ok: false,
      fieldErrors: { reviewDueOn: '复审日期应在发证日期和有效期之间' },
    })
  })
  it('a 特种设备作业人员证 is valid 4 years; a certificate outside the catalogue has no fixed limit', () => {
    expect(
      checkCertificateDates(
        { issuedOn: '2024-03-05', expiresOn: '2029-03-05', reviewDueOn: null },
        { kind: '特种设备作业人员证', validityYears: 4, reviewYears: null },
        today,
      ).ok,
    ).toBe(false)
    expect(checkCertificateDates({ issuedOn: '2024-03-05', expiresOn: '2044-03-05', reviewDueOn: null }, null, today)).toEqual({
      ok: true,
      reviewDueOn: null,
    })
  })
  it('a certificate issued in the future never shows 有效', () => {
    expect(certificateState('2032-12-01', null, today, '2026-12-01')).toEqual({ state: 'not_yet', date: '2026-12-01' })
    expect(certificateState('2032-12-01', null, '2026-12-01', '2026-12-01').state).toBe('valid')
  })
})
