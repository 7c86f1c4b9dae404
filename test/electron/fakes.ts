/** Hand-driven stand-ins for the clock, the logger and Electron's event emitters (no Electron binary needed). */
import { EventEmitter } from 'node:events';
import type { Cancel, Clock, LogFields, Logger } from '../../electron/clock.js';

type Timer = { at: number; seq: number; fn: () => void; cancelled: boolean };

/** A clock that moves only when the test says so. */
export class ManualClock implements Clock {
  private time = 1_000_000;
  private seq = 0;
  private timers: Timer[] = [];

  now = (): number => this.time;

  schedule(ms: number, fn: () => void): Cancel {
    const timer: Timer = { at: this.time + Math.max(0, ms), seq: (this.seq += 1), fn, cancelled: false };
    this.timers.push(timer);
    return () => {
      timer.cancelled = true;
    };
  }

  /** Timers still waiting to run. */
  get pending(): number[] {
    return this.timers.filter((t) => !t.cancelled).map((t) => t.at - this.time);
  }

  /** Moves time forward, running due timers in order; awaits pending promise callbacks between timers. */
  async advance(ms: number): Promise<void> {
    const target = this.time + ms;
    await flush();
    for (;;) {
      const due = this.timers
        .filter((t) => !t.cancelled && t.at <= target)
        .sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (due === undefined) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.time = due.at;
      due.fn();
      await flush();
    }
    this.time = target;
    this.timers = this.timers.filter((t) => !t.cancelled);
  }
}

/** Lets resolved promises run their callbacks. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 5; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
}

export type LogEntry = { level: 'info' | 'warn' | 'error'; message: string; fields: LogFields | undefined };

export class MemoryLogger implements Logger {
  readonly entries: LogEntry[] = [];
  info(message: string, fields?: LogFields): void {
    this.entries.push({ level: 'info', message, fields });
  }
  warn(message: string, fields?: LogFields): void {
    this.entries.push({ level: 'warn', message, fields });
  }
  error(message: string, fields?: LogFields): void {
    this.entries.push({ level: 'error', message, fields });
  }
  messages(level?: LogEntry['level']): string[] {
    return this.entries.filter((e) => level === undefined || e.level === level).map((e) => e.message);
  }
}

/** An Electron-style event: `preventDefault()` is recorded. */
export function fakeEvent<T extends object>(fields: T = {} as T): T & { preventDefault: () => void; defaultPrevented: boolean } {
  const event = {
    ...fields,
    defaultPrevented: false,
    preventDefault() {
      event.defaultPrevented = true;
    },
  };
  return event;
}

/** A WebContents stand-in for the guard: records listeners and the window-open handler. */
export class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
}
