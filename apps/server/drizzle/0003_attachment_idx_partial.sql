-- Most messages are text: index only those that carry a file (every index is written on each send).
DROP INDEX "messages_attachment_idx";--> statement-breakpoint
CREATE INDEX "messages_attachment_idx" ON "messages" USING btree ("attachment_id") WHERE "messages"."attachment_id" is not null;