import { acceptOf, MAX_IMPORT_BYTES } from '../evidence/uploads'

// What the import pickers accept: the upload list's import kind (.xlsx and its limit), plus the CSV that
// Excel saves, which the reader decides by content (it has no magic bytes for the evidence sniffer).
export const IMPORT_FORMATS = {
  accept: `${acceptOf('import')},.csv,text/csv`,
  hint: `支持 Excel 工作簿（.xlsx）和 Excel 另存的 CSV（UTF-8 或 GBK），不超过 ${MAX_IMPORT_BYTES / 1024 / 1024} MB；旧版 .xls 请先另存为 .xlsx`,
} as const
