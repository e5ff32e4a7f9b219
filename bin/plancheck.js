#!/usr/bin/env node
'use strict';
let main;
try {
  ({ main } = require('../dist/cli/main.js'));
} catch (e) {
  process.stderr.write('plancheck: the program is not built; run `npm ci` (or `npm run build`) in the project folder first\n');
  process.exit(2);
}
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`plancheck: unexpected error: ${String((e && e.message) || e).split('\n')[0]}\n`);
    process.exitCode = 2;
  },
);
