// Reference data: regions (GB/T 2260 / GB/T 10114), industries and the departments that supervise them
// (管行业必须管安全 — seed 001, 晋中市安委会成员单位安全生产监管职责; DESIGN 2.6).
import type { DepartmentSeed, IndustrySeed, RegionSeed } from './types'

export const regions: RegionSeed[] = [
  { code: '140000', name: '山西省', parentCode: null, level: 1 },

  // 晋中市 and all its county-level divisions
  { code: '140700', name: '晋中市', parentCode: '140000', level: 2 },
  { code: '140702', name: '榆次区', parentCode: '140700', level: 3 },
  { code: '140703', name: '太谷区', parentCode: '140700', level: 3 },
  { code: '140721', name: '榆社县', parentCode: '140700', level: 3 },
  { code: '140722', name: '左权县', parentCode: '140700', level: 3 },
  { code: '140723', name: '和顺县', parentCode: '140700', level: 3 },
  { code: '140724', name: '昔阳县', parentCode: '140700', level: 3 },
  { code: '140725', name: '寿阳县', parentCode: '140700', level: 3 },
  { code: '140727', name: '祁县', parentCode: '140700', level: 3 },
  { code: '140728', name: '平遥县', parentCode: '140700', level: 3 },
  { code: '140729', name: '灵石县', parentCode: '140700', level: 3 },
  { code: '140781', name: '介休市', parentCode: '140700', level: 3 },

  // 榆次区的街道 (锦纶 002 and 晋华 009 as published; the other suffixes follow the same numbering)
  { code: '140702001', name: '北关街道', parentCode: '140702', level: 4 },
  { code: '140702002', name: '锦纶街道', parentCode: '140702', level: 4 },
  { code: '140702003', name: '西南街道', parentCode: '140702', level: 4 },
  { code: '140702004', name: '新华街道', parentCode: '140702', level: 4 },
  { code: '140702005', name: '路西街道', parentCode: '140702', level: 4 },
  { code: '140702006', name: '安宁街道', parentCode: '140702', level: 4 },
  { code: '140702007', name: '新建街道', parentCode: '140702', level: 4 },
  { code: '140702008', name: '经纬街道', parentCode: '140702', level: 4 },
  { code: '140702009', name: '晋华街道', parentCode: '140702', level: 4 },

  // 介休市的街道
  { code: '140781001', name: '北关街道', parentCode: '140781', level: 4 },
  { code: '140781002', name: '西关街道', parentCode: '140781', level: 4 },
  { code: '140781003', name: '东南街道', parentCode: '140781', level: 4 },
  { code: '140781004', name: '西南街道', parentCode: '140781', level: 4 },
  { code: '140781005', name: '北坛街道', parentCode: '140781', level: 4 },

  // 太原市: a second city, for scope tests
  { code: '140100', name: '太原市', parentCode: '140000', level: 2 },
  { code: '140105', name: '小店区', parentCode: '140100', level: 3 },
  { code: '140106', name: '迎泽区', parentCode: '140100', level: 3 },
  { code: '140107', name: '杏花岭区', parentCode: '140100', level: 3 },
]

