/**
 * Photos travel small (issue 14): before upload, a photo is redrawn with its longest side at most
 * 1,600 px and re-encoded (JPEG stays JPEG, PNG/WebP become WebP, which keeps transparency), so a
 * 4 MB phone photo goes as a few hundred KB on a school's mobile network. The picture keeps its
 * orientation (createImageBitmap applies the EXIF rotation); the server still strips metadata.
 * "HD" sends the original. A picture already small, one that cannot be decoded, or one that would
 * not get smaller goes as it is.
 */
export const PHOTO_LONGEST_SIDE = 1600;
const QUALITY = 0.82;
/** Below this a photo within the size limit is not worth re-encoding. */
const SMALL_ENOUGH_BYTES = 300_000;
const SHRINKABLE = new Set(['image/jpeg', 'image/png', 'image/webp']);

export async function shrinkPhoto(file: File, longestSide = PHOTO_LONGEST_SIDE): Promise<File> {
  if (!SHRINKABLE.has(file.type) || typeof createImageBitmap === 'undefined') return file;
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    return file; // not decodable here: the server decides
  }
  try {
    // Already small (a screenshot, a diagram): sent as it is, name and format unchanged.
    if (Math.max(bitmap.width, bitmap.height) <= longestSide && file.size <= SMALL_ENOUGH_BYTES) return file;
    const scale = Math.min(1, longestSide / Math.max(bitmap.width, bitmap.height));
    const width = Math.round(bitmap.width * scale);
    const height = Math.round(bitmap.height * scale);
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext('2d');
    if (!context) return file;
    context.imageSmoothingQuality = 'high';
    context.drawImage(bitmap, 0, 0, width, height);
    const type = file.type === 'image/jpeg' ? 'image/jpeg' : 'image/webp';
    const blob = await canvas.convertToBlob({ type, quality: QUALITY });
    if (blob.type !== type || blob.size >= file.size) return file;
    const name = file.name.replace(/\.[^.]*$/, '') + (type === 'image/jpeg' ? '.jpg' : '.webp');
    return new File([blob], name, { type, lastModified: file.lastModified });
  } finally {
    bitmap.close();
  }
}
