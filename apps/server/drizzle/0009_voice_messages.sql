-- Voice messages (issue 14): the measured length and the drawn levels of an AUDIO attachment.
ALTER TABLE "attachments" ADD COLUMN "duration_ms" integer;--> statement-breakpoint
ALTER TABLE "attachments" ADD COLUMN "waveform" smallint[];