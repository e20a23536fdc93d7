// The chaincode server's log: fabric-shim's entries below the level are dropped before winston formats them, and those
// at or above it are formatted and written as before.
import { expect } from 'chai';
import '../src/shim-logging';

interface ShimLogger {
  level: string;
  format: { transform(info: object, options?: unknown): unknown };
  debug(message: string): void;
  warn(message: string): void;
}

describe("the chaincode server's log", function () {
  it('formats no entry below the level, and every entry at or above it', function () {
    // fabric-shim's own logger, as its handler gets it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const shimLogger = (require('fabric-shim/lib/logger') as { getLogger(name: string): ShimLogger }).getLogger('shim-logging test');
    shimLogger.level = 'warn';
    const format = shimLogger.format;
    const formatted: string[] = [];
    shimLogger.format = {
      transform: (info, options) => {
        formatted.push((info as { message: string }).message);
        return format.transform(info, options);
      },
    };
    shimLogger.debug('a message from the peer');
    shimLogger.warn('a chaincode server that cannot reach its peer');
    expect(formatted).to.deep.equal(['a chaincode server that cannot reach its peer']);
  });
});
