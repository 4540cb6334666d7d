/** The Samvad token from this app's own server, reused until shortly before it expires (1 h). */
const REUSE_FOR_MS = 50 * 60 * 1000;

export function createTokenProvider(userId: string): () => Promise<string> {
  let cached: { token: Promise<string>; expiresAt: number } | null = null;
  return () => {
    if (!cached || cached.expiresAt < Date.now()) {
      const token = fetch(`/samvad-token?user=${encodeURIComponent(userId)}`).then(async (response) => {
        if (!response.ok) throw new Error(`token request failed: HTTP ${response.status}`);
        return response.text();
      });
      token.catch(() => (cached = null));
      cached = { token, expiresAt: Date.now() + REUSE_FOR_MS };
    }
    return cached.token;
  };
}
