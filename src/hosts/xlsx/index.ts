/**
 * The .xlsx package layer (pure: no Node API, it runs in the task pane too): bytes → snapshot + package, with
 * the limits counted by the same reading. Node's file handling is in ../node.
 */
export { readWorkbook, openPackage, XlsxPackage, LIMITS, MAX_CELLS, MAX_RANGES, MAX_FILE_BYTES, MAX_UNPACKED_BYTES, MAX_PACKED_RATIO, PACKED_RATIO_MIN_BYTES, percentText, serialDate, formatKind, parseRange, type ReadOptions, type ReadResult } from './read';
export { XlsxError, DETAILS, KINDS, detailText, type XlsxProblem, type DetailKey } from './errors';
export { readZipDirectory, entryData, inflatePako, MAX_ENTRIES, TooLargeError, type Inflate, type ZipEntry } from './zip';
