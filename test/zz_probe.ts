import { validate } from '../src/engine';
import { pastedWorkbook, seedText, SEED_IDS } from './fixtures/pasted';
for (const id of SEED_IDS) {
  const r = validate(pastedWorkbook('計畫', seedText(id)), { lang: 'zh-TW' });
  console.log('=== seed', id, r.tables.map((t) => t.kind + ' ' + t.range).join(', '));
  for (const i of r.issues) console.log(' ', i.severity, i.code, i.cell, i.message.slice(0, 180));
  for (const i of r.indicators) console.log('  IND', i.row, i.name.slice(0, 20), '|', i.target.slice(0, 30), '|', i.actual, i.status, i.explanation);
  for (const b of r.budgets) console.log('  BUD', b.range, b.total, b.unit);
}
