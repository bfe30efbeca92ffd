import { RecordEmitter } from '../../../../src/local/demo-data/record-emitter';
import { MemorySink } from './memory-sink';

const DAY_MS = 86_400_000;

describe('RecordEmitter', () => {
  it('drops records partitioned before the window or emitted after the stop instant', () => {
    const sink = new MemorySink();
    const emitter = new RecordEmitter(sink, { startMs: 10 * DAY_MS, stopMs: 12 * DAY_MS });
    expect(emitter.emit('ctr', 9 * DAY_MS, 10 * DAY_MS, 'early')).toBe(false);
    expect(emitter.emit('ctr', 10 * DAY_MS, 12 * DAY_MS + 1, 'late')).toBe(false);
    expect(emitter.emit('ctr', 11 * DAY_MS + 5, 11 * DAY_MS + 5, 'kept')).toBe(true);
    expect(sink.lines.ctr).toEqual([{ dayNumber: 11, line: 'kept' }]);
    expect(emitter.counts.ctr).toBe(1);
  });

  it('delivers a held line after the given number of lines of the same source, and the rest on flush', () => {
    const sink = new MemorySink();
    const emitter = new RecordEmitter(sink, { startMs: 0, stopMs: Infinity });
    emitter.emit('ae', 0, 0, 'late-by-2', 2);
    emitter.emit('ae', 0, 0, 'late-by-9', 9);
    emitter.emit('ae', 0, 0, 'a');
    emitter.emit('cfl', 0, 0, 'other source');
    emitter.emit('ae', 0, 0, 'b');
    emitter.emit('ae', 0, 0, 'c');
    expect(sink.lines.ae.map(({ line }) => line)).toEqual(['a', 'b', 'late-by-2', 'c']);
    emitter.flush();
    expect(sink.lines.ae.map(({ line }) => line)).toEqual(['a', 'b', 'late-by-2', 'c', 'late-by-9']);
    expect(emitter.counts.ae).toBe(5);
  });
});
