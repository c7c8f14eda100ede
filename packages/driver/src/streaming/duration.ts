/**
 * Spans of time for streaming (Spark's Duration): batch intervals, windows, slides,
 * checkpoint intervals. Batch times themselves are plain epoch milliseconds.
 */
import { InvalidArgumentError } from '@kindling/common';

export class Duration {
  private constructor(readonly milliseconds: number) {}

  /** A duration of `ms` milliseconds; must be a non-negative integer. */
  static of(ms: number, what = 'duration'): Duration {
    if (!Number.isInteger(ms) || ms < 0) {
      throw new InvalidArgumentError(`${what} must be a whole, non-negative number of milliseconds, got ${String(ms)}`);
    }
    return new Duration(ms);
  }

  /** Accepts a Duration or a number of milliseconds, as every API taking a duration does. */
  static from(value: Duration | number, what: string): Duration {
    if (value instanceof Duration) return value;
    if (typeof value === 'number') return Duration.of(value, what);
    throw new InvalidArgumentError(`${what} must be a Duration such as Seconds(10), got ${typeof value}`);
  }

  plus(other: Duration): Duration {
    return new Duration(this.milliseconds + other.milliseconds);
  }

  minus(other: Duration): Duration {
    return new Duration(Math.max(0, this.milliseconds - other.milliseconds));
  }

  times(n: number): Duration {
    return new Duration(this.milliseconds * n);
  }

  div(other: Duration): number {
    return this.milliseconds / other.milliseconds;
  }

  isMultipleOf(other: Duration): boolean {
    return other.milliseconds > 0 && this.milliseconds % other.milliseconds === 0;
  }

  lessThan(other: Duration): boolean {
    return this.milliseconds < other.milliseconds;
  }

  max(other: Duration): Duration {
    return this.milliseconds >= other.milliseconds ? this : other;
  }

  isZero(): boolean {
    return this.milliseconds === 0;
  }

  equals(other: Duration): boolean {
    return this.milliseconds === other.milliseconds;
  }

  /** Spark's form, which its messages use: "10000 ms". */
  toString(): string {
    return `${this.milliseconds} ms`;
  }

  /** "10s", "1.5s", "200ms", "2m": for log lines and the status line. */
  toShortString(): string {
    const ms = this.milliseconds;
    if (ms % 60_000 === 0 && ms > 0) return `${ms / 60_000}m`;
    if (ms >= 1000) return `${ms / 1000}s`;
    return `${ms}ms`;
  }
}

export function Milliseconds(ms: number): Duration {
  return Duration.of(ms, 'Milliseconds');
}

export function Seconds(seconds: number): Duration {
  return Duration.of(Math.round(seconds * 1000), 'Seconds');
}

export function Minutes(minutes: number): Duration {
  return Duration.of(Math.round(minutes * 60_000), 'Minutes');
}

/** A batch time as Spark prints it in logs and `print()` headers: "1552858640000 ms". */
export function formatBatchTime(time: number): string {
  return `${time} ms`;
}
