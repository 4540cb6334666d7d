'use client';
/**
 * Recording a voice message with the browser's MediaRecorder: Opus in WebM or Ogg where the browser
 * can, AAC in MP4 on Safari. While it records, an AnalyserNode gives the live level (the meter) and
 * the levels kept for the waveform; it stops by itself at the 5-minute limit.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { MAX_VOICE_DURATION_MS, scaleToPeak, toWaveformBars } from '@samvad/protocol';
import type { VoiceRecording } from '@/lib/voice-recordings';

const FORMATS = ['audio/webm;codecs=opus', 'audio/ogg;codecs=opus', 'audio/mp4;codecs=mp4a.40.2', 'audio/mp4', 'audio/webm'];
/** How often the level is read: the meter moves and one waveform sample is kept. */
const SAMPLE_EVERY_MS = 100;

export type RecorderState =
  { phase: 'idle' } | { phase: 'starting' } | { phase: 'recording'; startedAt: number } | { phase: 'error'; message: string };

export function canRecordVoice(): boolean {
  return typeof window !== 'undefined' && typeof MediaRecorder !== 'undefined' && !!navigator.mediaDevices?.getUserMedia;
}

/** Loudness in decibels mapped to 0–100: -60 dB (room hush) is 0, full scale is 100. */
function levelOf(samples: Float32Array): number {
  let sum = 0;
  for (const s of samples) sum += s * s;
  const rms = Math.sqrt(sum / samples.length);
  const db = 20 * Math.log10(Math.max(rms, 1e-6));
  return Math.round(Math.min(100, Math.max(0, ((db + 60) / 60) * 100)));
}

/** The kept levels brought to the waveform's bars, the loudest at 100. */
export const toWaveform = (levels: number[]): number[] => scaleToPeak(toWaveformBars(levels));

interface Session {
  stream: MediaStream;
  recorder: MediaRecorder;
  audio: AudioContext;
  chunks: Blob[];
  levels: number[];
  timer: ReturnType<typeof setInterval>;
  startedAt: number;
  stopped: Promise<Blob>;
}

export function useVoiceRecorder({ onLimitReached }: { onLimitReached(recording: VoiceRecording): void }) {
  const [state, setState] = useState<RecorderState>({ phase: 'idle' });
  const [level, setLevel] = useState(0);
  const session = useRef<Session | null>(null);
  /** Bumped by every start, stop and cancel: a start whose microphone opens after a cancel gives it back. */
  const attempt = useRef(0);
  const onLimit = useRef(onLimitReached);
  onLimit.current = onLimitReached;

  const release = useCallback(() => {
    attempt.current++;
    const current = session.current;
    session.current = null;
    if (!current) return;
    clearInterval(current.timer);
    if (current.recorder.state !== 'inactive') current.recorder.stop();
    for (const track of current.stream.getTracks()) track.stop();
    void current.audio.close().catch(() => {});
    setLevel(0);
  }, []);

  /** Stops and hands over what was recorded. */
  const stop = useCallback(async (): Promise<VoiceRecording | null> => {
    const current = session.current;
    if (!current) return null;
    const durationMs = Math.min(MAX_VOICE_DURATION_MS, performance.now() - current.startedAt);
    current.recorder.stop();
    release();
    setState({ phase: 'idle' });
    const blob = await current.stopped;
    return { blob, mimeType: current.recorder.mimeType || blob.type, durationMs, waveform: toWaveform(current.levels) };
  }, [release]);

  const start = useCallback(async () => {
    if (session.current) return;
    if (!canRecordVoice()) {
      setState({ phase: 'error', message: 'This browser cannot record audio' });
      return;
    }
    setState({ phase: 'starting' });
    const thisAttempt = ++attempt.current;
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true } });
      if (attempt.current !== thisAttempt) {
        for (const track of stream.getTracks()) track.stop(); // let go before the microphone opened
        return;
      }
    } catch (err) {
      if (attempt.current !== thisAttempt) return;
      const denied = (err as DOMException).name === 'NotAllowedError';
      setState({
        phase: 'error',
        message: denied ? 'Allow the microphone in your browser to record voice messages' : 'No microphone could be opened',
      });
      return;
    }
    const mimeType = FORMATS.find((f) => MediaRecorder.isTypeSupported(f));
    const recorder = new MediaRecorder(stream, { ...(mimeType ? { mimeType } : {}), audioBitsPerSecond: 32_000 });
    const audio = new AudioContext();
    const analyser = audio.createAnalyser();
    analyser.fftSize = 2048;
    audio.createMediaStreamSource(stream).connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    const chunks: Blob[] = [];
    const levels: number[] = [];
    recorder.ondataavailable = (e) => {
      if (e.data.size > 0) chunks.push(e.data);
    };
    const stopped = new Promise<Blob>((resolve) => {
      recorder.onstop = () => resolve(new Blob(chunks, { type: recorder.mimeType || mimeType || 'audio/webm' }));
    });
    const startedAt = performance.now();
    const timer = setInterval(() => {
      analyser.getFloatTimeDomainData(samples);
      const now = levelOf(samples);
      levels.push(now);
      setLevel(now);
      if (performance.now() - startedAt >= MAX_VOICE_DURATION_MS) void stop().then((r) => r && onLimit.current(r));
    }, SAMPLE_EVERY_MS);
    session.current = { stream, recorder, audio, chunks, levels, timer, startedAt, stopped };
    recorder.start(1000); // a chunk a second: a long recording is not one huge buffer at the end
    setState({ phase: 'recording', startedAt });
  }, [stop]);

  /** Stops and throws the recording away (also while the microphone is still opening). */
  const cancel = useCallback(() => {
    release();
    setState({ phase: 'idle' });
  }, [release]);

  useEffect(() => release, [release]);
  return { state, level, start, stop, cancel, clearError: () => setState({ phase: 'idle' }) };
}
