/**
 * The viewer's full-size images as blob: URLs (files need the bearer token, so no plain <img src>):
 * the one on screen and its neighbours, fetched once each while the viewer is open, freed on close.
 * `undefined` while loading, `null` when it could not be loaded.
 */
import { useEffect, useRef, useState } from 'react';
import type { Message } from '@samvad/protocol';
import { fetchFileBlob } from './use-authed-url';

export function useFullImages(images: readonly Message[], index: number): Record<string, string | null> {
  const [urls, setUrls] = useState<Record<string, string | null>>({});
  const requested = useRef(new Set<string>());
  const created = useRef<string[]>([]);
  const isOpen = useRef(true);

  useEffect(() => {
    for (const message of [images[index], images[index + 1], images[index - 1]]) {
      if (!message?.fileUrl || requested.current.has(message.id)) continue;
      requested.current.add(message.id);
      fetchFileBlob(message.fileUrl)
        .then((blob) => {
          if (!isOpen.current) return;
          const url = URL.createObjectURL(blob);
          created.current.push(url);
          setUrls((all) => ({ ...all, [message.id]: url }));
        })
        .catch(() => isOpen.current && setUrls((all) => ({ ...all, [message.id]: null })));
    }
  }, [images, index]);

  useEffect(() => {
    isOpen.current = true;
    return () => {
      isOpen.current = false;
      for (const url of created.current) URL.revokeObjectURL(url);
      created.current = [];
      requested.current.clear();
    };
  }, []);

  return urls;
}
