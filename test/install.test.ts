/**
 * Installed like a tool: the package `npm pack` makes is installed with `npm install -g` into a temporary prefix,
 * and the `plancheck` it puts on the PATH runs from another folder on a copy of the example.
 *
 * - The tarball holds only what running needs (bin/, dist/ of the command line, the engine and the .xlsx hosts, the
 *   README, the example) and its runtime dependencies are only what the command line loads.
 * - `npm pack --ignore-scripts`: dist/ is built by `npm test`'s pretest (`npm pack` alone builds it through `prepare`).
 * - The install needs the npm registry for saxes (or npm's cache: --prefer-offline).
 * - The installed size is written to test-output/install-size.json.
 */
import { spawnSync, type SpawnSyncOptions } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

jest.setTimeout(300_000);

const ROOT = path.join(__dirname, '..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  dependencies: Record<string, string>;
  files: string[];
};

let tmp: string;
let prefix: string;
let tarball: string;
let packed: string[];

function sh(cmd: string, args: string[], opts: SpawnSyncOptions = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', shell: process.platform === 'win32', ...opts });
  return { status: r.status, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? '') };
}

/** The installed command: PREFIX/bin/plancheck (Linux, macOS) or PREFIX/plancheck.cmd (Windows). */
function installedBin(): string {
  return process.platform === 'win32' ? path.join(prefix, 'plancheck.cmd') : path.join(prefix, 'bin', 'plancheck');
}

function installedDir(): string {
  return process.platform === 'win32' ? path.join(prefix, 'node_modules', pkg.name) : path.join(prefix, 'lib', 'node_modules', pkg.name);
}

function du(dir: string): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        bytes += fs.statSync(p).size;
        files++;
      }
    }
  };
  walk(dir);
  return { bytes, files };
}

beforeAll(() => {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'cli', 'main.js'))) throw new Error('dist/ is not built: run `npm run build` first (`npm test` does it in pretest).');
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'plancheck-install-'));
  prefix = path.join(tmp, 'prefix');
  const r = sh(NPM, ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], { cwd: ROOT });
  expect(r.stderr.match(/npm (error|ERR)/g) ?? []).toEqual([]);
  expect(r.status).toBe(0);
  const info = JSON.parse(r.stdout.slice(r.stdout.indexOf('['))) as { filename: string; files: { path: string }[] }[];
  tarball = path.join(tmp, info[0].filename);
  packed = info[0].files.map((f) => f.path).sort();
});

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('the packed package', () => {
  test('holds what running needs and nothing else', () => {
    expect(packed).toEqual(expect.arrayContaining(['package.json', 'README.md', 'bin/plancheck.js', 'dist/cli/main.js', 'dist/cli/worker.js', 'dist/engine/index.js', 'examples/plan.xlsx']));
    const allowed = /^(package\.json|README\.md|bin\/plancheck\.js|dist\/(cli|engine|hosts\/(ooxml|xlsx|node))\/.+\.js|dist\/hosts\/protection\.js|examples\/(plan\.xlsx|README\.md)|docs\/[\w-]+\.md)$/;
    expect(packed.filter((f) => !allowed.test(f))).toEqual([]);
    // Nothing of the task pane, the tests, the sources or the build tools.
    expect(packed.filter((f) => /^(src|test|scripts|dist-web|dist-test|node_modules|assets)\/|\.ts$|\.map$|taskpane|office/.test(f))).toEqual([]);
  });

  test('its runtime dependencies are what the command line loads, no more', () => {
    const loaded = new Set<string>();
    for (const f of packed.filter((p) => p.endsWith('.js'))) {
      const src = fs.readFileSync(path.join(ROOT, f), 'utf8');
      for (const m of src.matchAll(/require\("([^".][^"]*)"\)/g)) loaded.add(m[1].startsWith('@') ? m[1].split('/').slice(0, 2).join('/') : m[1].split('/')[0]);
    }
    const builtins = new Set(require('module').builtinModules as string[]);
    const external = [...loaded].filter((m) => !builtins.has(m) && !m.startsWith('node:')).sort();
    expect(Object.keys(pkg.dependencies).sort()).toEqual(external);
    for (const dev of ['react', 'react-dom', '@fluentui/react-components', 'webpack']) expect(pkg.dependencies[dev]).toBeUndefined();
  });
});

