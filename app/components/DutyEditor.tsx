import { Form } from '@remix-run/react'
import { useState } from 'react'
import { DUTY_CATEGORIES } from '../modules/duties/rules'
import { UnsavedChangesGuard } from './UnsavedChanges'

export interface EditableItem {
  key: string
  text: string
  category: string
  legalBasis: string
  criterion: string
  weight: string
}

let nextKey = 0
const newKey = () => `n${++nextKey}`

type SavedItem = { text: string; category: string; legalBasis: string | null; criterion?: string | null; weight?: number | string | null }

/** What the draft says, for telling whether the screen differs from what is saved. */
const contentOf = (title: string, items: readonly SavedItem[]) =>
  JSON.stringify([title, items.map((i) => [i.text, i.category, i.legalBasis ?? '', i.criterion ?? '', String(i.weight ?? '')])])

/**
 * A draft's items: edit, add, remove, reorder; one save posts the whole ordered list. 提交审批 is a
 * button of the same form, so what is submitted is exactly what is on the screen (the server saves and
 * submits it in one transaction). Leaving with unsaved changes asks first.
 * Errors come back keyed items.<index>.<field> from the server's zod check.
 */
export function DutyEditor({
  versionId,
  title: savedTitle,
  items: initial,
  errors,
  busy,
}: {
  versionId: string
  title: string
  items: SavedItem[]
  errors: Record<string, string>
  busy: boolean
}) {
  const [items, setItems] = useState<EditableItem[]>(() =>
    initial.map((i) => ({
      key: newKey(),
      text: i.text,
      category: i.category,
      legalBasis: i.legalBasis ?? '',
      criterion: i.criterion ?? '',
      weight: i.weight === null || i.weight === undefined ? '' : String(i.weight),
    })),
  )
  const [title, setTitle] = useState(savedTitle)
  // compared with the loader's latest copy: after 保存草稿 the page reloads it and the editor is clean
  const dirty = contentOf(title, items) !== contentOf(savedTitle, initial)

  const update = (index: number, patch: Partial<EditableItem>) =>
    setItems((list) => list.map((it, i) => (i === index ? { ...it, ...patch } : it)))
  const move = (index: number, delta: number) =>
    setItems((list) => {
      const target = index + delta
      if (target < 0 || target >= list.length) return list
      const next = [...list]
      const [moved] = next.splice(index, 1)
      next.splice(target, 0, moved!)
      return next
    })

  return (
    <Form method="post" className="form duty-editor" noValidate>
      <UnsavedChangesGuard when={dirty} />
      <input type="hidden" name="versionId" value={versionId} />
      <div className={`field${errors.title ? ' invalid' : ''}`}>
        <label htmlFor="f-title">清单标题</label>
        <input
          id="f-title"
          name="title"
          value={title}
          onChange={(ev) => setTitle(ev.target.value)}
          aria-invalid={errors.title ? true : undefined}
        />
        {errors.title ? <span className="field-error">{errors.title}</span> : null}
      </div>
      {errors.items ? <div className="form-error">{errors.items}</div> : null}
      <ol className="duty-items editing">
        {items.map((item, index) => {
          const e = (f: string) => errors[`items.${index}.${f}`]
          return (
            <li
              key={item.key}
              className={e('text') || e('category') || e('legalBasis') || e('criterion') || e('weight') ? 'invalid' : undefined}
            >
              <div className="duty-no">{index + 1}</div>
              <div className="duty-fields">
                <div className={`field${e('text') ? ' invalid' : ''}`}>
                  <label htmlFor={`t-${item.key}`} className="sr-only">
                    第{index + 1}条职责内容
                  </label>
                  <textarea
                    id={`t-${item.key}`}
                    name="text"
                    rows={2}
                    value={item.text}
                    onChange={(ev) => update(index, { text: ev.target.value })}
                    aria-invalid={e('text') ? true : undefined}
                  />
                  {e('text') ? <span className="field-error">{e('text')}</span> : null}
                </div>
                <div className="duty-meta">
                  <div className={`field${e('category') ? ' invalid' : ''}`}>
                    <label htmlFor={`c-${item.key}`}>类别</label>
                    <select
                      id={`c-${item.key}`}
                      name="category"
                      value={item.category}
                      onChange={(ev) => update(index, { category: ev.target.value })}
                    >
                      <option value="">请选择</option>
                      {DUTY_CATEGORIES.map((c) => (
                        <option key={c} value={c}>
                          {c}
                        </option>
                      ))}
                    </select>
                    {e('category') ? <span className="field-error">{e('category')}</span> : null}
                  </div>
                  <div className={`field grow${e('legalBasis') ? ' invalid' : ''}`}>
                    <label htmlFor={`b-${item.key}`}>法律依据（可选）</label>
                    <input
                      id={`b-${item.key}`}
                      name="legalBasis"
                      value={item.legalBasis}
                      onChange={(ev) => update(index, { legalBasis: ev.target.value })}
                    />
                    {e('legalBasis') ? <span className="field-error">{e('legalBasis')}</span> : null}
                  </div>
                  {/* 考核标准 (《安全生产法》第二十二条): approved with the list; the assessor scores against it */}
                  <div className={`field grow${e('criterion') ? ' invalid' : ''}`}>
                    <label htmlFor={`k-${item.key}`}>考核标准（可选）</label>
                    <input
                      id={`k-${item.key}`}
                      name="criterion"
                      value={item.criterion}
                      onChange={(ev) => update(index, { criterion: ev.target.value })}
                      aria-invalid={e('criterion') ? true : undefined}
                    />
                    {e('criterion') ? <span className="field-error">{e('criterion')}</span> : null}
                  </div>
                  <div className={`field weight${e('weight') ? ' invalid' : ''}`}>
                    <label htmlFor={`w-${item.key}`}>权重</label>
                    <input
                      id={`w-${item.key}`}
                      name="weight"
                      inputMode="numeric"
                      size={4}
                      value={item.weight}
                      onChange={(ev) => update(index, { weight: ev.target.value })}
                      aria-invalid={e('weight') ? true : undefined}
                    />
                    {e('weight') ? <span className="field-error">{e('weight')}</span> : null}
                  </div>
                  <div className="duty-buttons">
                    <button
                      type="button"
                      className="btn btn-secondary btn-small"
                      onClick={() => move(index, -1)}
                      disabled={index === 0}
                      aria-label={`第${index + 1}条上移`}
                    >
                      上移
                    </button>
                    <button
                      type="button"
                      className="btn btn-secondary btn-small"
                      onClick={() => move(index, 1)}
                      disabled={index === items.length - 1}
                      aria-label={`第${index + 1}条下移`}
                    >
                      下移
                    </button>
                    <button
                      type="button"
                      className="btn btn-danger btn-small"
                      onClick={() => setItems((list) => list.filter((_, i) => i !== index))}
                      aria-label={`删除第${index + 1}条`}
                    >
                      删除
                    </button>
                  </div>
                </div>
              </div>
            </li>
          )
        })}
      </ol>
      {/* kept in view while a long list scrolls: the buttons and whether anything is unsaved */}
      <div className="actions editor-bar">
        <button
          type="button"
          className="btn btn-secondary"
          onClick={() =>
            setItems((list) => [...list, { key: newKey(), text: '', category: '岗位操作', legalBasis: '', criterion: '', weight: '' }])
          }
        >
          添加一条职责
        </button>
        {/* the first submit button is the one Enter presses: saving, never submitting */}
        <button type="submit" name="intent" value="save" className="btn btn-secondary" disabled={busy}>
          {busy ? '正在保存…' : '保存草稿'}
        </button>
        <button type="submit" name="intent" value="submit" className="btn" disabled={busy}>
          提交审批
        </button>
        {dirty ? (
          <span className="badge badge-amber" role="status">
            有未保存的修改
          </span>
        ) : null}
      </div>
      <p className="muted">提交审批时将一并保存屏幕上的内容；提交后由审批人依次审批签字，最后一人签字后自动发布。</p>
    </Form>
  )
}
