// The second step of a signature (components/ConfirmSignature.tsx): the panel's form carries
// confirm=1, and a signing action refuses a post without it, so no single click signs.

export const CONFIRM_FIELD = 'confirm'
export const NOT_CONFIRMED = '请先核对将要签字的内容，再点击确认签字'

export function isConfirmed(form: FormData): boolean {
  return form.get(CONFIRM_FIELD) === '1'
}
