/** The browser finder of the task-pane tests, on Linux, macOS and Windows layouts (no browser needed). */
import { findBrowser, noBrowserMessage } from './browser/findBrowser';

const only = (...paths: string[]) => (p: string) => paths.includes(p);

describe('findBrowser', () => {
  test('CHROME_PATH first, and only it when set', () => {
    expect(findBrowser({ CHROME_PATH: '/opt/x/chrome' }, 'linux', only('/opt/x/chrome', '/usr/bin/chromium')).path).toBe('/opt/x/chrome');
    const missing = findBrowser({ CHROME_PATH: '/nope/chrome' }, 'linux', only('/usr/bin/chromium'));
    expect(missing.path).toBeNull();
    expect(noBrowserMessage(missing, { CHROME_PATH: '/nope/chrome' })).toContain('CHROME_PATH=/nope/chrome does not exist');
  });

  test('Linux: Debian chromium, Google Chrome, Edge, or on the PATH', () => {
    expect(findBrowser({}, 'linux', only('/usr/bin/chromium')).path).toBe('/usr/bin/chromium');
    expect(findBrowser({}, 'linux', only('/usr/bin/google-chrome-stable')).path).toBe('/usr/bin/google-chrome-stable');
    expect(findBrowser({}, 'linux', only('/usr/bin/microsoft-edge')).path).toBe('/usr/bin/microsoft-edge');
    expect(findBrowser({ PATH: '/home/me/bin:/usr/local/bin' }, 'linux', only('/home/me/bin/chromium')).path).toBe('/home/me/bin/chromium');
  });

  test('macOS: the apps in /Applications or ~/Applications', () => {
    expect(findBrowser({ HOME: '/Users/me' }, 'darwin', only('/Applications/Google Chrome.app/Contents/MacOS/Google Chrome')).path).toBe(
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    );
    expect(findBrowser({ HOME: '/Users/me' }, 'darwin', only('/Users/me/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge')).path).toBe(
      '/Users/me/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
    );
  });

  test('Windows: Edge (always installed), Chrome in Program Files or the user’s AppData', () => {
    const env = { PROGRAMFILES: 'C:\\Program Files', 'PROGRAMFILES(X86)': 'C:\\Program Files (x86)', LOCALAPPDATA: 'C:\\Users\\me\\AppData\\Local', PATH: 'C:\\Windows' };
    expect(findBrowser(env, 'win32', only('C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe')).path).toBe(
      'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
    );
    expect(findBrowser(env, 'win32', only('C:\\Users\\me\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe')).path).toBe(
      'C:\\Users\\me\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe',
    );
  });

  test('none: a message that says where it looked and how to name one', () => {
    const found = findBrowser({ PATH: '' }, 'linux', () => false);
    expect(found.path).toBeNull();
    const msg = noBrowserMessage(found, {});
    expect(msg).toContain('/usr/bin/chromium');
    expect(msg).toContain('CHROME_PATH');
    expect(msg).toContain('never download');
  });
});
