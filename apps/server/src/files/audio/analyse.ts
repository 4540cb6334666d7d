/**
 * A voice message's facts, measured on the server from the stored bytes: its length (the client's
 * word is never taken) and its waveform, the levels the bubble draws. A waveform the client sent is
 * kept when it is well formed (it was drawn from the live microphone); otherwise the server computes
 * one — by decoding Opus, or from the sizes of AAC packets, which grow and shrink with the sound.
 */
import fsp from 'node:fs/promises';
import pLimit from 'p-limit';
import { MAX_VOICE_DURATION_MS, scaleToPeak, toWaveformBars, WAVEFORM_BARS } from '@samvad/protocol';
import { AppError } from '../../http/errors.js';
import { demuxMp4, demuxOgg, demuxWebm, NotAVoiceRecording, type DemuxedAudio } from './containers.js';

export interface VoiceFacts {
  durationMs: number;
  waveform: number[];
}

/** A recording rounds up to a whole Opus/AAC frame; allow that much past the limit. */
const LENGTH_TOLERANCE_MS = 1000;

/** Decoding uses a core; a couple at a time keeps the rest of the server responsive. */
const limit = pLimit(2);

export function analyseVoice(filePath: string, mimeType: string, clientWaveform: unknown): Promise<VoiceFacts> {
  return limit(async () => {
    const bytes = await fsp.readFile(filePath); // at most MAX_AUDIO_BYTES, checked while it arrived
    let audio: DemuxedAudio;
    try {
      audio = mimeType === 'audio/mp4' ? demuxMp4(bytes) : mimeType === 'audio/ogg' ? demuxOgg(bytes) : demuxWebm(bytes);
    } catch (error) {
      if (error instanceof NotAVoiceRecording) throw new AppError('UNSUPPORTED_MEDIA_TYPE', error.message);
      throw error;
    }
    if (audio.packets.length === 0 || audio.durationMs <= 0) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'The recording holds no sound');
    if (audio.durationMs > MAX_VOICE_DURATION_MS + LENGTH_TOLERANCE_MS) {
      throw new AppError('PAYLOAD_TOO_LARGE', `Voice messages can be at most ${MAX_VOICE_DURATION_MS / 60_000} minutes`);
    }
    const durationMs = Math.round(audio.durationMs);
    const waveform = resampleWaveform(clientWaveform) ?? (audio.codec === 'opus' ? await decodedLevels(audio) : sizeLevels(audio));
    return { durationMs, waveform };
  });
}

/** A client's waveform: 8–256 whole numbers from 0 to 100, brought to WAVEFORM_BARS; null when it is anything else. */
export function resampleWaveform(levels: unknown): number[] | null {
  if (!Array.isArray(levels) || levels.length < 8 || levels.length > 256) return null;
  if (!levels.every((v) => Number.isInteger(v) && v >= 0 && v <= 100)) return null;
  return toWaveformBars(levels as number[]);
}

/** The root-mean-square loudness of each bar's stretch of decoded sound (mono, 48 kHz). */
async function decodedLevels(audio: DemuxedAudio): Promise<number[]> {
  const { OpusDecoder } = await import('opus-decoder'); // loaded with the first voice message, not at start
  const decoder = new OpusDecoder({ channels: 1 });
  await decoder.ready;
  const sums = new Array<number>(WAVEFORM_BARS).fill(0);
  const counts = new Array<number>(WAVEFORM_BARS).fill(0);
  try {
    for (const packet of audio.packets) {
      const { channelData, samplesDecoded } = decoder.decodeFrame(packet.data!);
      const samples = channelData[0];
      if (!samples) continue;
      const msPerSample = 1000 / 48_000;
      for (let i = 0; i < samplesDecoded; i++) {
        const bar = barAt(packet.timeMs + i * msPerSample, audio.durationMs);
        sums[bar]! += samples[i]! * samples[i]!;
        counts[bar]!++;
      }
    }
  } finally {
    decoder.free();
  }
  return scaleToPeak(sums.map((sum, bar) => (counts[bar] ? Math.sqrt(sum / counts[bar]!) : 0)));
}

/** Coded bytes per bar: a codec spends more bits on louder, busier sound and few on silence. */
function sizeLevels(audio: DemuxedAudio): number[] {
  const bytes = new Array<number>(WAVEFORM_BARS).fill(0);
  const counts = new Array<number>(WAVEFORM_BARS).fill(0);
  for (const packet of audio.packets) {
    const bar = barAt(packet.timeMs, audio.durationMs);
    bytes[bar]! += packet.size;
    counts[bar]!++;
  }
  const mean = bytes.map((b, bar) => (counts[bar] ? b / counts[bar]! : 0));
  const quietest = Math.min(...mean.filter((_, bar) => counts[bar]));
  return scaleToPeak(mean.map((m) => Math.max(0, m - quietest)));
}

const barAt = (timeMs: number, durationMs: number) =>
  Math.min(WAVEFORM_BARS - 1, Math.max(0, Math.floor((timeMs / durationMs) * WAVEFORM_BARS)));
