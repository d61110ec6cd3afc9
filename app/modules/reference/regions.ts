import { regions } from '../../../seeds/reference'

// Region codes as identity numbers carry them (GB/T 2260): the province-level divisions, the cities
// of 山西 (the province the portal serves), and the county-level divisions of the cities whose whole
// list is in the reference data (seeds/reference.ts). Pure: used by the 身份证号 and 统一社会信用代码 checks.

/** GB/T 2260 province-level codes (the first two digits), with 83 of the 台湾居民居住证. */
export const PROVINCES: Record<string, string> = {
  '11': '北京市',
  '12': '天津市',
  '13': '河北省',
  '14': '山西省',
  '15': '内蒙古自治区',
  '21': '辽宁省',
  '22': '吉林省',
  '23': '黑龙江省',
  '31': '上海市',
  '32': '江苏省',
  '33': '浙江省',
  '34': '安徽省',
  '35': '福建省',
  '36': '江西省',
  '37': '山东省',
  '41': '河南省',
  '42': '湖北省',
  '43': '湖南省',
  '44': '广东省',
  '45': '广西壮族自治区',
  '46': '海南省',
  '50': '重庆市',
  '51': '四川省',
  '52': '贵州省',
  '53': '云南省',
  '54': '西藏自治区',
  '61': '陕西省',
  '62': '甘肃省',
  '63': '青海省',
  '64': '宁夏回族自治区',
  '65': '新疆维吾尔自治区',
  '71': '台湾省',
  '81': '香港特别行政区',
  '82': '澳门特别行政区',
  '83': '台湾地区（居住证）',
}

/** Where 统一社会信用代码 are issued: the mainland's province-level divisions. */
const MAINLAND = new Set(Object.keys(PROVINCES).filter((p) => Number(p) < 70))

/** 山西's eleven cities (GB/T 2260). */
const SHANXI_CITIES = new Set(['1401', '1402', '1403', '1404', '1405', '1406', '1407', '1408', '1409', '1410', '1411'])

/** Cities whose every county-level division is in the reference data. */
const COMPLETE_CITIES = new Set(['140700'])
const KNOWN = new Set(regions.filter((r) => r.code.length === 6).map((r) => r.code))

/** Why six digits are not a GB/T 2260 code a registration authority can have, or null. */
export function registrationRegionProblem(code: string): string | null {
  if (!/^\d{6}$/.test(code)) return '应为6位数字'
  const province = code.slice(0, 2)
  const city = code.slice(2, 4)
  const county = code.slice(4, 6)
  if (!MAINLAND.has(province)) return `前两位「${province}」不是省级行政区划代码`
  if (city === '00' && county !== '00') return `「${code}」不是有效的行政区划代码`
  if (province === '14' && city !== '00' && !SHANXI_CITIES.has(code.slice(0, 4))) return `山西省没有代码为「${code.slice(0, 4)}00」的市`
  if (COMPLETE_CITIES.has(`${code.slice(0, 4)}00`) && county !== '00' && !KNOWN.has(code)) return `「${code}」不是现行的县级行政区划代码`
  return null
}
