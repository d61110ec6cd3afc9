import { describe, expect, it } from 'vitest'
import { draftSchema } from '../../app/modules/duties/schema'
import { employeeSchema } from '../../app/modules/org/schema'
import { answerSchema, inspectionSchema } from '../../app/modules/supervision/schema'
import { certificateSchema } from '../../app/modules/training/schema'
import { parseForm } from '../../app/utils/form'

// Issue 13 #7: full-width characters are made half-width only in codes, numbers and dates; Chinese
// prose is stored as typed ("第2项：已于…" kept its ： , not "第2项:已于…").
const form = (fields: Record<string, string | string[]>) => {
  const data = new FormData()
  for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) data.append(k, one)
  return data
}

describe('prose is kept as typed', () => {
  it('an order answer, an inspection record and a duty keep their full-width punctuation and digits', () => {
    const answer = parseForm(answerSchema, form({ note: '第2项：已于１１月３０日整改完毕（见附件）' }))
    expect(answer.ok && answer.data.note).toBe('第2项：已于１１月３０日整改完毕（见附件）')

    const inspection = parseForm(
      inspectionSchema,
      form({
        inspectedAt: '2026-11-30T09:30',
        place: '合成车间：二楼控制室',
        inspectors: '王建国、李明',
        content: '责任制落实：抽查３个岗位',
        problems: '第1项：未签字确认；第2项：演练无评估报告',
        handling: '当场责令改正／限期整改',
      }),
    )
    expect(inspection.ok).toBe(true)
    if (inspection.ok) {
      expect(inspection.data.place).toBe('合成车间：二楼控制室')
      expect(inspection.data.problems).toBe('第1项：未签字确认；第2项：演练无评估报告')
      expect(inspection.data.handling).toBe('当场责令改正／限期整改')
    }

    const draft = draftSchema.safeParse({
      title: '操作工安全生产责任清单：２０２６版',
      items: [{ text: '每班巡检不少于２次：记录温度、压力', category: '岗位操作', legalBasis: '《安全生产法》第五十七条：从业人员' }],
    })
    expect(draft.success && draft.data.items[0]!.text).toBe('每班巡检不少于２次：记录温度、压力')
    expect(draft.success && draft.data.title).toBe('操作工安全生产责任清单：２０２６版')
  })

  it('codes, numbers and dates are still made half-width', () => {
    const employee = parseForm(
      employeeSchema,
      form({
        name: '张三',
        employeeNo: 'ｈｓ０１２',
        phone: '１３９－１２３４－５６７８',
        employmentType: '正式',
        hiredOn: '２０２４－０３－０５',
      }),
    )
    expect(employee.ok).toBe(true)
    if (employee.ok) {
      expect(employee.data.employeeNo).toBe('HS012')
      expect(employee.data.phone).toBe('13912345678')
      expect(employee.data.hiredOn).toBe('2024-03-05')
    }
    const certificate = certificateSchema.safeParse({
      employeeId: '00000000-0000-4000-8000-000000000000',
      kind: '特种作业操作证（电工作业）',
      number: 'Ｔ１４０７０２１９９００１０１２３４５',
      authority: '晋中市应急管理局',
      issuedOn: '2024-03-05',
      expiresOn: '2030-03-04',
    })
    expect(certificate.success && certificate.data.number).toBe('T140702199001012345')
  })
})
