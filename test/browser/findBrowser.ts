/**
 * A Chromium-family browser already on this machine, for the task-pane tests (playwright-core drives it; a browser
 * is never downloaded). In order: $CHROME_PATH (a path that must exist), then Chromium, Google Chrome and Microsoft
 * Edge at their usual places on Linux, macOS and Windows, then the same names on the PATH.
 */
import * as fs from 'fs';
import * as path from 'path';

export interface Found {
  path: string | null;
  /** Every place looked at, for the message when none is there. */
  tried: string[];
}

const LINUX = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/microsoft-edge',
  '/usr/bin/microsoft-edge-stable',
  '/snap/bin/chromium',
  '/opt/google/chrome/chrome',
  '/opt/microsoft/msedge/msedge',
];

const MAC_APPS = [
  'Google Chrome.app/Contents/MacOS/Google Chrome',
  'Chromium.app/Contents/MacOS/Chromium',
  'Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
  'Google Chrome Canary.app/Contents/MacOS/Google Chrome Canary',
];

const WINDOWS_APPS = ['Google\\Chrome\\Application\\chrome.exe', 'Microsoft\\Edge\\Application\\msedge.exe', 'Chromium\\Application\\chrome.exe'];

const PATH_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome', 'microsoft-edge', 'microsoft-edge-stable', 'msedge'];

export function candidates(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string[] {
  const out: string[] = [];
  if (platform === 'darwin') {
    for (const dir of ['/Applications', env.HOME ? path.posix.join(env.HOME, 'Applications') : '']) if (dir) for (const app of MAC_APPS) out.push(path.posix.join(dir, app));
  } else if (platform === 'win32') {
    for (const root of [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env['ProgramFiles(x86)'], env.LOCALAPPDATA]) {
      if (root) for (const app of WINDOWS_APPS) out.push(path.win32.join(root, app));
    }
  } else {
    out.push(...LINUX);
  }
  const sep = platform === 'win32' ? ';' : ':';
  const join = platform === 'win32' ? path.win32.join : path.posix.join;
  const exts = platform === 'win32' ? ['.exe'] : [''];
  for (const dir of (env.PATH ?? env.Path ?? '').split(sep).filter(Boolean)) for (const name of PATH_NAMES) for (const ext of exts) out.push(join(dir, name + ext));
  return [...new Set(out)];
}

export function findBrowser(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, exists: (p: string) => boolean = isFile): Found {
  if (env.CHROME_PATH) return { path: exists(env.CHROME_PATH) ? env.CHROME_PATH : null, tried: [env.CHROME_PATH] };
  const tried = candidates(env, platform);
  return { path: tried.find(exists) ?? null, tried };
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** The message when no browser is found: where it looked, and how to name one. */
export function noBrowserMessage(found: Found, env: NodeJS.ProcessEnv = process.env): string {
  const head = env.CHROME_PATH
    ? `CHROME_PATH=${env.CHROME_PATH} does not exist.`
    : `No Chromium, Google Chrome or Microsoft Edge found (looked at ${found.tried.slice(0, 8).join(', ')}${found.tried.length > 8 ? ', …' : ''}).`;
  return `${head} Install one (Debian: apt-get install chromium fonts-noto-cjk, as CI does) or set CHROME_PATH to its program. The task-pane tests never download a browser.`;
}
