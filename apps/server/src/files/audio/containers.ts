/**
 * Reading the containers browsers record voice into — Ogg, WebM and MP4 — just far enough to list
 * the audio packets with their times: the server measures a voice message's length from these
 * (never from what the client says) and draws its waveform from them. Anything that is not one
 * audio track of Opus (Ogg, WebM) or AAC (MP4) is refused.
 */
export interface AudioPacket {
  /** Where the packet starts, in milliseconds from the start of the recording. */
  timeMs: number;
  size: number;
  /** The coded bytes (Opus, which the waveform decodes); MP4's AAC is only measured by its sizes. */
  data?: Uint8Array;
}

export interface DemuxedAudio {
  codec: 'opus' | 'aac';
  durationMs: number;
  packets: AudioPacket[];
}

/** Bytes that are not a recording we can play; the upload answers 415 with this message. */
export class NotAVoiceRecording extends Error {}
const refuse = (why: string): never => {
  throw new NotAVoiceRecording(why);
};

// ---------------------------------------------------------------------------------------------
// Opus (RFC 6716 §3.1): a packet's length follows from its first byte, the TOC.

const CELT_MS = [2.5, 5, 10, 20];
const SILK_MS = [10, 20, 40, 60];

export function opusPacketMs(packet: Uint8Array): number {
  if (packet.length === 0) return 0;
  const toc = packet[0]!;
  const config = toc >> 3;
  const frameMs = config < 12 ? SILK_MS[config % 4]! : config < 16 ? (config % 2 ? 20 : 10) : CELT_MS[config % 4]!;
  const code = toc & 3;
  const frames = code === 0 ? 1 : code < 3 ? 2 : (packet[1] ?? 0) & 0x3f;
  return frames * frameMs;
}

// ---------------------------------------------------------------------------------------------
// Ogg (RFC 3533) with Opus inside (RFC 7845): pages of segments; the last page's granule position
// minus the pre-skip is the length in 48 kHz samples.

