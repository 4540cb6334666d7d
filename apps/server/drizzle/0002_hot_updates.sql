DROP INDEX "chat_participants_change_xid_idx";--> statement-breakpoint
DROP INDEX "chats_change_xid_idx";--> statement-breakpoint
-- Room on each page for HOT updates: chats.last_seq moves with every message, watermarks with every receipt.
ALTER TABLE "chats" SET (fillfactor = 70);--> statement-breakpoint
ALTER TABLE "chat_participants" SET (fillfactor = 70);
