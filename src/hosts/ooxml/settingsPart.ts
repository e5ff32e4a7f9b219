/**
 * Reading (and, for tests and tools, writing) plancheck's settings part in an .xlsx package: a custom XML part
 * (customXml/itemN.xml with its itemPropsN.xml, related from the workbook), as Office.js
 * `workbook.customXmlParts.add()` makes it. Kept apart so the package reader can re-home it.
 */
import JSZip from 'jszip';
import { settingsFromPartXml, settingsPartXml } from '../../engine/settingsPart';

const ITEM = /^customXml\/item\d+\.xml$/;

/** The settings JSON text kept in the package, or undefined when it holds none. */
export async function readSettingsPart(input: Uint8Array | Buffer | JSZip): Promise<string | undefined> {
  const zip = input instanceof JSZip ? input : await JSZip.loadAsync(input);
  const names = Object.keys(zip.files).filter((n) => ITEM.test(n)).sort();
  for (const name of names) {
    const file = zip.file(name);
    if (!file) continue;
    const bytes = await file.async('uint8array');
    if (bytes.length > 1 << 20) continue; // not ours: ours is small
    const text = decodeXml(bytes);
    const found = settingsFromPartXml(text);
    if (found !== null) return found;
  }
  return undefined;
}

function decodeXml(bytes: Uint8Array): string {
  // Excel writes custom XML parts in UTF-8, or UTF-16 with a byte order mark.
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  return new TextDecoder('utf-8').decode(bytes);
}

/**
 * A copy of the package with the settings part written (replacing an earlier one): the item, its properties
 * part, the relationships and the content types, as Excel writes them.
 */
export async function writeSettingsPart(input: Uint8Array | Buffer, settings: unknown): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(input);
  let target: string | null = null;
  for (const name of Object.keys(zip.files).filter((n) => ITEM.test(n))) {
    if (settingsFromPartXml(await zip.file(name)!.async('string')) !== null) target = name;
  }
  const rels = 'xl/_rels/workbook.xml.rels';
  if (!target) {
    let n = 1;
    while (zip.file(`customXml/item${n}.xml`)) n++;
    target = `customXml/item${n}.xml`;
    const relsXml = (await zip.file(rels)?.async('string')) ?? '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>';
    let id = 1;
    while (relsXml.includes(`Id="rIdPc${id}"`)) id++;
    zip.file(
      rels,
      relsXml.replace(
        '</Relationships>',
        `<Relationship Id="rIdPc${id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml" Target="../customXml/item${n}.xml"/></Relationships>`,
      ),
    );
    zip.file(
      `customXml/_rels/item${n}.xml.rels`,
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXmlProps" Target="itemProps${n}.xml"/></Relationships>`,
    );
    zip.file(
      `customXml/itemProps${n}.xml`,
      `<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<ds:datastoreItem ds:itemID="{6F1B2C3D-0000-4000-8000-${String(n).padStart(12, '0')}}" xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"><ds:schemaRefs><ds:schemaRef ds:uri="urn:plancheck:settings:1"/></ds:schemaRefs></ds:datastoreItem>`,
    );
    const ctPath = '[Content_Types].xml';
    const ct = (await zip.file(ctPath)?.async('string')) ?? '';
    if (ct && !ct.includes(`/customXml/itemProps${n}.xml`)) {
      zip.file(
        ctPath,
        ct.replace('</Types>', `<Override PartName="/customXml/itemProps${n}.xml" ContentType="application/vnd.openxmlformats-officedocument.customXmlProperties+xml"/></Types>`),
      );
    }
  }
  zip.file(target, settingsPartXml(settings));
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}
