// The device server's address space: a folder per device with its identification, and one AnalogItem per
// signal (engineering units, ranges, status codes, source timestamps), read-only and historized.
import {
  AccessLevelFlag,
  DataType,
  StatusCodes,
  makeEUInformation,
  standardUnits,
  type AddressSpace,
  type EUInformation,
  type Namespace,
  type UAVariable,
} from 'node-opcua';
import type { DeviceConfig } from '../config';
import { SIGNALS, type SignalSpec, type Unit } from './device-kinds';
import { signalNodeName } from './node-ids';

const UNITS: Readonly<Record<Unit, EUInformation>> = {
  CEL: standardUnits.degree_celsius,
  RPM: standardUnits.revolutions_per_minute,
  PH: makeEUInformation('pH', 'pH', 'pH value'),
};

// Readable and historized, never writable: devices report, clients do not set values.
const READ_ONLY = AccessLevelFlag.CurrentRead | AccessLevelFlag.HistoryRead;

export interface DeviceSignalNode {
  readonly device: DeviceConfig;
  readonly signal: SignalSpec;
  readonly variable: UAVariable;
}

export function addDevice(
  addressSpace: AddressSpace,
  namespace: Namespace,
  devicesFolder: ReturnType<Namespace['addFolder']>,
  device: DeviceConfig,
  historyValues: number,
): DeviceSignalNode[] {
  const folder = namespace.addFolder(devicesFolder, { browseName: device.id, nodeId: `s=${device.id}` });
  const property = (browseName: string, value: string): void => {
    namespace.addVariable({
      propertyOf: folder,
      browseName,
      nodeId: `s=${signalNodeName(device.id, browseName)}`,
      dataType: DataType.String,
      accessLevel: AccessLevelFlag.CurrentRead,
      userAccessLevel: AccessLevelFlag.CurrentRead,
      value: { dataType: DataType.String, value },
    });
  };
  property('DeviceKind', device.kind);
  property('Site', device.site);
  property('Model', device.model);
  property('SerialNumber', device.serialNumber);

  return SIGNALS[device.kind].map((signal) => {
    const variable = namespace.addAnalogDataItem({
      componentOf: folder,
      browseName: signal.browseName,
      nodeId: `s=${signalNodeName(device.id, signal.browseName)}`,
      dataType: DataType.Double,
      engineeringUnits: UNITS[signal.unit],
      engineeringUnitsRange: signal.range,
      instrumentRange: signal.range,
      accessLevel: READ_ONLY,
      userAccessLevel: READ_ONLY,
      // Zero: every sample is reported as it happens, none is folded into a sampling interval.
      minimumSamplingInterval: 0,
    }) as unknown as UAVariable;
    variable.setValueFromSource({ dataType: DataType.Double, value: signal.nominal }, StatusCodes.UncertainInitialValue, new Date());
    addressSpace.installHistoricalDataNode(variable, { maxOnlineValues: historyValues });
    return { device, signal, variable };
  });
}
