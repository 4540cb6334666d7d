/** Files need the bearer token, which <img src> cannot send: fetch them as blobs instead. */
import { useEffect, useState } from 'react';
import { readToken } from '@/lib/session-storage';

export async function fetchFileBlob(url: string): Promise<Blob> {
  const token = readToken();
  const response = await fetch(url, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (!response.ok) throw new Error(`Could not load file (${response.status})`);
  return response.blob();
}

export function useAuthedUrl(url: string | null): string | null {
  const [objectUrl, setObjectUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!url) return;
    let created: string | null = null;
    let isCurrent = true;
    fetchFileBlob(url)
      .then((blob) => {
        if (!isCurrent) return;
        created = URL.createObjectURL(blob);
        setObjectUrl(created);
      })
      .catch(() => {});
    return () => {
      isCurrent = false;
      if (created) URL.revokeObjectURL(created);
    };
  }, [url]);
  return url ? objectUrl : null;
}

export async function downloadFile(url: string, fileName: string): Promise<void> {
  const blob = await fetchFileBlob(url);
  const objectUrl = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = objectUrl;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(objectUrl), 1000);
}
