/**
 * Settings kept in the workbook, where both hosts read them: a custom XML part of the package
 * (customXml/itemN.xml, related from the workbook; Office.js `workbook.customXmlParts`, ExcelApi 1.5), holding
 * the settings as JSON inside one element of plancheck's namespace:
 *
 *   <plancheck xmlns="urn:plancheck:settings:1" version="1"><settings>{"scale":5}</settings></plancheck>
 *
 * The hosts only find the part and hand its text to the engine (`snapshot.settings`); the engine checks it.
 */
export const SETTINGS_NAMESPACE = 'urn:plancheck:settings:1';

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function unescapeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-fA-F]+);/g, (_, h) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&amp;/g, '&');
}

/** The part's XML for a settings object. */
export function settingsPartXml(settings: unknown): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<plancheck xmlns="${SETTINGS_NAMESPACE}" version="1"><settings>${escapeXml(JSON.stringify(settings ?? {}))}</settings></plancheck>`;
}

/** True when the XML is plancheck's settings part (its root element in our namespace). */
export function isSettingsPart(xml: string): boolean {
  return /<(?:[A-Za-z_][\w.-]*:)?plancheck\b[^>]*xmlns(?::[\w.-]+)?\s*=\s*["']urn:plancheck:settings:1["']/.test(xml.slice(0, 2000));
}

/** The settings JSON text of the part, or null when the XML is not our part. */
export function settingsFromPartXml(xml: string): string | null {
  if (!isSettingsPart(xml)) return null;
  const m = /<(?:[A-Za-z_][\w.-]*:)?settings\b[^>]*>([\s\S]*?)<\/(?:[A-Za-z_][\w.-]*:)?settings>/.exec(xml);
  if (!m) return null;
  const body = m[1].replace(/^<!\[CDATA\[([\s\S]*)\]\]>$/, '$1');
  return body === m[1] ? unescapeXml(body) : body;
}
