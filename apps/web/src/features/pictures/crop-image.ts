/** The square the user chose, drawn onto a canvas and sent as a JPEG (the server makes the final sizes). */
import type { Area } from 'react-easy-crop';

/** Twice the largest size the server keeps: enough detail, and a small upload. */
const OUTPUT_SIZE = 512;

export async function cropToBlob(imageUrl: string, area: Area): Promise<Blob> {
  const image = new Image();
  image.src = imageUrl;
  await image.decode();
  const canvas = document.createElement('canvas');
  const side = Math.min(OUTPUT_SIZE, Math.round(area.width));
  canvas.width = side;
  canvas.height = side;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('This browser cannot crop pictures');
  context.fillStyle = '#fff'; // transparent PNGs get a white background in a JPEG
  context.fillRect(0, 0, side, side);
  context.drawImage(image, area.x, area.y, area.width, area.height, 0, 0, side, side);
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The picture could not be cropped'))), 'image/jpeg', 0.9),
  );
}
