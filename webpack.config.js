/**
 * Task-pane bundle: `npm run build:web` (production, into dist-web/) or `npm run dev-server`
 * (https://localhost:3000 with office-addin-dev-certs' certificates).
 *
 *   entry taskpane  src/taskpane/index.tsx  -> dist-web/taskpane.js + taskpane.html
 *   entry standin   test/standin/browser.ts -> dist-test/standin.js  (`npm run build:standin`, i.e. STANDIN=1: a build of
 *                   that entry alone, for the browser tests; it never goes into dist-web/)
 *   assets/*        copied to dist-web/assets/
 *   manifest.xml    written to dist-web/manifest.xml with every URL under the base URL the pane is served from:
 *                   `npm run build:web -- --env url=https://intranet.example/plancheck/` (default: the dev server,
 *                   https://localhost:3000/). Upload dist-web/ to that folder; deploy dist-web/manifest.xml.
 *
 * Building needs neither certificates nor network; certificates are read only by `webpack serve`.
 */
'use strict';

const fs = require('fs');
const path = require('path');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const { DEV_BASE_URL, manifestFor, normalizeBaseUrl } = require('./scripts/manifest');

const ROOT = __dirname;
const OUT_DIR = path.join(ROOT, 'dist-web');
const ASSETS_DIR = path.join(ROOT, 'assets');
const TASKPANE_ENTRY = path.join(ROOT, 'src', 'taskpane', 'index.tsx');
const STANDIN_ENTRY = path.join(ROOT, 'test', 'standin', 'browser.ts');
const STANDIN_OUT_DIR = path.join(ROOT, 'dist-test');
const DEV_PORT = 3000;

/** Copies every file of assets/ (flat) to <output>/assets/, and watches the folder in watch/serve mode. */
class CopyAssetsPlugin {
  constructor(from, to) {
    this.from = from;
    this.to = to;
  }

  apply(compiler) {
    const { Compilation, sources } = compiler.webpack;
    compiler.hooks.thisCompilation.tap('CopyAssetsPlugin', (compilation) => {
      compilation.hooks.processAssets.tap(
        { name: 'CopyAssetsPlugin', stage: Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL },
        () => {
          if (!fs.existsSync(this.from)) return;
          compilation.contextDependencies.add(this.from);
          for (const name of fs.readdirSync(this.from).sort()) {
            const file = path.join(this.from, name);
            if (!fs.statSync(file).isFile()) continue;
            compilation.fileDependencies.add(file);
            compilation.emitAsset(`${this.to}/${name}`, new sources.RawSource(fs.readFileSync(file)));
          }
        },
      );
    });
  }
}

/** Writes manifest.xml for the base URL into the output (dist-web/manifest.xml). */
class ManifestPlugin {
  constructor(baseUrl) {
    this.baseUrl = baseUrl;
  }

  apply(compiler) {
    const { Compilation, sources } = compiler.webpack;
    const source = path.join(ROOT, 'manifest.xml');
    compiler.hooks.thisCompilation.tap('ManifestPlugin', (compilation) => {
      compilation.hooks.processAssets.tap({ name: 'ManifestPlugin', stage: Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL }, () => {
        compilation.fileDependencies.add(source);
        compilation.emitAsset('manifest.xml', new sources.RawSource(manifestFor(fs.readFileSync(source, 'utf8'), this.baseUrl)));
      });
    });
  }
}

module.exports = async (env = {}, argv = {}) => {
  const mode = argv.mode || process.env.NODE_ENV || 'production';
  const production = mode !== 'development';
  const serving = Boolean(env.WEBPACK_SERVE);

  // STANDIN=1: the Excel stand-in for the browser tests, alone, into dist-test/ (served there in place of office.js).
  if (process.env.STANDIN === '1' || env.STANDIN) {
    if (!fs.existsSync(STANDIN_ENTRY)) throw new Error(`[webpack] STANDIN=1 but ${path.relative(ROOT, STANDIN_ENTRY)} is missing.`);
    return {
      mode: production ? 'production' : 'development',
      context: ROOT,
      target: ['web', 'es2019'],
      // The test page has the task pane's CSP (no 'unsafe-eval'): no eval-based source maps.
      devtool: false,
      entry: { standin: STANDIN_ENTRY },
      output: { path: STANDIN_OUT_DIR, filename: '[name].js', clean: true },
      resolve: { extensions: ['.ts', '.js'] },
      module: {
        rules: [
          {
            test: /\.ts$/,
            exclude: /node_modules/,
            use: { loader: 'ts-loader', options: { configFile: path.join(ROOT, 'tsconfig.web.json'), onlyCompileBundledFiles: true } },
          },
        ],
      },
      performance: { hints: false },
    };
  }

  const entry = { taskpane: TASKPANE_ENTRY };
  // Where the pane will be served: the manifest's URLs. The page itself uses relative URLs, so the same build runs
  // from any folder.
  const baseUrl = normalizeBaseUrl(env.url || process.env.PLANCHECK_BASE_URL || DEV_BASE_URL);

  let server;
  if (serving) {
    // Only when serving: creates/installs the localhost certificates on first use.
    // Without sudo (root, a container) the certificates are made and trusted without it: scripts/dev-certs.js.
    server = { type: 'https', options: await require('./scripts/dev-certs').httpsOptions() };
  }

  return {
    mode: production ? 'production' : 'development',
    context: ROOT,
    target: ['web', 'es2019'],
    // No eval-based source maps (the page's CSP has no 'unsafe-eval').
    devtool: production ? false : 'source-map',
    entry,
    output: {
      path: OUT_DIR,
      filename: '[name].js',
      // Relative to the page: the build runs from whatever folder it is uploaded to.
      publicPath: '',
      clean: true,
    },
    resolve: {
      extensions: ['.tsx', '.ts', '.mjs', '.js', '.json'],
    },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          use: {
            loader: 'ts-loader',
            options: {
              configFile: path.join(ROOT, 'tsconfig.web.json'),
              compilerOptions: { sourceMap: !production },
            },
          },
        },
      ],
    },
    plugins: [
      new HtmlWebpackPlugin({
        template: path.join(ROOT, 'src', 'taskpane', 'taskpane.html'),
        filename: 'taskpane.html',
        chunks: ['taskpane'],
        inject: 'head',
        scriptLoading: 'defer',
        // The dev server's live-reload socket; nothing extra in a build.
        connectSrcExtra: serving ? ` wss://localhost:${DEV_PORT}` : '',
      }),
      new CopyAssetsPlugin(ASSETS_DIR, 'assets'),
      new ManifestPlugin(baseUrl),
    ],
    performance: {
      // React + Fluent UI: well over webpack's 244 KiB default; loaded from localhost / the add-in host.
      hints: production ? 'warning' : false,
      maxAssetSize: 3 * 1024 * 1024,
      maxEntrypointSize: 3 * 1024 * 1024,
    },
    devServer: {
      port: DEV_PORT,
      server,
      headers: { 'Access-Control-Allow-Origin': '*' },
      static: false,
      hot: false,
      liveReload: true,
      client: { overlay: { warnings: false, errors: true } },
    },
  };
};
