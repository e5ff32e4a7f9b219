/**
 * The add-in manifest for where the task pane is served. manifest.xml names the development server,
 * https://localhost:3000/; `npm run build:web -- --env url=https://intranet.example/plancheck/` builds the pane for
 * that base URL and writes dist-web/manifest.xml with every URL (the page, the icons) under it.
 */
'use strict';

const DEV_BASE_URL = 'https://localhost:3000/';

/** The base URL as the manifest needs it: https, no query or fragment, ending in '/'. Throws a plain message. */
function normalizeBaseUrl(text) {
  let url;
  try {
    url = new URL(String(text));
  } catch {
    throw new Error(`build:web: "${text}" is not a URL; give the folder the pane is served from, such as --env url=https://intranet.example/plancheck/`);
  }
  if (url.protocol !== 'https:') throw new Error(`build:web: ${text}: Office loads add-ins only over https; give an https:// URL`);
  if (url.search || url.hash) throw new Error(`build:web: ${text}: the base URL takes no ?query or #fragment`);
  if (url.username || url.password) throw new Error(`build:web: ${text}: the base URL takes no user name or password`);
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url.href;
}

/** manifest.xml with every URL under the development server moved under `baseUrl`. */
function manifestFor(xml, baseUrl) {
  const base = normalizeBaseUrl(baseUrl);
  const escaped = base.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  let out = xml.split(DEV_BASE_URL).join(escaped);
  if (base !== DEV_BASE_URL) {
    // A comment may not hold "--" (XML): the command is described, and a URL with "--" (xn--…) is left out.
    const where = escaped.includes('--') ? 'the URL it was built for' : escaped;
    out = out.replace(/<!--[\s\S]*?-->/, () => `<!--\n  plancheck: Excel task-pane add-in, XML (add-in only) manifest, for the pane served from ${where}.\n  Written by npm run build:web with env url set to that folder, from manifest.xml; deploy it by centralized\n  deployment (Microsoft 365 admin center) or a shared-folder catalog (see the README).\n-->`);
  }
  return out;
}

module.exports = { DEV_BASE_URL, normalizeBaseUrl, manifestFor };
