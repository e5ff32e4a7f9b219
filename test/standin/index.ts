/** The strict Excel stand-in (see ./excel.ts). */
export {
  createStandIn,
  installGlobals,
  implementedMembers,
  cellAsSeen,
  a1,
  parseA1,
  sheetRef,
  sheetNeedsQuotes,
  splitSheetAddress,
  columnLetters,
  StandInError,
  StandInWorkbook,
  StandInSheet,
  StandInCell,
  StandInNote,
  StandInComment,
  MAX_ROWS,
  MAX_COLUMNS,
  DEFAULT_FONT_SIZE,
  DEFAULT_COLUMN_WIDTH,
} from './excel';
export type { StandIn, StandInOptions, StandInStats, RequestSummary, StandInOffice, StandInSettings, StandInValidation, BorderLine, Visibility } from './excel';
