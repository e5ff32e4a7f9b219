/** What this Excel can do: the add-in needs ExcelApi 1.7 and uses newer sets only where Excel has them. */

/** The requirement set the manifest declares; below it the add-in does not load. */
export const MIN_EXCEL_API = '1.7';

export interface ExcelFeatures {
  /** Merged areas of a sheet (ExcelApi 1.13); without it, merged header and name cells are read cell by cell. */
  merges: boolean;
  /** Notes on marked cells (ExcelApi 1.18). */
  notes: boolean;
  /** Threaded comments on marked cells where notes are missing (ExcelApi 1.10). */
  comments: boolean;
  /** Dropdown lists in the template (ExcelApi 1.8). */
  validation: boolean;
  /** One format call for many cells (`getRanges`, ExcelApi 1.9) and the fill pattern. */
  rangeAreas: boolean;
  /** Screen updating suspended during a write (ExcelApi 1.9). */
  screenUpdating: boolean;
  /** Page layout: orientation, fit to pages, print area and titles, page breaks, footers (ExcelApi 1.9). */
  pageLayout?: boolean;
}

export type IsSetSupported = (name: string, version: string) => boolean;

export function detectFeatures(isSetSupported: IsSetSupported): ExcelFeatures {
  const api = (v: string) => {
    try {
      return isSetSupported('ExcelApi', v);
    } catch {
      return false;
    }
  };
  return {
    merges: api('1.13'),
    notes: api('1.18'),
    comments: api('1.10'),
    validation: api('1.8'),
    rangeAreas: api('1.9'),
    screenUpdating: api('1.9'),
    pageLayout: api('1.9'),
  };
}
