/**
 * HTTPS options for `npm run dev-server`, with office-addin-dev-certs' localhost certificate.
 *
 * office-addin-dev-certs installs its CA with `sudo` on Linux, which fails where there is no sudo (running as root,
 * a container). There the certificates are made without it: as root the CA is put into the system's store
 * directly (update-ca-certificates); otherwise the commands to trust it are printed and the server starts anyway.
 */
'use strict';

const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');

function onPath(name) {
  return (process.env.PATH || '').split(path.delimiter).some((d) => d && fs.existsSync(path.join(d, name)));
}

function trustCommands(ca) {
  return [
    `  mkdir -p /usr/local/share/ca-certificates/office-addin-dev-certs`,
    `  cp '${ca}' /usr/local/share/ca-certificates/office-addin-dev-certs/ca.crt`,
    `  update-ca-certificates`,
    `(as root; or import ${ca} as an authority in the browser's certificate settings)`,
  ].join('\n');
}

async function httpsOptions(log = (s) => process.stderr.write(s + '\n')) {
  const devCerts = require('office-addin-dev-certs');
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (process.platform !== 'linux' || (onPath('sudo') && !isRoot)) return devCerts.getHttpsServerOptions();

  const defaults = require('office-addin-dev-certs/lib/defaults');
  const files = [defaults.caCertificatePath, defaults.localhostCertificatePath, defaults.localhostKeyPath];
  if (!files.every((f) => fs.existsSync(f))) await devCerts.generateCertificates();
  const ca = defaults.caCertificatePath;
  const installed = '/usr/local/share/ca-certificates/office-addin-dev-certs/ca.crt';
  const same = fs.existsSync(installed) && fs.readFileSync(installed).equals(fs.readFileSync(ca));
  if (!same) {
    if (isRoot && fs.existsSync('/usr/sbin/update-ca-certificates') && process.env.PLANCHECK_CERTS_NO_INSTALL !== '1') {
      try {
        fs.mkdirSync(path.dirname(installed), { recursive: true });
        fs.copyFileSync(ca, installed);
        execFileSync('/usr/sbin/update-ca-certificates', { stdio: 'ignore' });
        log(`dev-server: the development CA (${ca}) is now trusted by this system (no sudo needed as root).`);
      } catch (e) {
        log(`dev-server: could not add the development CA to the system's store (${e.message}). To trust it:\n${trustCommands(ca)}`);
      }
    } else {
      log(`dev-server: no sudo here, so the development CA was not installed. To trust https://localhost:3000:\n${trustCommands(ca)}`);
    }
  }
  return {
    ca: fs.readFileSync(ca),
    cert: fs.readFileSync(defaults.localhostCertificatePath),
    key: fs.readFileSync(defaults.localhostKeyPath),
  };
}

module.exports = { httpsOptions };