export const industries: IndustrySeed[] = [
  // 高危行业: 煤矿、非煤矿山、危险化学品、烟花爆竹、金属冶炼 — 应急管理局 (原安监局) 监管执法, 煤矿归能源(煤炭)局
  { code: 'hazchem', name: '危险化学品', highRisk: true, halfYearlyDrills: true, supervisors: ['emergency'], sort: 10 },
  { code: 'nonCoalMine', name: '非煤矿山', highRisk: true, halfYearlyDrills: true, supervisors: ['emergency'], sort: 20 },
  { code: 'fireworks', name: '烟花爆竹', highRisk: true, halfYearlyDrills: true, supervisors: ['emergency'], sort: 30 },
  { code: 'metallurgy', name: '金属冶炼', highRisk: true, halfYearlyDrills: true, supervisors: ['emergency'], sort: 40 },
  { code: 'coalMine', name: '煤矿', highRisk: true, halfYearlyDrills: true, supervisors: ['energy'], sort: 50 },
  {
    code: 'industrialTrade',
    name: '工贸（冶金、有色、建材、机械、轻工、纺织、烟草、商贸）',
    highRisk: false,
    halfYearlyDrills: false,
    supervisors: ['emergency'],
    sort: 60,
  },
  // 住建局: 房屋建筑和市政基础设施工程施工
  { code: 'construction', name: '建筑施工', highRisk: false, halfYearlyDrills: true, supervisors: ['housing'], sort: 70 },
  // 交通运输局: 道路运输、水路运输、城市轨道交通运营
  { code: 'roadTransport', name: '道路运输', highRisk: false, halfYearlyDrills: false, supervisors: ['transport'], sort: 80 },
  { code: 'waterTransport', name: '水路运输', highRisk: false, halfYearlyDrills: false, supervisors: ['transport'], sort: 90 },
  { code: 'urbanRail', name: '城市轨道交通', highRisk: false, halfYearlyDrills: true, supervisors: ['transport'], sort: 100 },
  // 市场监管局 (原质监局): 特种设备使用、检验
  { code: 'specialEquipment', name: '特种设备使用单位', highRisk: false, halfYearlyDrills: false, supervisors: ['market'], sort: 110 },
  { code: 'school', name: '学校', highRisk: false, halfYearlyDrills: false, supervisors: ['education'], sort: 120 },
  { code: 'medical', name: '医疗机构', highRisk: false, halfYearlyDrills: false, supervisors: ['health'], sort: 130 },
  // 住宿业 归商务(原商粮)局; 星级饭店的安全和应急管理由文化和旅游(原旅发委)部门指导
  { code: 'hotel', name: '宾馆饭店', highRisk: false, halfYearlyDrills: true, supervisors: ['commerce', 'culture_tourism'], sort: 140 },
  // 批发业、零售业 归商务局
  { code: 'mall', name: '商场超市', highRisk: false, halfYearlyDrills: true, supervisors: ['commerce'], sort: 150 },
  // 公共娱乐场所 归文化(和旅游)局
  { code: 'entertainment', name: '娱乐场所', highRisk: false, halfYearlyDrills: true, supervisors: ['culture_tourism'], sort: 160 },
  // A 级景区 归文化和旅游(原旅发委)部门
  { code: 'scenicSpot', name: '旅游景区', highRisk: false, halfYearlyDrills: true, supervisors: ['culture_tourism'], sort: 170 },
  // 原农机局的农业机械安全监理, 今属农业农村局
  { code: 'agriMachinery', name: '农业机械', highRisk: false, halfYearlyDrills: false, supervisors: ['agriculture'], sort: 180 },
  // 水库、水电站大坝、水利建设工程 归水利局
  { code: 'waterConservancy', name: '水利工程', highRisk: false, halfYearlyDrills: false, supervisors: ['water'], sort: 190 },
]

export const departments: DepartmentSeed[] = [
  // 晋中市
  { key: 'jz-emergency', name: '晋中市应急管理局', kind: 'emergency', regionCode: '140700' },
  { key: 'jz-housing', name: '晋中市住房和城乡建设局', kind: 'housing', regionCode: '140700' },
  { key: 'jz-transport', name: '晋中市交通运输局', kind: 'transport', regionCode: '140700' },
  { key: 'jz-market', name: '晋中市市场监督管理局', kind: 'market', regionCode: '140700' },
  { key: 'jz-energy', name: '晋中市能源局', kind: 'energy', regionCode: '140700' },
  // 榆次区
  { key: 'yc-emergency', name: '榆次区应急管理局', kind: 'emergency', regionCode: '140702' },
  { key: 'yc-street', name: '榆次区锦纶街道办事处', kind: 'street', regionCode: '140702002' },
  // 太原市
  { key: 'ty-emergency', name: '太原市应急管理局', kind: 'emergency', regionCode: '140100' },
  { key: 'ty-housing', name: '太原市住房和城乡建设局', kind: 'housing', regionCode: '140100' },
]
