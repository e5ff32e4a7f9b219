/** The package host: applies a write plan to a workbook's own package, editing only the parts it must. */
export { applyPlanToPackage, readOwnNames, type PackageResult } from './apply';
export { fillPackageBytes, NotEditableError, ooxmlText, OOXML_TEXT, writeBytesAtomic, type FillOutcome } from './files';
export { PackageError } from './opc';
export { PlanConflictError } from './worksheet';
