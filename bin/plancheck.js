#!/usr/bin/env node
'use strict';
// Before the program is loaded its texts are not there: these two messages carry both languages' words here.
function lang() {
  const a = process.argv.slice(2);
  const k = a.findIndex((x) => x === '--lang' || x.startsWith('--lang='));
  const v = k < 0 ? '' : a[k].startsWith('--lang=') ? a[k].slice(7) : a[k + 1] || '';
  if (v) return /^en/i.test(v) ? 'en' : 'zh-TW';
  for (const e of [process.env.LC_ALL, process.env.LC_MESSAGES, process.env.LANG]) {
    if (!e || /^(C|POSIX)(\.|$)/i.test(e)) continue;
    return /^en/i.test(e) ? 'en' : 'zh-TW';
  }
  return 'zh-TW';
}
let main;
try {
  ({ main } = require('../dist/cli/main.js'));
} catch (e) {
  process.stderr.write(
    lang() === 'en'
      ? 'plancheck: the program is not built; run `npm ci` (or `npm run build`) in the project folder first\n'
      : 'plancheck：程式尚未建置；請先在專案資料夾執行 `npm ci`（或 `npm run build`）\n',
  );
  process.exit(2);
}
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    const detail = String((e && e.message) || e).split('\n')[0];
    process.stderr.write(lang() === 'en' ? `plancheck: unexpected error: ${detail}\n` : `plancheck：發生未預期的錯誤：${detail}\n`);
    process.exitCode = 2;
  },
);
