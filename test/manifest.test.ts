/**
 * manifest.xml, offline: read with office-addin-manifest's own reader (what `npm start` /
 * office-addin-debugging uses), and the parts the reader does not expose (requirements, add-in commands,
 * resources) checked on the XML itself. Every icon URL must point into assets/ at a real PNG of the right size.
 */
import * as fs from 'fs';
import * as path from 'path';
import { OfficeAddinManifest, ManifestInfo } from 'office-addin-manifest';

// office-addin-manifest loads two ES-module-only packages that Jest's CommonJS runtime cannot load (plain Node can):
// @microsoft/app-manifest (JSON "unified" manifests only) and uuid (only to make a new Id when modifying a
// manifest). Reading an XML manifest uses neither, so both are stubbed, resolved from office-addin-manifest itself.
jest.mock(
  require.resolve('@microsoft/app-manifest', { paths: [require('path').dirname(require.resolve('office-addin-manifest'))] }),
  () => ({}),
);
jest.mock(
  require.resolve('uuid', { paths: [require('path').dirname(require.resolve('office-addin-manifest'))] }),
  () => ({ v4: () => require('crypto').randomUUID() }),
);

const ROOT = path.join(__dirname, '..');
const MANIFEST = path.join(ROOT, 'manifest.xml');
const BASE_URL = 'https://localhost:3000/';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const xml = fs.readFileSync(MANIFEST, 'utf8');
let info: ManifestInfo;

beforeAll(async () => {
  info = await OfficeAddinManifest.readManifestFile(MANIFEST);
});

// ---- a minimal XML reader (elements, attributes, nesting), enough for a manifest ----

interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
}

