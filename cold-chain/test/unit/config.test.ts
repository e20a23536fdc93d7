// The cold-chain configuration refuses devices the ledger would refuse to register: the location rule is the
// chaincode's own (chaincode/src/cold-chain/device-kind.ts).
import { expect } from 'chai';
import { parseColdChainConfig } from '../../src/config';

const withDevice = (device: Record<string, unknown>): unknown => ({
  servers: [
    {
      name: 'devices',
      host: '127.0.0.1',
      port: 17599,
      historyMinutes: 10,
      devices: [{ samplePeriodMs: 100, serialNumber: 'T-1', model: 'test', site: 'StationA', ...device }],
    },
  ],
  ingest: { windowSeconds: 2, identity: 'password', ledgerUser: 'coldchain1' },
});

describe('cold-chain configuration', () => {
  it('takes a freezer or skid with its location and a reefer logger without one', () => {
    for (const device of [
      { id: 'F-1', kind: 'freezer', location: 'freezer F1' },
      { id: 'S-1', kind: 'fractionation-skid', location: 'hall 2' },
      { id: 'R-1', kind: 'reefer' },
    ]) {
      expect(parseColdChainConfig(withDevice(device)).servers[0]!.devices[0]).to.include(device);
    }
  });

  it('refuses a freezer without a location and a reefer logger with one, naming the device and the field', () => {
    expect(() => parseColdChainConfig(withDevice({ id: 'F-1', kind: 'freezer' }), 'test')).to.throw(
      'test is not valid: servers.devices F-1.location: required for a freezer or a skid, and must be absent for a reefer logger',
    );
    expect(() => parseColdChainConfig(withDevice({ id: 'R-1', kind: 'reefer', location: 'truck 7' }), 'test')).to.throw(
      'test is not valid: servers.devices R-1.location: required for a freezer or a skid, and must be absent for a reefer logger',
    );
  });

  it('refuses a kind the ledger does not register', () => {
    expect(() => parseColdChainConfig(withDevice({ id: 'X-1', kind: 'fridge', location: 'lab' }), 'test')).to.throw(
      /servers\.0\.devices\.0\.kind: /,
    );
  });
});
