CREATE TABLE "message_edits" (
	"message_id" uuid NOT NULL,
	"previous_content" text,
	"edited_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "chat_participants" ADD COLUMN "left_name" text;--> statement-breakpoint
ALTER TABLE "chat_participants" ADD COLUMN "left_description" text;--> statement-breakpoint
ALTER TABLE "message_edits" ADD CONSTRAINT "message_edits_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "message_edits_message_idx" ON "message_edits" USING btree ("message_id","edited_at");--> statement-breakpoint
-- Members who left before this migration: the group as it is now is the best record there is.
UPDATE "chat_participants" p SET "left_name" = c."name", "left_description" = c."description" FROM "chats" c WHERE c."id" = p."chat_id" AND p."left_at" IS NOT NULL;