function decodeEntities(s: string): string {
  return s
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(parseInt(d, 10)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

function parseXml(source: string): XmlNode {
  const body = source.replace(/<\?[\s\S]*?\?>/g, '').replace(/<!--[\s\S]*?-->/g, '');
  const root: XmlNode = { name: '#document', attrs: {}, children: [], text: '' };
  const stack: XmlNode[] = [root];
  const tag = /<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/g;
  let m: RegExpExecArray | null;
  let consumed = 0;
  while ((m = tag.exec(body)) !== null) {
    if (m.index !== consumed) throw new Error(`Unparsed XML at offset ${consumed}: ${body.slice(consumed, consumed + 40)}`);
    consumed = tag.lastIndex;
    const top = stack[stack.length - 1];
    if (m[5] !== undefined) {
      top.text += decodeEntities(m[5]);
      continue;
    }
    const [, closing, name, attrText, selfClosing] = m;
    if (closing) {
      if (top.name !== name) throw new Error(`Mismatched </${name}>, expected </${top.name}>`);
      stack.pop();
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of attrText.matchAll(/([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
      if (a[1] in attrs) throw new Error(`Duplicate attribute ${a[1]} on <${name}>`);
      attrs[a[1]] = decodeEntities(a[2] ?? a[3]);
    }
    const node: XmlNode = { name, attrs, children: [], text: '' };
    top.children.push(node);
    if (!selfClosing) stack.push(node);
  }
  if (consumed !== body.length) throw new Error('Trailing unparsed XML');
  if (stack.length !== 1) throw new Error(`Unclosed <${stack[stack.length - 1].name}>`);
  const elements = root.children;
  if (elements.length !== 1) throw new Error('Expected exactly one root element');
  return elements[0];
}

const localName = (n: XmlNode): string => n.name.replace(/^.*:/, '');
const kids = (n: XmlNode, name: string): XmlNode[] => n.children.filter((c) => localName(c) === name);
function kid(n: XmlNode, name: string): XmlNode {
  const found = kids(n, name);
  if (found.length !== 1) throw new Error(`<${n.name}>: expected one <${name}>, found ${found.length}`);
  return found[0];
}
function descendants(n: XmlNode, name: string): XmlNode[] {
  const out: XmlNode[] = [];
  const walk = (x: XmlNode): void => {
    for (const c of x.children) {
      if (localName(c) === name) out.push(c);
      walk(c);
    }
  };
  walk(n);
  return out;
}
const overrides = (n: XmlNode): Record<string, string> =>
  Object.fromEntries(kids(n, 'Override').map((o) => [o.attrs.Locale, o.attrs.Value]));

const app = parseXml(xml);
const versionOverrides = kid(app, 'VersionOverrides');
const resources = kid(versionOverrides, 'Resources');

function resource(group: 'Images' | 'Urls' | 'ShortStrings' | 'LongStrings', id: string): XmlNode {
  const found = kids(kid(resources, group), group === 'Images' ? 'Image' : group === 'Urls' ? 'Url' : 'String').filter(
    (r) => r.attrs.id === id,
  );
  if (found.length !== 1) throw new Error(`Resource ${group}/${id}: found ${found.length}`);
  return found[0];
}

/** Width and height from a PNG's IHDR, after checking the signature and the chunk type. */
function pngSize(file: string): { width: number; height: number } {
  const data = fs.readFileSync(file);
  expect(data.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  expect(data.readUInt32BE(8)).toBe(13);
  expect(data.toString('ascii', 12, 16)).toBe('IHDR');
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}

/** The assets/ file a manifest URL points at (the dev server serves assets/ at /assets/). */
function assetFile(url: string): string {
  expect(url.startsWith(`${BASE_URL}assets/`)).toBe(true);
  const rel = url.slice(BASE_URL.length);
  expect(rel).not.toMatch(/\.\.|[?#]/);
  return path.join(ROOT, ...rel.split('/'));
}

function expectIcon(url: string, size: number): void {
  const file = assetFile(url);
  expect(fs.existsSync(file)).toBe(true);
  expect(pngSize(file)).toEqual({ width: size, height: size });
}

describe('manifest.xml (office-addin-manifest reader)', () => {
  test('is an XML task-pane manifest with a fixed GUID, version and provider', () => {
    expect(info.manifestType).toBe('xml');
    expect(info.officeAppType).toBe('TaskPaneApp');
    expect(info.id).toMatch(GUID);
    expect(info.id).not.toBe('00000000-0000-0000-0000-000000000000');
    expect(info.version).toBe('1.0.0.0');
    expect(info.providerName).toBeTruthy();
  });

  test('runs in Excel only, with ReadWriteDocument only and no extra domains', () => {
    expect(info.hosts).toEqual(['Workbook']);
    expect(info.permissions).toBe('ReadWriteDocument');
    expect(kids(app, 'Permissions')).toHaveLength(1);
    expect(info.appDomains ?? []).toEqual([]);
    expect(kids(app, 'AppDomains')).toHaveLength(0);
  });

  test('defaults to zh-TW with en-US overrides for the name and description', () => {
    expect(info.defaultLocale).toBe('zh-TW');
    expect(info.displayName).toBe('plancheck 施政計畫檢核');
    expect(overrides(kid(app, 'DisplayName'))).toEqual({ 'en-US': 'Plan check' });
    expect(info.description).toMatch(/施政計畫/);
    expect(Object.keys(overrides(kid(app, 'Description')))).toEqual(['en-US']);
    expect(overrides(kid(app, 'Description'))['en-US']).toMatch(/plan/i);
  });

  test('opens https://localhost:3000/taskpane.html', () => {
    expect(info.defaultSettings?.sourceLocation).toBe(`${BASE_URL}taskpane.html`);
  });

  test('the icons are PNGs of the right size in assets/', () => {
    expectIcon(info.iconUrl!, 32);
    expectIcon(info.highResolutionIconUrl!, 64);
    if (info.supportUrl) expect(info.supportUrl.startsWith(BASE_URL)).toBe(true);
  });
});

describe('manifest.xml (XML)', () => {
  test('root element and namespaces', () => {
    expect(app.name).toBe('OfficeApp');
    expect(app.attrs.xmlns).toBe('http://schemas.microsoft.com/office/appforoffice/1.1');
    expect(app.attrs['xsi:type']).toBe('TaskPaneApp');
    expect(app.attrs['xmlns:bt']).toBe('http://schemas.microsoft.com/office/officeappbasictypes/1.0');
    expect(versionOverrides.attrs.xmlns).toBe('http://schemas.microsoft.com/office/taskpaneappversionoverrides');
    expect(versionOverrides.attrs['xsi:type']).toBe('VersionOverridesV1_0');
  });

  test('top-level elements are in schema order', () => {
    const order = [
      'Id', 'AlternateId', 'Version', 'ProviderName', 'DefaultLocale', 'DisplayName', 'Description', 'IconUrl',
      'HighResolutionIconUrl', 'SupportUrl', 'AppDomains', 'Hosts', 'Requirements', 'DefaultSettings', 'Permissions',
      'AllowSnapshot', 'VersionOverrides',
    ];
    const names = app.children.map(localName);
    for (const n of names) expect(order).toContain(n);
    const positions = names.map((n) => order.indexOf(n));
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(new Set(names).size).toBe(names.length);
  });

  test('requires ExcelApi 1.7 (newer sets are checked at run time)', () => {
    const sets = kid(kid(app, 'Requirements'), 'Sets');
    expect(sets.attrs.DefaultMinVersion).toBe('1.1');
    const set = kids(sets, 'Set');
    expect(set.map((s) => s.attrs)).toEqual([{ Name: 'ExcelApi', MinVersion: '1.7' }]);
  });

  test('Home tab has a "Plan check" / 施政計畫檢核 button that shows the task pane', () => {
    const host = kid(kid(versionOverrides, 'Hosts'), 'Host');
    expect(host.attrs['xsi:type']).toBe('Workbook');
    const point = kid(kid(host, 'DesktopFormFactor'), 'ExtensionPoint');
    expect(point.attrs['xsi:type']).toBe('PrimaryCommandSurface');
    const tab = kid(point, 'OfficeTab');
    expect(tab.attrs.id).toBe('TabHome');
    const group = kid(tab, 'Group');
    const buttons = kids(group, 'Control').filter((c) => c.attrs['xsi:type'] === 'Button');
    expect(buttons).toHaveLength(1);
    const button = buttons[0];

    const label = resource('ShortStrings', kid(button, 'Label').attrs.resid);
    expect(label.attrs.DefaultValue).toBe('施政計畫檢核');
    expect(overrides(label)).toEqual({ 'en-US': 'Plan check' });
    const groupLabel = resource('ShortStrings', kid(group, 'Label').attrs.resid);
    expect(Object.keys(overrides(groupLabel))).toEqual(['en-US']);

    const tip = kid(button, 'Supertip');
    expect(resource('ShortStrings', kid(tip, 'Title').attrs.resid).attrs.DefaultValue).toBeTruthy();
    const tipText = resource('LongStrings', kid(tip, 'Description').attrs.resid);
    expect(tipText.attrs.DefaultValue).toMatch(/施政計畫/);
    expect(Object.keys(overrides(tipText))).toEqual(['en-US']);

    const action = kid(button, 'Action');
    expect(action.attrs['xsi:type']).toBe('ShowTaskpane');
    expect(kid(action, 'TaskpaneId').text.trim()).toBeTruthy();
    const url = resource('Urls', kid(action, 'SourceLocation').attrs.resid);
    expect(url.attrs.DefaultValue).toBe(`${BASE_URL}taskpane.html`);
  });

  test('command icons: 16, 32 and 80 px PNGs in assets/', () => {
    const icons = descendants(versionOverrides, 'Icon');
    expect(icons.length).toBeGreaterThanOrEqual(2); // the group's and the button's
    for (const icon of icons) {
      const images = kids(icon, 'Image');
      expect(images.map((i) => i.attrs.size).sort()).toEqual(['16', '32', '80']);
      for (const image of images) expectIcon(resource('Images', image.attrs.resid).attrs.DefaultValue, Number(image.attrs.size));
    }
  });

  test('every resource is well formed, used, within length limits, and every URL stays on the dev server', () => {
    const ids = new Set<string>();
    for (const group of kid(versionOverrides, 'Resources').children) {
      for (const r of group.children) {
        expect(r.attrs.id.length).toBeLessThanOrEqual(32);
        expect(ids.has(r.attrs.id)).toBe(false);
        ids.add(r.attrs.id);
        expect(r.attrs.DefaultValue).toBeTruthy();
        const max = localName(group) === 'ShortStrings' ? 125 : localName(group) === 'LongStrings' ? 250 : 2048;
        for (const value of [r.attrs.DefaultValue, ...Object.values(overrides(r))]) {
          expect(value.length).toBeLessThanOrEqual(max);
        }
        if (localName(group) === 'Images') {
          expect(fs.existsSync(assetFile(r.attrs.DefaultValue))).toBe(true);
        }
        if (localName(group) === 'Urls') expect(r.attrs.DefaultValue.startsWith(BASE_URL)).toBe(true);
      }
    }
    const used = new Set<string>();
    const walk = (n: XmlNode): void => {
      if (n.attrs.resid) used.add(n.attrs.resid);
      n.children.forEach(walk);
    };
    walk(kid(versionOverrides, 'Hosts'));
    expect([...used].sort()).toEqual([...ids].sort());
    // No URL anywhere in the manifest leaves https://localhost:3000/.
    const urls = xml.replace(/<!--[\s\S]*?-->/g, '').match(/https?:\/\/[^"'\s<]+/g) ?? [];
    const offServer = urls.filter(
      (url) =>
        !url.startsWith(BASE_URL) && !url.startsWith('http://schemas.microsoft.com/') && !url.startsWith('http://www.w3.org/'),
    );
    expect(offServer).toEqual([]);
  });

  test('assets/ holds every generated icon size', () => {
    for (const size of [16, 32, 64, 80, 128]) {
      expect(pngSize(path.join(ROOT, 'assets', `icon-${size}.png`))).toEqual({ width: size, height: size });
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The manifest for a team's server: `npm run build:web -- --env url=…` writes dist-web/manifest.xml (scripts/manifest.js)
// ---------------------------------------------------------------------------------------------------------------

// eslint-disable-next-line @typescript-eslint/no-var-requires
const { manifestFor, normalizeBaseUrl, DEV_BASE_URL } = require('../scripts/manifest') as {
  manifestFor(xml: string, base: string): string;
  normalizeBaseUrl(url: string): string;
  DEV_BASE_URL: string;
};

/** Every URL of a manifest outside its comments, but the XML namespaces. */
function urlsOf(text: string): string[] {
  return (text.replace(/<!--[\s\S]*?-->/g, '').match(/https?:\/\/[^"'\s<]+/g) ?? []).filter(
    (u) => !u.startsWith('http://schemas.microsoft.com/') && !u.startsWith('http://www.w3.org/'),
  );
}

/** The checks of a manifest served from `base`, offline: office-addin-manifest's reader and the XML itself. */
async function expectManifestFor(text: string, base: string): Promise<void> {
  const dir = fs.mkdtempSync(path.join(require('os').tmpdir(), 'plancheck-manifest-'));
  try {
    const file = path.join(dir, 'manifest.xml');
    fs.writeFileSync(file, text);
    const m = await OfficeAddinManifest.readManifestFile(file);
    expect(m.manifestType).toBe('xml');
    expect(m.id).toBe(info.id);
    expect(m.defaultSettings?.sourceLocation).toBe(`${base}taskpane.html`);
    expect(m.iconUrl).toBe(`${base}assets/icon-32.png`);
    expect(m.highResolutionIconUrl).toBe(`${base}assets/icon-64.png`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const root = parseXml(text);
  expect(root.name).toBe('OfficeApp');
  const urls = urlsOf(text);
  expect(urls.length).toBe(urlsOf(xml).length);
  expect(urls.filter((u) => !u.startsWith(base))).toEqual([]);
  // The same manifest otherwise: only the URLs (and the comment) differ.
  const strip = (s: string) => s.replace(/<!--[\s\S]*?-->/, '').split(base).join('BASE/');
  expect(strip(text)).toBe(strip(xml).split(BASE_URL).join('BASE/'));
  // Every icon is a file the build copies: assets/NAME.png under the base.
  for (const u of urls.filter((x) => x.endsWith('.png'))) {
    expect(fs.existsSync(path.join(ROOT, ...u.slice(base.length).split('/')))).toBe(true);
  }
  expect(urls).toContain(`${base}taskpane.html`);
}

describe('the manifest for the server the pane is hosted on', () => {
  test('https://intranet.example/plancheck/: every URL under it, read by office-addin-manifest', async () => {
    const base = 'https://intranet.example/plancheck/';
    const text = manifestFor(xml, base);
    expect(text).not.toContain('localhost');
    await expectManifestFor(text, base);
  });

  test('a SharePoint or IIS folder with no trailing slash, and a port', async () => {
    expect(normalizeBaseUrl('https://agency.sharepoint.com/sites/plan/addin')).toBe('https://agency.sharepoint.com/sites/plan/addin/');
    await expectManifestFor(manifestFor(xml, 'https://web01.city.gov.tw:8443/plancheck'), 'https://web01.city.gov.tw:8443/plancheck/');
    await expectManifestFor(manifestFor(xml, 'https://xn--kpry57d.example/計畫/'), 'https://xn--kpry57d.example/%E8%A8%88%E7%95%AB/');
  });

  test('the development server: manifest.xml as it is', () => {
    expect(DEV_BASE_URL).toBe(BASE_URL);
    expect(manifestFor(xml, DEV_BASE_URL)).toBe(xml);
  });

  test('refused: http, a query, not a URL', () => {
    expect(() => normalizeBaseUrl('http://intranet.example/plancheck/')).toThrow(/https/);
    expect(() => normalizeBaseUrl('https://intranet.example/plancheck/?x=1')).toThrow(/query/);
    expect(() => normalizeBaseUrl('intranet/plancheck')).toThrow(/not a URL/);
  });

  test('dist-web/manifest.xml, when built, is the manifest for the URL it was built for', async () => {
    const built = path.join(ROOT, 'dist-web', 'manifest.xml');
    if (!fs.existsSync(built)) return; // `npm test` builds it (pretest); this file alone may run before a build
    const text = fs.readFileSync(built, 'utf8');
    const source = /<SourceLocation DefaultValue="([^"]+)taskpane\.html"/.exec(text);
    expect(source).not.toBeNull();
    expect(text).toBe(manifestFor(xml, source![1]));
    await expectManifestFor(text, source![1]);
    // The page it names loads its script relatively, so the folder can be anywhere.
    const html = fs.readFileSync(path.join(ROOT, 'dist-web', 'taskpane.html'), 'utf8');
    expect(html).toMatch(/src="?taskpane\.js"?[ >]/);
    expect(html).not.toMatch(/src="?\/taskpane\.js/);
  });
});
