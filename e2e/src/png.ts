/** Real PNGs made in the test (the server decodes images), so the browser tests need no fixture files. */
import zlib from 'node:zlib';

type Rgb = readonly [number, number, number];

/** A `width`×`height` 8-bit RGB PNG; `paint(x, y)` gives each pixel's colour (one flat colour by default). */
export function makePng(width: number, height: number, paint: (x: number, y: number) => Rgb = () => [16, 122, 87]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(zlib.crc32(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const rows = Array.from({ length: height }, (_, y) => {
    const row = Buffer.alloc(1 + width * 3); // filter byte 0, then the pixels
    for (let x = 0; x < width; x++) row.set(paint(x, y), 1 + x * 3);
    return row;
  });
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A picture with something to look at: a sky-to-field gradient with a sun, so zoom and fit are visible. */
export function makeScenePng(width: number, height: number, hue: Rgb = [56, 132, 212]): Buffer {
  const sun = { x: width * 0.7, y: height * 0.35, r: Math.min(width, height) * 0.14 };
  return makePng(width, height, (x, y) => {
    if ((x - sun.x) ** 2 + (y - sun.y) ** 2 < sun.r ** 2) return [250, 204, 21];
    const t = y / height;
    if (t > 0.68) return [34 + Math.round(40 * t), 120, 60];
    return [Math.round(hue[0] * (1 - t) + 200 * t), Math.round(hue[1] * (1 - t) + 220 * t), Math.round(hue[2] * (1 - t) + 240 * t)];
  });
}
