/**
 * Settings kept in the workbook, so that the task pane and plancheck check a workbook the same way: the Office
 * host writes the settings part through `workbook.customXmlParts` (strict stand-in), reads it back on every
 * action, and hands it to the engine exactly as the .xlsx host does.
 */
import { validate } from '../../src/engine';
import { SETTINGS_NAMESPACE, settingsFromPartXml, settingsPartXml } from '../../src/engine/settingsPart';
import { PlanActions } from '../../src/hosts/office/actions';
import { createStandIn, officeEnvOf } from '../standin';
import { pastedWorkbook } from '../fixtures/pasted';

const REGISTER = [
  '風險項目\t風險情境\t可能性 (L)\t影響程度 (I)\t風險值 (R)\t新增風險對策',
  'P1 工程延誤\t天候不佳\t5\t4\t20\t增派人力',
  'P2 宣導不足\t場次減少\t2\t2\t4\t-',
].join('\n');

function setup() {
  const standIn = createStandIn(pastedWorkbook('風險', REGISTER));
  return { standIn, actions: new PlanActions(officeEnvOf(standIn)) };
}

test('saved in the task pane: a settings part in the workbook, one read and one write round trip', async () => {
  const { standIn, actions } = setup();
  standIn.stats.reset();
  await actions.saveSettings({ scale: 5 });
  expect(standIn.stats.syncs).toBe(2);
  const parts = standIn.workbook.customXmlParts;
  expect(parts.map((p) => p.namespaceUri)).toEqual([SETTINGS_NAMESPACE]);
  expect(JSON.parse(settingsFromPartXml(parts[0].xml)!)).toEqual({ scale: 5 });
  // Saved again: replaced, not added.
  await actions.saveSettings({ tolerance: 9 });
  expect(standIn.workbook.customXmlParts).toHaveLength(1);
  expect(JSON.parse(settingsFromPartXml(standIn.workbook.customXmlParts[0].xml)!)).toEqual({ scale: 5, tolerance: 9 });
});

test('both hosts check the workbook alike: the Office host and the engine on the same snapshot and part', async () => {
  const { standIn, actions } = setup();
  const before = await actions.validate();
  expect(before.report!.summary.errors).toBeGreaterThan(0); // L = 5 on the default 3 × 3
  await actions.saveSettings({ scale: 5 });
  const after = await actions.validate();
  expect(after.report!.summary.errors).toBe(0);
  // What the .xlsx host does: the same sheets, the part's text as snapshot.settings.
  const xlsxHost = validate({ ...standIn.workbook.toSnapshot(), settings: settingsFromPartXml(standIn.workbook.customXmlParts[0].xml)! });
  expect(xlsxHost.issues).toEqual(after.report!.issues);
  expect(xlsxHost.risks).toEqual(after.report!.risks);
});

test('a part written by another tool (plancheck, a script) is what the task pane reads', async () => {
  const { standIn, actions } = setup();
  standIn.workbook.customXmlParts.push({ id: '{X}', namespaceUri: SETTINGS_NAMESPACE, xml: settingsPartXml({ scale: 5 }) });
  standIn.workbook.customXmlParts.push({ id: '{Y}', namespaceUri: 'urn:someone-else', xml: '<x xmlns="urn:someone-else"/>' });
  const r = await actions.validate();
  expect(r.report!.summary.errors).toBe(0);
  expect(actions.settings().scale).toBe(5);
});

test('the stand-in is strict: a ClientResult read before sync fails', async () => {
  const { standIn } = setup();
  standIn.workbook.customXmlParts.push({ id: '{X}', namespaceUri: SETTINGS_NAMESPACE, xml: settingsPartXml({}) });
  await standIn.Excel.run(async (context: Excel.RequestContext) => {
    const parts = context.workbook.customXmlParts.getByNamespace(SETTINGS_NAMESPACE);
    expect(() => parts.items).toThrow();
    parts.load('items/id');
    await context.sync();
    const xml = parts.items[0].getXml();
    expect(() => xml.value).toThrow(/before context.sync/);
    await context.sync();
    expect(settingsFromPartXml(xml.value)).toBe('{}');
  });
});
