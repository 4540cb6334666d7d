/** Product limits shared by the server and the web app (spec §1.2, §9.3; CONTRACT §3). */
export const MAX_MESSAGE_LENGTH = 5000;
export const EDIT_WINDOW_MS = 15 * 60 * 1000;
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
export const MAX_DOCUMENT_BYTES = 25 * 1024 * 1024;
/** Voice messages (issue 14): at most 10 MB and five minutes, as the server measures them. */
export const MAX_AUDIO_BYTES = 10 * 1024 * 1024;
export const MAX_VOICE_DURATION_MS = 5 * 60 * 1000;
/** How many levels a voice message's waveform has (the server resamples what a client sends). */
export const WAVEFORM_BARS = 48;
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 100;
export const MAX_SYNC_MESSAGES = 500;
export const MAX_PINNED_CHATS = 3;
export const MAX_GROUP_NAME_LENGTH = 100;
export const MAX_GROUP_DESCRIPTION_LENGTH = 500;
export const MAX_GROUP_MEMBERS = 1024;
/** The typist is shown as typing until this long after their last `typing` event. */
export const TYPING_TIMEOUT_MS = 5000;
/** Messages deleted for everyone keep their place; their content is erased after this long. */
export const DELETED_CONTENT_RETENTION_DAYS = 30;

/** The quick reactions the message menu offers first; any other single emoji may be picked too. */
export const REACTION_EMOJIS = ['👍', '❤️', '😂', '😮', '😢', '🙏'] as const;
/** The longest single emoji (a ZWJ family with skin tones) is well under this many UTF-16 units. */
export const MAX_REACTION_LENGTH = 32;

export const IMAGE_MIME_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export const DOCUMENT_MIME_TYPES = [
  'application/pdf',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
] as const;
