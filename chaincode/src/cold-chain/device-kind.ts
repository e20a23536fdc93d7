// The kinds of cold-chain device and which of them stand at a location. Apart from device.ts and free of imports,
// so that the cold-chain ingest and simulator share these rules without loading fabric-contract-api (whose logger
// takes over a process's uncaught exceptions and unhandled rejections).

export const DEVICE_KINDS = ['freezer', 'reefer', 'fractionation-skid'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];

/** Whether a device of this kind is registered with a location: a reefer logger travels with shipments and has none. */
export const locationRequired = (kind: DeviceKind): boolean => kind !== 'reefer';
