/** Test photos as phones take them (issue 14): large, detailed, stored sideways with EXIF orientation. */
import sharp from 'sharp';

/** A 4,000 × 3,000 JPEG of about 3 MB (noise compresses badly, as real photos do), EXIF orientation 6. */
export async function cameraPhoto(): Promise<Buffer> {
  const width = 4000;
  const height = 3000;
  const pixels = Buffer.alloc(width * height * 3);
  let seed = 7;
  for (let i = 0; i < pixels.length; i += 1) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    pixels[i] = (i % 3 === 0 ? 90 : 140) + (seed % 48);
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 85 })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}
