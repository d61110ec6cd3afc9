import { useState } from 'react'
import { MAX_IMPORT_BYTES, tooLargeMessage } from '../modules/evidence/uploads'
import { IMPORT_FORMATS } from '../modules/excel/formats'
import { FilePicker } from './FileField'

// The problems of an import preview: row number, column, Chinese reason. Shared by every import.
export function ImportProblems({ problems, total }: { problems: { row: number; column: string; message: string }[]; total: number }) {
  return (
    <section className="card">
      <p className="form-error">文件中有错误，整批数据都不会导入。请按下表修改 Excel 后重新上传。</p>
      <div className="table-wrap">
        <table className="data problems">
          <thead>
            <tr>
              <th className="num">行号</th>
              <th>列</th>
              <th>问题</th>
            </tr>
          </thead>
          <tbody>
            {problems.map((p, i) => (
              <tr key={i}>
                <td className="num">第 {p.row} 行</td>
                <td>{p.column}</td>
                <td>{p.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {total > problems.length ? (
        <p className="muted">
          仅显示前 {problems.length} 处错误，共 {total} 处。
        </p>
      ) : null}
    </section>
  )
}

export function ImportUpload({ label, template, busy }: { label: string; template: string; busy: boolean }) {
  // a workbook over the import limit is refused here, before it is sent (the server refuses it too);
  // its content (.xlsx or CSV) is the import pipeline's to judge
  const [tooLarge, setTooLarge] = useState<string | null>(null)
  return (
    <>
      <div className="actions">
        <FilePicker
          id="import-file"
          name="file"
          accept={IMPORT_FORMATS.accept}
          aria-label={label}
          aria-describedby={tooLarge ? 'import-file-error import-formats' : 'import-formats'}
          aria-invalid={tooLarge ? true : undefined}
          required
          onFiles={(files, input) => {
            const file = files[0]
            const problem = file && file.size > MAX_IMPORT_BYTES ? tooLargeMessage(file.name, MAX_IMPORT_BYTES) : null
            if (problem) input.value = ''
            setTooLarge(problem)
            return !problem
          }}
        />
        <button type="submit" className="btn" disabled={busy}>
          {busy ? '正在检查…' : '上传并预览'}
        </button>
        <a href={template} download>
          下载导入模板
        </a>
      </div>
      {tooLarge ? (
        <p id="import-file-error" className="field-error" role="alert">
          {tooLarge}
        </p>
      ) : null}
      <p className="muted" id="import-formats">
        {IMPORT_FORMATS.hint}
      </p>
      <p className="muted" style={{ marginBottom: 0 }}>
        先预览：系统逐行检查，所有行都正确时才能确认导入；有任何错误，整批都不会写入。
      </p>
    </>
  )
}
