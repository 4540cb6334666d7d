// Draws the installable app's icons (web app manifest, Apple touch icon, notification badge) from
// the app's SVG mark, into public/icons/. Run by hand when the mark changes; the PNGs are committed.
//
//   node apps/web/scripts/make-icons.mjs       (uses sharp, the server's image library)
import { Buffer } from 'node:buffer';
import fs from 'node:fs';
import sharp from 'sharp';

const out = new URL('../public/icons/', import.meta.url);
fs.mkdirSync(out, { recursive: true });
const GREEN = '#047857';
const bubble = (stroke) =>
  `<path d="M25 16a9 9 0 0 1-13 8l-6 1 1.2-5A9 9 0 1 1 25 16z" fill="none" stroke="${stroke}" stroke-width="2.2" stroke-linejoin="round"/>`;
/** The mark scaled to `scale` of a square, on a background (null: transparent). */
const svg = ({ background, radius = 0, scale = 1, stroke = '#fff' }) => {
  const inset = (32 * (1 - scale)) / 2;
  const rect = background ? `<rect width="32" height="32" rx="${radius}" fill="${background}"/>` : '';
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">${rect}<g transform="translate(${inset} ${inset}) scale(${scale})">${bubble(stroke)}</g></svg>`,
  );
};
const icons = [
  // "any" purpose: the rounded square as the browser tab shows it.
  ['icon-192.png', 192, { background: GREEN, radius: 8 }],
  ['icon-512.png', 512, { background: GREEN, radius: 8 }],
  // "maskable": full bleed, the mark inside the 80 % safe zone the platforms may crop to.
  ['maskable-512.png', 512, { background: GREEN, scale: 0.7 }],
  ['apple-touch-icon.png', 180, { background: GREEN, scale: 0.85 }],
  // Android's status bar badge: white on transparent, the system tints it.
  ['badge-96.png', 96, { background: null, scale: 1.1 }],
];
for (const [name, size, options] of icons) {
  await sharp(svg(options), { density: (72 * size) / 32 })
    .resize(size, size)
    .png({ compressionLevel: 9 })
    .toFile(new URL(name, out).pathname);
}
console.log(`icons written to ${out.pathname}`);
