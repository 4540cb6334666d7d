-- Pictures of people and groups (issue 13.15): the stored picture's key; the host's avatar_url stays as the fallback.
ALTER TABLE "chats" ADD COLUMN "avatar_key" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "avatar_key" text;
