// A stand-in for the School Assessment system: a tiny web server on its own origin that signs its
// users' HS256 JWTs with the secret it shares with Samvad, and serves two pages using Samvad:
//   /        a React page using the @samvad/embed package (bundled with esbuild at start-up)
//   /plain   a plain HTML page using the web components from Samvad's /embed.js
//
//   JWT_SECRET=<Samvad's JWT_SECRET> SAMVAD_URL=http://localhost:5000 PORT=4000 node examples/host-app/server.mjs
//
// Samvad must list this page's origin in CORS_ORIGINS (e.g. CORS_ORIGINS=http://localhost:4000).
import crypto from 'node:crypto';
import http from 'node:http';
import { TextEncoder } from 'node:util';
import fs from 'node:fs';
import { build } from 'esbuild';
import { SignJWT } from 'jose';

const PORT = Number(process.env.PORT ?? 4000);
const HOST = process.env.HOST ?? '127.0.0.1';
const SAMVAD_URL = (process.env.SAMVAD_URL ?? 'http://localhost:5000').replace(/\/+$/, '');
const JWT_SECRET = process.env.JWT_SECRET;
if (!JWT_SECRET) {
  console.error("JWT_SECRET must be Samvad's secret (in development: the file data/jwt-secret of the Samvad server)");
  process.exit(1);
}
const key = new TextEncoder().encode(JWT_SECRET);

// The host's own users, with the host's own ids (not UUIDs): Samvad provisions them from the token.
const USERS = {
  'emp-42': { name: 'Kavya Rao', email: 'kavya.rao@school-assessment.example', role: 'EMPLOYEE' },
  'emp-43': { name: 'Rohan Patil', email: 'rohan.patil@school-assessment.example', role: 'EMPLOYEE' },
  'adm-7': { name: 'Asha Deshmukh', email: 'asha.deshmukh@school-assessment.example', role: 'ADMIN' },
};
const ADMIN_ID = 'adm-7';
const VISIT = { type: 'visit', visitId: 'V-2026-0142', schoolName: 'Zilla Parishad School, Nashik' };

/** The claims Samvad reads (docs/integration.md): userId and role, plus name/email to provision the user. */
function signToken(userId) {
  const { name, email, role } = USERS[userId];
  return new SignJWT({ userId, role, name, email })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(key);
}

const bundle = await build({
  entryPoints: [new URL('./src/app.tsx', import.meta.url).pathname],
  bundle: true,
  write: false,
  format: 'esm',
  target: 'es2020',
  jsx: 'automatic',
  minify: true,
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
});
const appJs = bundle.outputFiles[0].text;

const template = (name) => fs.readFileSync(new URL(`./pages/${name}`, import.meta.url), 'utf8');
// JSON inside <script>: `<` escaped so no value can close the tag.
const pageConfig = (userId) =>
  JSON.stringify({ samvadUrl: SAMVAD_URL, userId, user: USERS[userId], adminId: ADMIN_ID, visit: VISIT }).replace(/</g, '\\u003c');
const escapeAttribute = (value) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/'/g, '&#39;').replace(/</g, '&lt;');

function render(name, userId, nonce) {
  return template(name)
    .replaceAll('%NONCE%', nonce)
    .replaceAll('%CONFIG%', pageConfig(userId))
    .replaceAll('%SAMVAD_URL%', escapeAttribute(SAMVAD_URL))
    .replaceAll('%ADMIN_ID%', escapeAttribute(ADMIN_ID))
    .replaceAll('%VISIT_JSON%', escapeAttribute(JSON.stringify(VISIT)))
    .replaceAll('%USER_NAME%', escapeAttribute(USERS[userId].name));
}

const send = (res, status, type, body, headers = {}) => {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', ...headers });
  res.end(body);
};

// A strict Content-Security-Policy, as a careful host has: no inline script or style without the
// nonce. The widgets work under it; Samvad's origin is allowed for its script and connections.
const samvadOrigin = new URL(SAMVAD_URL).origin;
const samvadSocketOrigin = samvadOrigin.replace(/^http/, 'ws');
function sendPage(res, name, userId) {
  const nonce = crypto.randomBytes(16).toString('base64');
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' ${samvadOrigin}`,
    `style-src 'self' 'nonce-${nonce}'`,
    `connect-src 'self' ${samvadOrigin} ${samvadSocketOrigin}`,
    "img-src 'self' data:",
  ].join('; ');
  send(res, 200, 'text/html; charset=utf-8', render(name, userId, nonce), { 'Content-Security-Policy': csp });
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://host.invalid');
  // Stand-in for the host's own session: `?user=` picks who is signed in. Never do this in a real app.
  const userId = url.searchParams.get('user') ?? 'emp-42';
  if (!Object.hasOwn(USERS, userId)) return send(res, 404, 'text/plain', 'no such host user');
  try {
    if (url.pathname === '/') return sendPage(res, 'react.html', userId);
    if (url.pathname === '/plain') return sendPage(res, 'plain.html', userId);
    if (url.pathname === '/favicon.ico') return send(res, 204, 'image/x-icon', '');
    if (url.pathname === '/app.js') return send(res, 200, 'text/javascript; charset=utf-8', appJs);
    // The page asks its own server for a Samvad token; the secret never leaves the server.
    if (url.pathname === '/samvad-token') return send(res, 200, 'text/plain', await signToken(userId));
    send(res, 404, 'text/plain', 'not found');
  } catch (error) {
    send(res, 500, 'text/plain', String(error));
  }
});
server.listen(PORT, HOST, () => console.log(`host app on http://${HOST}:${PORT} (Samvad at ${SAMVAD_URL})`));
