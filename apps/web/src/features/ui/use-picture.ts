/**
 * Pictures (avatarUrl) need the bearer token, which <img src> cannot send: each is fetched once
 * as a blob and kept for the page's life, shared by every avatar that shows it. Addresses carry a
 * version, so a new picture is a new entry. Only our own `/api/` pictures are shown: the page's
 * CSP allows images from this origin alone, so a host's external URL falls back to initials.
 */
import { useEffect, useState } from 'react';
import { fetchFileBlob } from '../conversation/use-authed-url';

const loaded = new Map<string, string>();
const loading = new Map<string, Promise<string>>();

/** The small variant where it is enough (lists), the 256 px square elsewhere. */
export function pictureAddress(avatarUrl: string | null | undefined, size: number): string | null {
  if (!avatarUrl?.startsWith('/api/')) return null;
  const pixels = size * (typeof window === 'undefined' ? 1 : window.devicePixelRatio || 1);
  return pixels <= 64 ? `${avatarUrl}${avatarUrl.includes('?') ? '&' : '?'}size=64` : avatarUrl;
}

function loadPicture(address: string): Promise<string> {
  let pending = loading.get(address);
  if (!pending) {
    pending = fetchFileBlob(address).then((blob) => {
      const objectUrl = URL.createObjectURL(blob);
      loaded.set(address, objectUrl);
      return objectUrl;
    });
    pending.catch(() => loading.delete(address)); // a later render may try again
    loading.set(address, pending);
  }
  return pending;
}

/** An object URL for the picture once loaded; null while loading, without one, or when it failed. */
export function usePicture(avatarUrl: string | null | undefined, size: number): string | null {
  const address = pictureAddress(avatarUrl, size);
  const [objectUrl, setObjectUrl] = useState<string | null>(() => (address ? (loaded.get(address) ?? null) : null));
  useEffect(() => {
    if (!address) return setObjectUrl(null);
    let isCurrent = true;
    setObjectUrl(loaded.get(address) ?? null);
    loadPicture(address).then(
      (url) => isCurrent && setObjectUrl(url),
      () => isCurrent && setObjectUrl(null),
    );
    return () => {
      isCurrent = false;
    };
  }, [address]);
  return address ? objectUrl : null;
}

/** A picture already loaded (the icon of a desktop notification cannot wait for one). */
export function loadedPicture(avatarUrl: string | null | undefined, size: number): string | undefined {
  const address = pictureAddress(avatarUrl, size);
  return address ? loaded.get(address) : undefined;
}
