/**
 * A plain `fetch` (undici) client in a process of its own, as a browser is: it keeps sending while
 * the server answers, which a client sharing the test's event loop never does. Uploads `size` bytes
 * of a PNG-named file `times` times and prints one JSON line per try: the answer, or the error.
 *
 *   node --import tsx fetch-upload-client.ts <upload url> <token> <size> <times>
 */
const [url, token, size, times] = process.argv.slice(2);

const png = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
    '1f15c4890000000d4944415478da63f8cfc0f01f0005000201a5a0d2e10000000049454e44ae426082',
  'hex',
);

for (let i = 0; i < Number(times); i++) {
  const form = new FormData();
  form.append('file', new Blob([png, new Uint8Array(Math.max(0, Number(size) - png.length))], { type: 'image/png' }), 'photo.png');
  try {
    const response = await fetch(url!, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    console.log(JSON.stringify({ status: response.status, body: await response.json() }));
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    console.log(JSON.stringify({ error: cause?.code ?? cause?.message ?? String(error) }));
  }
}
