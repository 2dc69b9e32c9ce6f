// Ingest progress: a live bar on a terminal, plain periodic lines otherwise (CI logs).
import cliProgress from 'cli-progress';
import type { IngestProgress } from '../ingest/pipeline.js';

const mb = (b: number) => b / 1e6;

function eta(p: IngestProgress, seconds: number): string {
  if (!p.totalBytes || !p.bytesRead || p.bytesRead >= p.totalBytes) return '-';
  const s = Math.round(((p.totalBytes - p.bytesRead) * seconds) / p.bytesRead);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

export function progressReporter(stream: NodeJS.WriteStream = process.stderr) {
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  if (stream.isTTY && !process.env.CI) {
    const bar = new cliProgress.SingleBar(
      {
        stream,
        format: ' {bar} {percentage}% | {messages} msgs ({rate} msg/s) | {mbs} MB/s | ETA {etaText}',
        hideCursor: true,
        clearOnComplete: false,
      },
      cliProgress.Presets.shades_classic,
    );
    let started_ = false;
    return {
      update(p: IngestProgress) {
        const s = elapsed();
        const payload = {
          messages: p.messages,
          rate: Math.round(p.messages / s),
          mbs: (mb(p.bytesRead) / s).toFixed(1),
          etaText: eta(p, s),
        };
        if (!started_) {
          bar.start(Math.max(1, p.totalBytes), p.bytesRead, payload);
          started_ = true;
        } else bar.update(Math.min(p.bytesRead, Math.max(1, p.totalBytes)), payload);
      },
      done() {
        if (started_) bar.stop();
      },
    };
  }
  let last = 0;
  return {
    update(p: IngestProgress) {
      const s = elapsed();
      if (s - last < 2) return;
      last = s;
      stream.write(
        `ingest: ${p.messages} msgs, ${Math.round(p.messages / s)} msg/s, ${(mb(p.bytesRead) / s).toFixed(1)} MB/s, ` +
          `${p.totalBytes ? Math.round((100 * p.bytesRead) / p.totalBytes) : '?'}% ETA ${eta(p, s)}\n`,
      );
    },
    done() {},
  };
}
