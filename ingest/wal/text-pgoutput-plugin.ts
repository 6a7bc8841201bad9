import { PgoutputPlugin, type Pgoutput } from 'pg-logical-replication';

const keepText = (raw: unknown) => raw;

/**
 * pgoutput with every column kept as the text Postgres sent. The library would run pg's type
 * parsers, which turn timestamps into millisecond Dates (losing microseconds) and would turn
 * numeric into a float if anything in the process registered such a parser; money must stay
 * the exact text. pg-values.ts converts the few types that are safe to convert.
 */
export class TextPgoutputPlugin extends PgoutputPlugin {
  override parse(buffer: Buffer): Pgoutput.Message {
    const message = super.parse(buffer);
    // The parser caches this same relation object and reads later tuples through its columns.
    if (message.tag === 'relation') for (const column of message.columns) column.parser = keepText;
    return message;
  }
}
