import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_DOCUMENT_BYTES, MAX_IMAGE_BYTES } from './limits.js';
import { UNSUPPORTED_UPLOAD_MESSAGE, UPLOAD_TYPES, uploadRefusal, uploadTypeForFileName } from './uploads.js';

describe('uploadTypeForFileName', () => {
  it('reads the extension as node’s path.extname does (the server used it before), in any case', () => {
    const names = ['a.png', 'A.PNG', '.png', '..png', 'a..jpeg', '.a.pdf', 'png', 'a.', '.', '..', 'x/.png', 'x\\y.docx', 'a.tar.xlsx'];
    for (const name of names) {
      const base = name.split(/[\\/]/).pop()!;
      expect(uploadTypeForFileName(name), name).toBe(UPLOAD_TYPES[path.extname(base).toLowerCase()]);
    }
  });
});

describe('uploadRefusal', () => {
  it('lets images up to 10 MB and documents up to 25 MB through', () => {
    expect(uploadRefusal({ name: 'photo.jpg', size: MAX_IMAGE_BYTES })).toBeNull();
    expect(uploadRefusal({ name: 'report.pdf', size: MAX_DOCUMENT_BYTES })).toBeNull();
  });

  it('refuses a larger file with its kind’s limit in the message', () => {
    expect(uploadRefusal({ name: 'photo.jpg', size: MAX_IMAGE_BYTES + 1 })).toEqual({
      code: 'PAYLOAD_TOO_LARGE',
      message: 'Images can be at most 10 MB',
    });
    expect(uploadRefusal({ name: 'marks.xlsx', size: MAX_DOCUMENT_BYTES + 1 })).toEqual({
      code: 'PAYLOAD_TOO_LARGE',
      message: 'Documents can be at most 25 MB',
    });
  });

  it('refuses a type that cannot be shared, whatever its size', () => {
    for (const name of ['setup.exe', 'logo.svg', 'page.html', 'README', '.png']) {
      expect(uploadRefusal({ name, size: 10 })).toEqual({ code: 'UNSUPPORTED_MEDIA_TYPE', message: UNSUPPORTED_UPLOAD_MESSAGE });
    }
  });
});
