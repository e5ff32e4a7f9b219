#!/usr/bin/env node
// Removes the named build folders (dist/, dist-web/, …) so that a build never ships a stale file; any OS.
'use strict';
const fs = require('fs');
const path = require('path');
const root = path.join(__dirname, '..');
for (const name of process.argv.slice(2)) {
  const dir = path.resolve(root, name);
  if (path.dirname(dir) !== root) throw new Error(`clean: ${name} is not a folder of the project`);
  fs.rmSync(dir, { recursive: true, force: true });
}
