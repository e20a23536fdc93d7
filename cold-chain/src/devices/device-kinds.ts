// What each kind of device measures: its signals, their engineering units, ranges and normal behaviour. The kinds
// themselves are the ledger's (chaincode/src/cold-chain/device-kind.ts), where each device is registered.
import type { DeviceKind } from '@plasma/chaincode';

/** Units as UNECE Recommendation 20 codes, which OPC UA's EUInformation carries. */
export type Unit = 'CEL' | 'PH' | 'RPM';

export interface SignalSpec {
  /** The reading's node name in the database and on the ledger, e.g. `temperature`. */
  readonly name: string;
  /** The OPC UA browse name of the device's variable. */
  readonly browseName: string;
  readonly unit: Unit;
  /** The range the instrument can measure (OPC UA EURange). */
  readonly range: { readonly low: number; readonly high: number };
  /** Where the value sits when nothing is wrong, and how much it wanders. */
  readonly nominal: number;
  readonly noise: number;
  /** Resolution of the instrument: values are rounded to this many decimals. */
  readonly decimals: number;
}

const plasmaTemperature = (nominal: number): SignalSpec => ({
  name: 'temperature',
  browseName: 'Temperature',
  unit: 'CEL',
  range: { low: -80, high: 50 },
  nominal,
  noise: 0.3,
  decimals: 2,
});

export const SIGNALS: Readonly<Record<DeviceKind, readonly SignalSpec[]>> = {
  freezer: [plasmaTemperature(-32)],
  reefer: [plasmaTemperature(-28)],
  // Cold ethanol fractionation runs near 0 °C; the skid's centrifuge separates the precipitate.
  'fractionation-skid': [
    { name: 'temperature', browseName: 'Temperature', unit: 'CEL', range: { low: -20, high: 40 }, nominal: -3, noise: 0.1, decimals: 2 },
    { name: 'ph', browseName: 'pH', unit: 'PH', range: { low: 0, high: 14 }, nominal: 6.9, noise: 0.02, decimals: 3 },
    {
      name: 'centrifugeSpeed',
      browseName: 'CentrifugeSpeed',
      unit: 'RPM',
      range: { low: 0, high: 6000 },
      nominal: 4200,
      noise: 5,
      decimals: 0,
    },
  ],
};

/** Kinds whose temperature is plasma storage, watched by the storage excursion rule. */
export const STORAGE_KINDS: readonly DeviceKind[] = ['freezer', 'reefer'];
