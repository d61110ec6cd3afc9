import { z } from 'zod'
import { isUuid } from './ids'

// The one form-error pattern: a zod schema parses the submitted fields; on failure the route returns
// { values, fieldErrors } with status 400 and the form shows each message beside its field.

export type FieldErrors = Record<string, string>

export type FormResult<T> =
  { ok: true; data: T; values: Record<string, string> } | { ok: false; values: Record<string, string>; fieldErrors: FieldErrors }

/**
 * Control characters have no place in anything a person types (a NUL byte even makes PostgreSQL refuse
 * the text, which would be a 500): removed, except tab and line breaks.
 */
export function stripControls(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
}

/** A form's text fields, control characters removed (files are left out). */
export function formValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {}
  for (const [key, value] of formData.entries()) {
    if (typeof value === 'string') values[stripControls(key)] = stripControls(value)
  }
  return values
}

export function parseForm<S extends z.ZodType>(schema: S, formData: FormData): FormResult<z.output<S>> {
  const values = formValues(formData)
  const result = schema.safeParse(values)
  if (result.success) return { ok: true, data: result.data, values }
  return { ok: false, values, fieldErrors: fieldErrorsOf(result.error) }
}

export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {}
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.map(String).join('.') : '_form'
    if (issue.code === 'unrecognized_keys') {
      errors._form ??= '表单包含无法识别的字段，请刷新页面后重试'
      continue
    }
    errors[key] ??= issue.message
  }
  return errors
}

/**
 * Full-width digits and letters (０-９, Ａ-Ｚ) and the symbols of numbers, codes and dates (＋－．／：＠)
 * as people paste them, made half-width, and trimmed. Chinese punctuation such as （）、，stays as written.
 * Only for codes, numbers and dates (credit codes, ID numbers, phone numbers, 工号, dates): prose is
 * kept as typed (proseText), where "第2项：已于…" is correct Chinese and its ： is not a code's colon.
 */
export function toHalfWidth(raw: string): string {
  return raw
    .replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A\uFF0B\uFF0D\uFF0E\uFF0F\uFF1A\uFF20]/g, (ch) =>
      String.fromCharCode(ch.charCodeAt(0) - 0xfee0),
    )
    .replace(/\u3000/g, ' ')
    .trim()
}

/** How names are compared: spaces dropped, half-width brackets read as the full-width ones in use. */
export function matchKey(name: string): string {
  return toHalfWidth(name).replace(/\s+/g, '').replace(/\(/g, '（').replace(/\)/g, '）')
}

/**
 * Chinese prose as typed (names, titles, descriptions, a duty's text, an inspection's findings):
 * trimmed, invisible characters removed, and nothing else changed — no full-width character is
 * converted. Codes, numbers and dates go through toHalfWidth instead.
 */
export function proseText(raw: string): string {
  return raw.replace(/[\u200B-\u200D\uFEFF]/g, '').trim()
}

/** A required prose field of a form: kept as typed, between `min` and `max` characters. */
export function proseField(label: string, max: number, min = 1) {
  return z
    .string({ error: `请填写${label}` })
    .transform(proseText)
    .pipe(
      z
        .string()
        .min(min, { error: `请填写${label}` })
        .max(max, { error: `${label}不能超过${max}字` }),
    )
}

/** A required code or number field (证书编号 …): full-width digits, letters and symbols made half-width. */
export function codeField(label: string, max: number, min = 1) {
  return z
    .string({ error: `请填写${label}` })
    .transform(toHalfWidth)
    .pipe(
      z
        .string()
        .min(min, { error: `请填写${label}` })
        .max(max, { error: `${label}不能超过${max}字` }),
    )
}

/**
 * A form's one-time key: a hidden field holding a fresh uuid each time the form is shown, so that the
 * same form sent again (a double click, a resent page, a phone's retry) is known for what it is and
 * answered with what its first sending made. Anything but a uuid is no key: the form is taken as it
 * always was, without that protection, and never refused for it.
 */
export const formKeyField = z
  .string()
  .transform((v) => (isUuid(v) ? v : undefined))
  .optional()
