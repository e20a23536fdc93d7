// Reading server-sent events from a fetch body, as the explorer's subscriptions do: events split across chunks,
// several in one chunk, CRLF line ends, comments and multi-line data.
import { expect } from 'chai';
import { readEventStream, type StreamEvent } from '../../src/graphql/event-stream';

function body(...chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

async function events(stream: ReadableStream<Uint8Array>): Promise<StreamEvent[]> {
  const read: StreamEvent[] = [];
  for await (const event of readEventStream(stream)) read.push(event);
  return read;
}

describe('explorer server-sent events', function () {
  it('reads GraphQL over SSE as graphql-yoga sends it, whatever the chunking', async function () {
    const next = 'event: next\ndata: {"data":{"blockIndexed":{"number":7}}}\n\n';
    const all = `:\n\n${next}event: complete\ndata:\n\n`;
    const expected = [
      { event: 'next', data: '{"data":{"blockIndexed":{"number":7}}}' },
      { event: 'complete', data: '' },
    ];
    expect(await events(body(all))).to.deep.equal(expected);
    expect(await events(body(...all.match(/.{1,5}/gs)!))).to.deep.equal(expected);
  });

  it('joins multi-line data and accepts CRLF line ends', async function () {
    expect(await events(body('data: a\r\ndata: b\r\n\r\n'))).to.deep.equal([{ event: 'message', data: 'a\nb' }]);
  });
});
