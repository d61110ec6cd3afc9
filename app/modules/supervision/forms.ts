import type { z } from 'zod'
import { fieldErrorsOf, type FieldErrors } from '../../utils/form'
import { inspectionSchema, MAX_ORDER_ITEMS, orderItemSchema } from './schema'

export type InspectionInput = Omit<z.output<typeof inspectionSchema>, 'issueOrder'>
/** An order item with the form row it came from, so an error found later lands beside that row. */
export type OrderItemInput = z.output<typeof orderItemSchema> & { row?: number }

/**
 * The inspection form with its order rows (`items.0.problem`, `items.0.requirement`,
 * `items.0.dueDate`, …). Blank rows are skipped; a half-filled row is an error beside its fields;
 * ticking 下达整改指令 without any row is an error too.
 */
export function parseInspectionForm(
  values: Record<string, string>,
): { ok: true; inspection: InspectionInput; items: OrderItemInput[] } | { ok: false; fieldErrors: FieldErrors } {
  const base = Object.fromEntries(Object.entries(values).filter(([k]) => !k.startsWith('items.')))
  const errors: FieldErrors = {}
  const parsed = inspectionSchema.safeParse(base)
  if (!parsed.success) Object.assign(errors, fieldErrorsOf(parsed.error))

  const items: OrderItemInput[] = []
  if (values.issueOrder === 'on') {
    for (let i = 0; i < MAX_ORDER_ITEMS; i++) {
      const row = {
        problem: values[`items.${i}.problem`] ?? '',
        requirement: values[`items.${i}.requirement`] ?? '',
        dueDate: values[`items.${i}.dueDate`] ?? '',
      }
      if (!row.problem.trim() && !row.requirement.trim() && !row.dueDate) continue
      const r = orderItemSchema.safeParse(row)
      if (r.success) items.push({ ...r.data, row: i })
      else for (const [k, m] of Object.entries(fieldErrorsOf(r.error))) errors[`items.${i}.${k}`] ??= m
    }
    if (!items.length && !Object.keys(errors).some((k) => k.startsWith('items.')))
      errors['items.0.problem'] = '下达整改指令须至少填写一项问题及整改要求'
  }
  if (Object.keys(errors).length || !parsed.success) return { ok: false, fieldErrors: errors }
  const { issueOrder: _ignored, ...inspection } = parsed.data
  return { ok: true, inspection, items }
}
