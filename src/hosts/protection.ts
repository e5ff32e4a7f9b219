/** A sheet the write plan would write is protected: a host stops before writing anything. */
export class ProtectedSheetError extends Error {
  constructor(readonly sheet: string) {
    super(`sheet "${sheet}" is protected`);
  }
}
