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

/** The add-in's OfficeEnv over a stand-in (what `officeEnv()` gives inside Excel). */
export function officeEnvOf(s: import('./excel').StandIn): import('../../src/hosts/office/actions').OfficeEnv {
  const doc = s.Office.context.document;
  return {
    run: (batch) => s.Excel.run(batch),
    isSetSupported: (name, version) => s.Office.context.requirements.isSetSupported(name, version),
    displayLanguage: s.Office.context.displayLanguage,
    readOnly: () => doc.mode === s.Office.DocumentMode.ReadOnly,
    settings: {
      get: (k) => doc.settings.get(k),
      set: (k, v) => doc.settings.set(k, v),
      save: () => new Promise<void>((resolve) => doc.settings.saveAsync(() => resolve())),
    },
  };
}
