// Subscribes to every signal of one device server and turns its notifications into readings. Nothing is
// lost across a disconnect: the subscription rides out short drops (the server queues notifications), and
// any gap in a signal's sequence (a longer drop, a queue overflow, a restart of the ingest) is read back
// from the device's history with the original source timestamps. Duplicates are left to the store's key.
import {
  AttributeIds,
  ClientMonitoredItemGroup,
  ClientSubscription,
  DataChangeFilter,
  DataChangeTrigger,
  DeadbandType,
  HistoryData,
  MessageSecurityMode,
  OPCUAClient,
  SecurityPolicy,
  StatusCodes,
  TimestampsToReturn,
  type ClientSession,
  type DataValue,
  type UserIdentityInfo,
} from 'node-opcua';
import type { DeviceServerConfig } from '../config';
import { SIGNALS } from '../devices/device-kinds';
import { DEVICES_NAMESPACE_URI, signalNodeName } from '../devices/node-ids';
import type { Reading } from '../merkle/reading-leaf';
import type { ApplicationPki } from '../pki';

export interface SubscriberOptions {
  readonly server: DeviceServerConfig;
  readonly pki: ApplicationPki;
  readonly identity: UserIdentityInfo;
  readonly onReadings: (readings: Reading[]) => void;
  /** The last stored source time of each signal (`device/node`), so a restarted ingest backfills what it missed. */
  readonly resumeFrom: ReadonlyMap<string, Date>;
  /**
   * True (counting it) for a reading stamped too far ahead of the ingest's clock (source-time-guard.ts). Such a
   * reading is dropped here, before it can move the signal's last seen time into the future and hide later gaps.
   */
  readonly refusesFuture: (reading: Reading) => boolean;
  readonly log: (message: string) => void;
}

interface MonitoredSignal {
  readonly key: string;
  readonly device: string;
  readonly node: string;
  readonly nodeId: string;
  readonly periodMs: number;
}

interface Gap {
  readonly signal: MonitoredSignal;
  readonly after: number;
  readonly before: number;
}

// Notifications that are not measurements: the value a variable holds before its first sample.
const NOT_MEASUREMENTS = new Set<number>([StatusCodes.UncertainInitialValue.value, StatusCodes.BadWaitingForInitialData.value]);
// InfoType DataValue with the Overflow bit: the server's queue dropped values before this one.
const OVERFLOW_BITS = 0x0400 | 0x0080;
const HISTORY_PAGE = 5000;

const signalKey = (device: string, node: string): string => `${device}/${node}`;

export class DeviceSubscriber {
  readonly #options: SubscriberOptions;
  readonly #client: OPCUAClient;
  readonly #lastSeen = new Map<string, number>();
  readonly #gaps: Gap[] = [];
  #signals: MonitoredSignal[] = [];
  #session: ClientSession | undefined;
  #subscription: ClientSubscription | undefined;
  #backfilling = false;
  #stopped = false;
  #backfilled = 0;

