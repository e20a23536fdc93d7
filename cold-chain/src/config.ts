// The cold-chain configuration (cold-chain/devices.yaml): device servers, their devices, the ingest's windows.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { DEVICE_KINDS, locationRequired } from '@plasma/chaincode';

const port = z.number().int().min(1024).max(65535);
const deviceId = z.string().regex(/^[A-Z0-9][A-Z0-9-]{1,39}$/, 'upper-case letters, digits and dashes, 2 to 40 characters');
const text = z.string().min(1).max(120);

const deviceSchema = z.object({
  id: deviceId,
  kind: z.enum(DEVICE_KINDS),
  site: z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/, 'the organisation name as in network/topology.yaml'),
  // Where it stands, named exactly as Donation:RecordStorage names the storage location (a freezer, the skid's hall);
  // a reefer logger travels and has none. Registered on the ledger with the device and fixed there.
  location: z.string().min(1).max(128).optional(),
  samplePeriodMs: z.number().int().min(1).max(3_600_000),
  serialNumber: text,
  model: text,
});

const serverSchema = z.object({
  name: z.string().regex(/^[a-z][a-z0-9-]*$/, 'lower-case letters, digits and dashes'),
  host: z.string().min(1),
  port,
  historyMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  devices: z.array(deviceSchema).min(1),
});

const schema = z.object({
  servers: z.array(serverSchema).min(1),
  ingest: z.object({
    windowSeconds: z.number().int().min(1).max(3600),
    identity: z.enum(['password', 'certificate']),
    // The ingest's user in each site organisation (network/topology.yaml, role device-gateway): it anchors that
    // site's windows, raises its excursions and reads the governed rule set as this user.
    ledgerUser: z.string().min(1),
  }),
});

export type DeviceConfig = z.infer<typeof deviceSchema>;
export type DeviceServerConfig = z.infer<typeof serverSchema>;
export type ColdChainConfig = z.infer<typeof schema>;

export const defaultConfigFile = path.resolve(__dirname, '..', 'devices.yaml');

/** Checks a configuration object; every problem is listed with its path. */
export function parseColdChainConfig(value: unknown, source = 'cold-chain configuration'): ColdChainConfig {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`${source} is not valid:\n${problems.join('\n')}`);
  }
  const config = parsed.data;
  const seen = new Set<string>();
  for (const device of config.servers.flatMap((s) => s.devices)) {
    if (seen.has(device.id)) throw new Error(`${source} is not valid: device id ${device.id} appears twice; ids must be unique`);
    seen.add(device.id);
    if (locationRequired(device.kind) !== (device.location !== undefined)) {
      throw new Error(
        `${source} is not valid: servers.devices ${device.id}.location: required for a freezer or a skid, ` +
          'and must be absent for a reefer logger (it travels with a shipment)',
      );
    }
  }
  const ports = config.servers.map((s) => `${s.host}:${s.port}`);
  if (new Set(ports).size !== ports.length) throw new Error(`${source} is not valid: two servers listen on the same host and port`);
  return config;
}

export function loadColdChainConfig(file: string = defaultConfigFile): ColdChainConfig {
  return parseColdChainConfig(parse(readFileSync(file, 'utf8')), file);
}
