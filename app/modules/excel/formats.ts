// What the import pickers accept, in one place: the browser's `accept`, the hint beside the picker
// and the reader's limit come from here. The reader decides by content, never by this list.
export const IMPORT_MAX_BYTES = 10 * 1024 * 1024

export const IMPORT_FORMATS = {
  accept: '.xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv',
  hint: `支持 Excel 工作簿（.xlsx）和 Excel 另存的 CSV（UTF-8 或 GBK），不超过 ${IMPORT_MAX_BYTES / 1024 / 1024} MB；旧版 .xls 请先另存为 .xlsx`,
} as const