  constructor(options: Readonly<SubscriberOptions>) {
    this.#options = options;
    const { pki } = options;
    this.#client = OPCUAClient.create({
      applicationName: 'plasma-trace cold-chain ingest',
      applicationUri: pki.applicationUri,
      clientCertificateManager: pki.manager,
      certificateFile: pki.certificateFile,
      privateKeyFile: pki.privateKeyFile,
      securityMode: MessageSecurityMode.SignAndEncrypt,
      securityPolicy: SecurityPolicy.Basic256Sha256,
      endpointMustExist: false,
      keepSessionAlive: true,
      // Long enough that the server keeps the session and its queued notifications through a network drop.
      requestedSessionTimeout: 10 * 60_000,
      connectionStrategy: { maxRetry: -1, initialDelay: 250, maxDelay: 5_000 },
    });
    this.#client.on('connection_lost', () =>
      options.log(`${options.server.name}: connection lost; readings are kept by the devices meanwhile`),
    );
    this.#client.on('connection_reestablished', () => options.log(`${options.server.name}: connection re-established`));
    for (const [key, at] of options.resumeFrom) this.#lastSeen.set(key, at.getTime());
  }

  /** Readings read back from device history to fill gaps. */
  get backfilled(): number {
    return this.#backfilled;
  }

  /** Whether a gap is still being read back: the windows holding the readings after it must not be sealed yet. */
  get backfillPending(): boolean {
    return this.#gaps.length > 0;
  }

  async start(): Promise<void> {
    const { server, identity } = this.#options;
    // The first connection fails fast (a wrong address or a refused certificate must not hang start-up);
    // later drops are retried for ever by the client's reconnection.
    await this.#client.connect(`opc.tcp://${server.host}:${server.port}`);
    this.#session = await this.#client.createSession(identity);
    const namespaces = await this.#session.readNamespaceArray();
    const ns = namespaces.indexOf(DEVICES_NAMESPACE_URI);
    if (ns < 0) throw new Error(`${server.name}: the server at ${server.host}:${server.port} has no namespace ${DEVICES_NAMESPACE_URI}`);
    this.#signals = server.devices.flatMap((device) =>
      SIGNALS[device.kind].map((signal) => ({
        key: signalKey(device.id, signal.name),
        device: device.id,
        node: signal.name,
        nodeId: `ns=${ns};s=${signalNodeName(device.id, signal.browseName)}`,
        periodMs: device.samplePeriodMs,
      })),
    );

    this.#subscription = ClientSubscription.create(this.#session, {
      requestedPublishingInterval: 200,
      requestedLifetimeCount: 3000,
      requestedMaxKeepAliveCount: 25,
      maxNotificationsPerPublish: 0,
      publishingEnabled: true,
      priority: 10,
    });
    const queueSize = (signal: MonitoredSignal): number => Math.min(60_000, Math.ceil(120_000 / signal.periodMs) + 10);
    const group = ClientMonitoredItemGroup.create(
      this.#subscription,
      this.#signals.map((s) => ({ nodeId: s.nodeId, attributeId: AttributeIds.Value })),
      {
        // Every sample: no sampling interval folding, a queue for two minutes of samples, and a trigger on the
        // timestamp too, so that a steady freezer at -32.00 °C still yields one reading per sample.
        samplingInterval: 0,
        discardOldest: false,
        queueSize: Math.max(...this.#signals.map(queueSize)),
        filter: new DataChangeFilter({ trigger: DataChangeTrigger.StatusValueTimestamp, deadbandType: DeadbandType.None }),
      },
      TimestampsToReturn.Both,
    );
    group.on('changed', (_item, dataValue, index) => this.#onDataValue(this.#signals[index]!, dataValue));
    await new Promise<void>((resolve, reject) => {
      group.once('initialized', () => resolve());
      group.once('err', (message) => reject(new Error(`${server.name}: monitored items refused: ${message}`)));
    });
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#subscription?.terminate().catch(() => undefined);
    await this.#session?.close().catch(() => undefined);
    await this.#client.disconnect();
  }

  #onDataValue(signal: MonitoredSignal, dataValue: DataValue): void {
    const reading = this.#toReading(signal, dataValue);
    if (reading === undefined || this.#options.refusesFuture(reading)) return;
    const at = reading.sourceTime.getTime();
    const last = this.#lastSeen.get(signal.key);
    const overflowed = (dataValue.statusCode.value & OVERFLOW_BITS) === OVERFLOW_BITS;
    if (last !== undefined && (at - last > signal.periodMs * 1.5 || overflowed) && at > last) {
      this.#gaps.push({ signal, after: last, before: at });
      void this.#backfill();
    }
    if (last === undefined || at > last) this.#lastSeen.set(signal.key, at);
    this.#options.onReadings([reading]);
  }

  #toReading(signal: MonitoredSignal, dataValue: DataValue): Reading | undefined {
    // Info bits describe the transport (overflow), not the measurement: they are not part of the reading.
    const statusCode = (dataValue.statusCode.value & ~OVERFLOW_BITS) >>> 0;
    if (NOT_MEASUREMENTS.has(statusCode)) return undefined;
    const sourceTime = dataValue.sourceTimestamp;
    if (!sourceTime) {
      this.#options.log(`${signal.key}: a notification without a source timestamp was refused; readings keep the device's time`);
      return undefined;
    }
    const bad = statusCode >= 0x80000000;
    const value = bad || typeof dataValue.value.value !== 'number' ? null : dataValue.value.value;
    return { device: signal.device, node: signal.node, sourceTime, value, statusCode };
  }

  /** Reads each gap back from the device's history, one at a time; a failed read is retried after a pause. */
  async #backfill(): Promise<void> {
    if (this.#backfilling) return;
    this.#backfilling = true;
    try {
      while (this.#gaps.length > 0 && !this.#stopped) {
        const gap = this.#gaps[0]!;
        try {
          await this.#readGap(gap);
          this.#gaps.shift();
        } catch (error) {
          this.#options.log(`${gap.signal.key}: history read failed (${(error as Error).message}); retrying`);
          await new Promise((resolve) => setTimeout(resolve, 1_000));
        }
      }
    } finally {
      this.#backfilling = false;
    }
  }

  async #readGap({ signal, after, before }: Gap): Promise<void> {
    const session = this.#session;
    if (!session) throw new Error('no session');
    let from = after + 1;
    for (;;) {
      const result = await session.readHistoryValue({ nodeId: signal.nodeId }, new Date(from), new Date(before - 1), {
        numValuesPerNode: HISTORY_PAGE,
      });
      if (result.statusCode.isNotGood()) throw new Error(`history read answered ${result.statusCode.name}`);
      const values: DataValue[] = result.historyData instanceof HistoryData ? (result.historyData.dataValues ?? []) : [];
      const readings = values
        .map((dv) => this.#toReading(signal, dv))
        .filter((r): r is Reading => r !== undefined && !this.#options.refusesFuture(r));
      this.#backfilled += readings.length;
      if (readings.length > 0) this.#options.onReadings(readings);
      const lastValue = values.at(-1)?.sourceTimestamp?.getTime();
      if (values.length < HISTORY_PAGE || lastValue === undefined) return;
      from = lastValue + 1;
    }
  }
}
