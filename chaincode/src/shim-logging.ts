// fabric-shim logs every message it exchanges with the peer at debug level through winston, which formats each entry
// (timestamp, colours, metadata, padding) before its transport drops it as below the level: about a tenth of a
// chaincode server's CPU, measured (docs/measurements.md). Entries below their logger's level are dropped here,
// before they are formatted; what is logged is unchanged.
import { createRequire } from 'node:module';

interface WinstonLogger {
  isLevelEnabled(level: string): boolean;
  write: (this: WinstonLogger, info: unknown, ...rest: unknown[]) => boolean;
}

/** Off only to measure what dropping early saves (bench/chaincode-settings.ts). */
if (process.env.PLASMA_CHAINCODE_DROP_DEBUG_EARLY !== 'off') {
  // The very winston fabric-shim logs through, wherever npm put it.
  const fromShim = createRequire(require.resolve('fabric-shim'));
  const { Logger } = fromShim('winston') as { Logger: { prototype: WinstonLogger } };
  const write = Logger.prototype.write;
  Logger.prototype.write = function (this: WinstonLogger, info: unknown, ...rest: unknown[]): boolean {
    const level = typeof info === 'object' && info !== null ? (info as { level?: unknown }).level : undefined;
    if (typeof level === 'string' && !this.isLevelEnabled(level)) return true;
    return write.call(this, info, ...rest);
  };
}
