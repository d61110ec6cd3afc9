import { z } from 'zod'
import { dayField, optionalDayField } from '../../utils/calendar'
import { codeField, proseField } from '../../utils/form'

const day = dayField
export const sessionSchema = z
  .object({
    topic: proseField('培训主题', 100, 2),
    kind: z.enum(['岗前三级教育', '年度再培训', '转岗复岗', '特种作业', '负责人及安全管理人员'], { error: '请选择培训类别' }),
    level: z
      .string()
      .optional()
      .transform((v) => v || null)
      .pipe(z.enum(['厂级', '车间级', '班组级']).nullable()),
    status: z.enum(['planned', 'held'], { error: '请选择状态' }),
    heldOn: day('培训日期'),
    hours: z.coerce.number({ error: '请填写学时' }).min(0.5, { error: '学时至少0.5' }).max(200, { error: '学时不能超过200' }),
    trainer: proseField('授课人', 50, 2),
    place: proseField('地点', 100, 2),
    assessment: z.string().max(500, { error: '考核方式不能超过500字' }).optional().default(''),
  })
  .strict()

export const certificateSchema = z
  .object({
    employeeId: z.string({ error: '请选择持证人' }).uuid({ error: '请选择持证人' }),
    kind: proseField('证书', 80, 1),
    number: codeField('证书编号', 40, 3),
    authority: proseField('发证机关', 60, 2),
    issuedOn: day('发证日期'),
    expiresOn: day('有效期至'),
    reviewDueOn: optionalDayField('复审日期'),
  })
  .strict()

/** What a training session's evidence can be (shown in the page, so kept out of *.server). */
export const SESSION_EVIDENCE_SLOTS = [
  { slot: 'signin', label: '签到表扫描件' },
  { slot: 'photo', label: '培训照片' },
  { slot: 'exam', label: '试卷或考核记录' },
] as const

/** Filing a certificate recorded before the catalogue under a catalogue item (or "其他：…"). */
export const resolveCertificateSchema = z
  .object({
    intent: z.literal('resolve-certificate'),
    certificateId: z.string().uuid({ error: '请刷新页面后重试' }),
    value: z.string({ error: '请选择证书' }).max(80, { error: '证书名称不能超过60个字' }),
  })
  .strict()

/** The same for a post's requirement. */
export const resolveRequirementSchema = z
  .object({
    intent: z.literal('resolve-requirement'),
    postId: z.string().uuid({ error: '请刷新页面后重试' }),
    legacy: z.string().min(1).max(200),
    value: z.string({ error: '请选择证书' }).max(80, { error: '证书名称不能超过60个字' }),
  })
  .strict()
