/**
 * The one home of a picture's address. A user's own picture wins over the host's `avatar_url`;
 * a group's picture is its own. The address carries the stored key as its version (`?v=`), so a
 * new picture is a new URL and caches never show the old one. SQL text (not a Drizzle fragment)
 * because prepared statements read it too; `alias` names the users or chats row.
 */
export const userAvatarUrlSql = (alias: string): string =>
  `coalesce('/api/users/' || ${alias}.id || '/avatar?v=' || ${alias}.avatar_key, ${alias}.avatar_url)`;

export const chatAvatarUrlSql = (alias: string): string => `('/api/chats/' || ${alias}.id || '/avatar?v=' || ${alias}.avatar_key)`;

/** Stored objects of a picture: the 256 px square and its 64 px variant. */
export const pictureKeys = (key: string) => ({ large: `avatars/${key}.webp`, small: `avatars/${key}-64.webp` });
