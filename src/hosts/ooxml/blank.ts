/** A blank workbook package (no sheet yet), for `template`: the package writer adds the template's sheets to it. */
import { MINIMAL_STYLES } from './styles';
import { writeZip, type ZipItem } from './zipWrite';

const HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

export async function blankWorkbook(): Promise<Uint8Array> {
  const items: ZipItem[] = [];
  // A fixed date (2026-01-01 00:00), so that the same template gives the same bytes.
  const modDate = ((2026 - 1980) << 9) | (1 << 5) | 1;
  const put = (name: string, xml: string) => items.push({ name, source: { kind: 'text', chunks: [HEAD + xml] }, modTime: 0, modDate });
  put(
    '[Content_Types].xml',
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>',
  );
  put(
    '_rels/.rels',
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>',
  );
  put(
    'docProps/core.xml',
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>plancheck</dc:creator></cp:coreProperties>',
  );
  put(
    'xl/workbook.xml',
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><bookViews><workbookView activeTab="0"/></bookViews><sheets></sheets></workbook>',
  );
  put(
    'xl/_rels/workbook.xml.rels',
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>',
  );
  put('xl/styles.xml', MINIMAL_STYLES.replace(/^<\?xml[^>]*>\n?/, ''));
  return writeZip(items);
}
