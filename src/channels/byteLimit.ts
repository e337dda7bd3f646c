import { Transform, type TransformCallback } from 'node:stream';

/** Passes bytes through until more than `max` have gone by, then fails the stream with `tooLarge()`; counts them. */
export class ByteLimit extends Transform {
  seen = 0;

  constructor(private readonly max: number, private readonly tooLarge: () => Error) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.max) return done(this.tooLarge());
    done(null, chunk);
  }
}
