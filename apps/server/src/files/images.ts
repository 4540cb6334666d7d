/**
 * Image processing with sharp: every image is re-encoded (EXIF orientation applied, then all
 * metadata — EXIF, GPS, XMP — dropped, which is sharp's default when withMetadata() is not asked
 * for) and gets a WebP thumbnail whose longest side is 320 px. Width and height are measured after
 * orientation, so clients can lay out the bubble before the image loads.
 */
import os from 'node:os';
import pLimit from 'p-limit';
import sharp from 'sharp';
import { AppError } from '../http/errors.js';

export const THUMBNAIL_SIZE = 320;
/** Refuse decompression bombs: 50 megapixels is more than any phone photo we expect. */
const MAX_INPUT_PIXELS = 50_000_000;

// libvips keeps decoded images in its cache by default; uploads are never re-read, so don't.
sharp.cache(false);

export interface ProcessedImage {
  width: number;
  height: number;
  size: number;
}

/** A few images at a time: each decoded photo is tens of MB, and libvips already uses every core. */
const limit = pLimit(Math.max(2, Math.min(4, os.availableParallelism())));

export function processImage(sourcePath: string, mimeType: string, outputPath: string, thumbnailPath: string): Promise<ProcessedImage> {
  return limit(async () => {
    const options = { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' } as const;
    try {
      // Rotating needs the whole decoded image in memory; most photos need none, and without it
      // libvips streams the image through in strips. The header read is cheap.
      const { orientation } = await sharp(sourcePath, options).metadata();
      const main = sharp(sourcePath, options);
      if (orientation && orientation !== 1) main.rotate();
      if (mimeType === 'image/jpeg')
        main.jpeg({ quality: 85 }); // not mozjpeg: ~15× slower on photos for a few % smaller files
      else if (mimeType === 'image/png') main.png({ compressionLevel: 8 });
      else main.webp({ quality: 85 });
      const info = await main.toFile(outputPath);
      // The thumbnail from the re-encoded (upright, clean) image, after it: JPEG and WebP decode
      // at a fraction of their size (shrink-on-load), so the peak stays one full decode per job.
      await sharp(outputPath, options)
        .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true })
        .webp({ quality: 75 })
        .toFile(thumbnailPath);
      return { width: info.width, height: info.height, size: info.size };
    } catch (error) {
      throw asUploadError(error);
    }
  });
}

/** Profile and group pictures: the side, and the small variant for lists. */
export const PICTURE_SIZE = 256;
export const SMALL_PICTURE_SIZE = 64;

/**
 * A picture: upright, the centre square (the web app sends the square the user chose, so
 * this only trims what is left over), re-encoded as WebP without metadata, in two sizes.
 */
export function processPicture(sourcePath: string, outputPath: string, smallPath: string): Promise<void> {
  return limit(async () => {
    const options = { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' } as const;
    try {
      await sharp(sourcePath, options)
        .rotate()
        .resize(PICTURE_SIZE, PICTURE_SIZE, { fit: 'cover' })
        .webp({ quality: 85 })
        .toFile(outputPath);
      await sharp(outputPath).resize(SMALL_PICTURE_SIZE, SMALL_PICTURE_SIZE).webp({ quality: 80 }).toFile(smallPath);
    } catch (error) {
      throw asUploadError(error);
    }
  });
}

function asUploadError(error: unknown): AppError {
  const message = (error as Error).message ?? '';
  if (/pixel limit/i.test(message)) return new AppError('PAYLOAD_TOO_LARGE', 'The image has too many pixels');
  return new AppError('UNSUPPORTED_MEDIA_TYPE', 'The image could not be read');
}
