export interface PendingWrite {
  /** The commit end LSN to confirm once this write and all before it are stored. */
  ackLsn?: bigint;
  done: boolean;
}

/**
 * Writes of the replication stream in arrival order. Postgres may only be told "stored up to
 * here" for a prefix of them: a later transaction finishing first (a coalesced batch, a retried
 * one) must not confirm past an earlier one that is still in flight.
 */
export class AckTracker {
  private readonly entries: PendingWrite[] = [];

  add(ackLsn?: bigint): PendingWrite {
    const entry: PendingWrite = { ackLsn, done: false };
    this.entries.push(entry);
    return entry;
  }

  /** Marks a write stored; returns the LSN that may now be confirmed, if any. */
  complete(entry: PendingWrite): bigint | undefined {
    entry.done = true;
    let confirmable: bigint | undefined;
    while (this.entries[0]?.done) {
      const head = this.entries.shift()!;
      if (head.ackLsn !== undefined) confirmable = head.ackLsn;
    }
    return confirmable;
  }

  get empty(): boolean {
    return this.entries.length === 0;
  }
}