describe('npm install -g from the tarball', () => {
  beforeAll(() => {
    const r = sh(NPM, ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', tarball], { cwd: tmp });
    if (r.status !== 0) throw new Error(`npm install -g failed:\n${r.stderr}`);
  });

  test('plancheck runs from another folder: --version, validate and fill on a copy of the example', () => {
    const work = path.join(tmp, '我的資料夾');
    fs.mkdirSync(work);
    fs.copyFileSync(path.join(ROOT, 'examples', 'plan.xlsx'), path.join(work, '我的計畫.xlsx'));
    const bin = installedBin();
    expect(fs.existsSync(bin)).toBe(true);
    // PATH without the repository's node_modules/.bin: what a user's shell has, plus the prefix.
    const env = { ...process.env, PATH: `${path.dirname(bin)}${path.delimiter}${process.env.PATH ?? ''}`, LANG: 'en_US.UTF-8' };
    const opts = { cwd: work, env };

    const v = sh(bin, ['--version'], opts);
    expect(v).toEqual({ status: 0, stdout: `plancheck ${pkg.version}\n`, stderr: '' });

    const r = sh(bin, ['validate', '我的計畫.xlsx'], opts);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('plancheck report: 我的計畫.xlsx');
    expect(r.stdout).toContain('Tables found (7)');

    const f = sh(bin, ['fill', '我的計畫.xlsx', '-o', 'checked.xlsx', '--lang', 'zh-TW'], opts);
    expect(f.status).toBe(0);
    expect(f.stdout).toContain('已寫出：checked.xlsx');
    expect(fs.readFileSync(path.join(work, 'checked.xlsx')).subarray(0, 2).toString()).toBe('PK');

    // The installed program is the installed copy, not this repository.
    const real = fs.realpathSync(installedDir());
    expect(real.startsWith(fs.realpathSync(tmp))).toBe(true);
    expect(fs.existsSync(path.join(real, 'node_modules', 'react'))).toBe(false);
    // ExcelJS is the tests' second reader only: the command line does not need it.
    expect(fs.existsSync(path.join(real, 'node_modules', 'exceljs'))).toBe(false);

    const size = { package: du(real), tarballBytes: fs.statSync(tarball).size, packedFiles: packed.length };
    fs.mkdirSync(path.join(ROOT, 'test-output'), { recursive: true });
    fs.writeFileSync(path.join(ROOT, 'test-output', 'install-size.json'), JSON.stringify(size, null, 2) + '\n');
    // A tool, not a framework: the install stays well under 100 MB.
    expect(size.package.bytes).toBeLessThan(100 * 1024 * 1024);
  });
});

describe('npm install -g from the repository folder', () => {
  test('links this folder (its dist/ and node_modules/); plancheck runs from another folder', () => {
    const linkPrefix = path.join(tmp, 'link-prefix');
    const r = sh(NPM, ['install', '-g', '--prefix', linkPrefix, '--no-audit', '--no-fund', '--offline', '--ignore-scripts', '--loglevel=error', ROOT], { cwd: tmp });
    if (r.status !== 0) throw new Error(`npm install -g ${ROOT} failed:\n${r.stderr}`);
    const bin = process.platform === 'win32' ? path.join(linkPrefix, 'plancheck.cmd') : path.join(linkPrefix, 'bin', 'plancheck');
    const work = path.join(tmp, 'elsewhere');
    fs.mkdirSync(work, { recursive: true });
    fs.copyFileSync(path.join(ROOT, 'examples', 'plan.xlsx'), path.join(work, 'plan.xlsx'));
    const v = sh(bin, ['validate', 'plan.xlsx', '--json'], { cwd: work });
    expect(v.status).toBe(0);
    expect(JSON.parse(v.stdout).summary.errors).toBe(0);
    expect(sh(bin, ['--version'], { cwd: work }).stdout.trim()).toBe(`plancheck ${pkg.version}`);
  });
});