export function demuxOgg(bytes: Buffer): DemuxedAudio {
  const packets: Uint8Array[] = [];
  const granules: bigint[] = []; // the granule of the page each packet ends on
  let pending: Buffer[] = [];
  let serial: number | undefined;
  let lastGranule = -1n;
  let offset = 0;
  while (offset < bytes.length) {
    if (offset + 27 > bytes.length || bytes.toString('latin1', offset, offset + 4) !== 'OggS') refuse('The Ogg file is damaged');
    const granule = bytes.readBigInt64LE(offset + 6);
    const pageSerial = bytes.readUInt32LE(offset + 14);
    if (serial === undefined) serial = pageSerial;
    else if (pageSerial !== serial) refuse('A voice message holds one audio stream');
    const segmentCount = bytes[offset + 26]!;
    let data = offset + 27 + segmentCount;
    for (let i = 0; i < segmentCount; i++) {
      const length = bytes[offset + 27 + i]!;
      if (data + length > bytes.length) refuse('The Ogg file is cut off');
      pending.push(bytes.subarray(data, data + length));
      data += length;
      if (length < 255) {
        packets.push(Buffer.concat(pending));
        granules.push(granule);
        pending = [];
      }
    }
    if (granule !== -1n) lastGranule = granule;
    offset = data;
  }
  const head = packets[0];
  if (!head || Buffer.from(head).toString('latin1', 0, 8) !== 'OpusHead' || head.length < 19) refuse('The Ogg file holds no Opus audio');
  const preSkip = Buffer.from(head!).readUInt16LE(10);
  const audio = packets.slice(2); // OpusHead, OpusTags, then audio
  const durationMs = lastGranule > 0n ? Math.max(0, Number(lastGranule - BigInt(preSkip)) / 48) : 0;
  let timeMs = 0;
  return {
    codec: 'opus',
    durationMs,
    packets: audio.map((data) => {
      const packet = { timeMs, size: data.length, data };
      timeMs += opusPacketMs(data);
      return packet;
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// WebM (Matroska/EBML): Chromium and Firefox write the segment and its clusters with an unknown
// size while recording, so the walk goes element by element, stepping into the masters it needs.

const EBML = {
  Segment: 0x18538067,
  Info: 0x1549a966,
  TimecodeScale: 0x2ad7b1,
  Tracks: 0x1654ae6b,
  TrackEntry: 0xae,
  TrackNumber: 0xd7,
  TrackType: 0x83,
  CodecID: 0x86,
  Cluster: 0x1f43b675,
  Timecode: 0xe7,
  SimpleBlock: 0xa3,
  BlockGroup: 0xa0,
  Block: 0xa1,
} as const;
const STEP_INTO = new Set<number>([EBML.Segment, EBML.Info, EBML.Tracks, EBML.TrackEntry, EBML.Cluster, EBML.BlockGroup]);
const AUDIO_TRACK = 2;

/** An EBML variable-length integer at `offset`: its value (marker bit removed unless `keepMarker`) and length. */
function readVint(bytes: Buffer, offset: number, keepMarker: boolean): { value: number; length: number; unknown: boolean } {
  const first = bytes[offset];
  if (first === undefined || first === 0) return refuse('The WebM file is damaged');
  const length = Math.clz32(first) - 23; // 1 for 0b1xxxxxxx … 8 for 0b00000001
  if (offset + length > bytes.length) refuse('The WebM file is cut off');
  let value = keepMarker ? first : first & (0xff >> length);
  let allOnes = value === 0xff >> length;
  for (let i = 1; i < length; i++) {
    const byte = bytes[offset + i]!;
    value = value * 256 + byte;
    allOnes &&= byte === 0xff;
  }
  return { value, length, unknown: !keepMarker && allOnes };
}

const readUint = (bytes: Buffer, start: number, size: number) => {
  let value = 0;
  for (let i = 0; i < size; i++) value = value * 256 + bytes[start + i]!;
  return value;
};

export function demuxWebm(bytes: Buffer): DemuxedAudio {
  const tracks: { number: number; type: number; codec: string }[] = [];
  const blocks: { track: number; timecode: number; data: Uint8Array }[] = [];
  let timecodeScale = 1_000_000; // nanoseconds per timecode unit
  let clusterTimecode = 0;
  let offset = 0;
  while (offset < bytes.length) {
    const id = readVint(bytes, offset, true);
    const size = readVint(bytes, offset + id.length, false);
    const start = offset + id.length + size.length;
    if (STEP_INTO.has(id.value)) {
      if (id.value === EBML.TrackEntry) tracks.push({ number: 0, type: 0, codec: '' });
      offset = start;
      continue;
    }
    if (size.unknown) refuse('The WebM file is damaged');
    const end = start + size.value;
    if (end > bytes.length) {
      if (id.value === EBML.SimpleBlock || id.value === EBML.Block) break; // a recording cut short: keep what is whole
      refuse('The WebM file is cut off');
    }
    const track = tracks.at(-1);
    switch (id.value) {
      case EBML.TimecodeScale:
        timecodeScale = readUint(bytes, start, size.value);
        break;
      case EBML.TrackNumber:
        if (track) track.number = readUint(bytes, start, size.value);
        break;
      case EBML.TrackType:
        if (track) track.type = readUint(bytes, start, size.value);
        break;
      case EBML.CodecID:
        if (track) track.codec = bytes.toString('latin1', start, end).replace(/\0+$/, '');
        break;
      case EBML.Timecode:
        clusterTimecode = readUint(bytes, start, size.value);
        break;
      case EBML.SimpleBlock:
      case EBML.Block: {
        const trackNumber = readVint(bytes, start, false);
        const header = start + trackNumber.length;
        if (header + 3 > end) refuse('The WebM file is damaged');
        const lacing = (bytes[header + 2]! >> 1) & 3;
        if (lacing !== 0) refuse('This WebM layout is not one browsers record');
        blocks.push({
          track: trackNumber.value,
          timecode: clusterTimecode + bytes.readInt16BE(header),
          data: bytes.subarray(header + 3, end),
        });
        break;
      }
    }
    offset = end;
  }
  if (tracks.length !== 1 || tracks[0]!.type !== AUDIO_TRACK) refuse('A voice message holds one audio track and nothing else');
  if (tracks[0]!.codec !== 'A_OPUS') refuse('Voice messages in WebM must be Opus audio');
  const msPerUnit = timecodeScale / 1_000_000;
  const packets = blocks
    .filter((b) => b.track === tracks[0]!.number)
    .map((b) => ({ timeMs: b.timecode * msPerUnit, size: b.data.length, data: b.data }));
  let first = Infinity;
  let last = 0;
  for (const p of packets) {
    first = Math.min(first, p.timeMs);
    last = Math.max(last, p.timeMs + opusPacketMs(p.data!));
  }
  return {
    codec: 'opus',
    durationMs: packets.length ? last - first : 0,
    packets: packets.map((p) => ({ ...p, timeMs: p.timeMs - first })),
  };
}

// ---------------------------------------------------------------------------------------------
// MP4 (ISO BMFF): Safari records AAC, as a plain file (sample tables) or fragmented (moof/trun).

const MP4_CONTAINERS = new Set(['moov', 'trak', 'mdia', 'minf', 'stbl', 'mvex', 'moof', 'traf']);

export function demuxMp4(bytes: Buffer): DemuxedAudio {
  let tracks = 0;
  let handler = '';
  let codec = '';
  let timescale = 0;
  let headerDuration = 0;
  const sizes: number[] = [];
  const durations: number[] = []; // per sample, in timescale units
  let defaultDuration = 0;
  let defaultSize = 0;
  let fragmentDuration = 0;
  let fragmentSize = 0;

  const walk = (from: number, to: number) => {
    let offset = from;
    while (offset + 8 <= to) {
      let size = bytes.readUInt32BE(offset);
      const type = bytes.toString('latin1', offset + 4, offset + 8);
      let header = 8;
      if (size === 1) {
        if (offset + 16 > to) refuse('The MP4 file is cut off');
        size = Number(bytes.readBigUInt64BE(offset + 8));
        header = 16;
      } else if (size === 0) size = to - offset;
      if (size < header || offset + size > to) refuse('The MP4 file is cut off');
      const body = offset + header;
      const end = offset + size;
      const full = body + 4; // after a full box's version and flags
      const version = bytes[body];
      const flags = bytes.readUInt32BE(body) & 0xffffff;
      if (MP4_CONTAINERS.has(type)) {
        if (type === 'trak') tracks++;
        walk(body, end);
      } else if (type === 'hdlr') {
        handler = bytes.toString('latin1', full + 4, full + 8);
      } else if (type === 'mdhd') {
        timescale = bytes.readUInt32BE(full + (version === 1 ? 16 : 8));
        headerDuration = version === 1 ? Number(bytes.readBigUInt64BE(full + 20)) : bytes.readUInt32BE(full + 12);
      } else if (type === 'stsd') {
        codec = bytes.toString('latin1', full + 8, full + 12);
      } else if (type === 'stsz') {
        const sampleSize = bytes.readUInt32BE(full);
        const count = bytes.readUInt32BE(full + 4);
        for (let i = 0; i < count; i++) sizes.push(sampleSize || bytes.readUInt32BE(full + 8 + 4 * i));
      } else if (type === 'stts') {
        const entries = bytes.readUInt32BE(full);
        for (let i = 0; i < entries; i++) {
          const count = bytes.readUInt32BE(full + 4 + 8 * i);
          const delta = bytes.readUInt32BE(full + 8 + 8 * i);
          for (let j = 0; j < count && durations.length < 1_000_000; j++) durations.push(delta);
        }
      } else if (type === 'trex') {
        defaultDuration = bytes.readUInt32BE(full + 8);
        defaultSize = bytes.readUInt32BE(full + 12);
      } else if (type === 'tfhd') {
        let at = full + 4 + (flags & 0x1 ? 8 : 0) + (flags & 0x2 ? 4 : 0);
        fragmentDuration = flags & 0x8 ? bytes.readUInt32BE(at) : defaultDuration;
        if (flags & 0x8) at += 4;
        fragmentSize = flags & 0x10 ? bytes.readUInt32BE(at) : defaultSize;
      } else if (type === 'trun') {
        const count = bytes.readUInt32BE(full);
        let at = full + 4 + (flags & 0x1 ? 4 : 0) + (flags & 0x4 ? 4 : 0);
        const perSample = [0x100, 0x200, 0x400, 0x800].filter((bit) => flags & bit).length * 4;
        if (at + count * perSample > end) refuse('The MP4 file is damaged');
        for (let i = 0; i < count; i++) {
          let field = at;
          const duration = flags & 0x100 ? bytes.readUInt32BE(field) : fragmentDuration;
          if (flags & 0x100) field += 4;
          const size = flags & 0x200 ? bytes.readUInt32BE(field) : fragmentSize;
          durations.push(duration);
          sizes.push(size);
          at += perSample;
        }
      }
      offset = end;
    }
  };
  try {
    walk(0, bytes.length);
  } catch (error) {
    if (error instanceof NotAVoiceRecording) throw error;
    refuse('The MP4 file is damaged'); // a read past a box's end
  }
  if (tracks !== 1 || handler !== 'soun') refuse('A voice message holds one audio track and nothing else');
  if (codec !== 'mp4a') refuse('Voice messages in MP4 must be AAC audio');
  if (!timescale) refuse('The MP4 file is damaged');
  const msPer = 1000 / timescale;
  let timeMs = 0;
  const packets = sizes.map((size, i) => {
    const packet = { timeMs, size }; // sizes are all the waveform needs
    timeMs += (durations[i] ?? 0) * msPer;
    return packet;
  });
  return { codec: 'aac', durationMs: timeMs > 0 ? timeMs : headerDuration * msPer, packets };
}
