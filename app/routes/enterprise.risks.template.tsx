import type { LoaderFunctionArgs } from '@remix-run/node'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { templateWorkbook } from '../modules/excel/workbook.server'
import { REGISTER_COLUMNS } from '../modules/hazards/register'
import { LEC_BANDS, LEC_FACTORS, LS_BANDS, RISK_LEVELS } from '../../seeds/dual-prevention'

// The import template of the 风险分级管控清单: the export's columns, one example row, and the notes
// (the method's table values and bands, from seeds/dual-prevention.ts).
export async function loader({ request }: LoaderFunctionArgs) {
  await requireEnterpriseUser(request, ACCESS.risks.manage)
  const levelName = (l: string) => RISK_LEVELS.find((x) => x.level === l)!.name
  const example: Record<string, unknown> = {
    unit: '加氢工段',
    point: '加氢反应区',
    pointKind: '设备设施',
    location: '合成车间一层',
    source: '加氢反应釜超温超压',
    accidents: '火灾、爆炸',
    method: 'LEC',
    l: 3,
    e: 6,
    c: 40,
    s: null,
    score: 720,
    level: '重大风险',
    controlLevel: '公司级',
    post: '化工操作工（加氢）',
    measure_engineering: '温度、压力高高联锁切断进料',
    measure_management: '严格执行工艺操作规程，每小时巡检记录',
    measure_training: '岗前培训加氢工艺操作和异常工况处置',
    measure_ppe: '防静电工作服、安全帽、防护眼镜',
    measure_emergency: '加氢反应失控现场处置方案，每半年演练一次',
  }
  const bytes = await templateWorkbook({
    title: '风险分级管控清单',
    columns: REGISTER_COLUMNS.map((c) => ({ header: c.header, width: c.width, note: c.note })),
    example: REGISTER_COLUMNS.map((c) => example[c.key] ?? null),
    notes: [
      '1. 每行一个危险源；所属单元、责任岗位须与本系统组织机构、岗位名称一致；同一风险点须属于同一单元、同一类型。',
      `2. 评价方法 LEC：D = L × E × C。L 取 ${LEC_FACTORS.L.map((f) => f.value).join('、')}；E 取 ${LEC_FACTORS.E.map((f) => f.value).join('、')}；C 取 ${LEC_FACTORS.C.map((f) => f.value).join('、')}。`,
      `   分级：${LEC_BANDS.map((b) => `${b.label} ${levelName(b.level)}`).join('；')}。`,
      `3. 评价方法 LS（风险矩阵）：R = L × S，L、S 均为 1～5 的整数。分级：${LS_BANDS.map((b) => `${b.label} ${levelName(b.level)}`).join('；')}。`,
      '4. 风险值、风险等级由系统按评价结果计算，可以留空；填写的与计算结果不符时，该行不予导入。',
      '5. 管控层级：重大风险至少公司级，较大至少车间（部门）级，一般至少班组级。',
      '6. 五类管控措施至少填写一类。同一风险点的同一危险源已登记的，导入即更新；导入先预览，全部正确才写入。',
    ],
  })
  return new Response(new Uint8Array(bytes), {
    headers: {
      'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'Content-Disposition': `attachment; filename="risk-register-template.xlsx"; filename*=UTF-8''${encodeURIComponent('风险分级管控清单导入模板.xlsx')}`,
    },
  })
}
