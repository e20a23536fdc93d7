// The OPC UA node ids of the device servers' address space, shared by the simulator and the ingest.

/** The namespace URI of our devices; its index is looked up on each server rather than assumed. */
export const DEVICES_NAMESPACE_URI = 'urn:plasma-trace:cold-chain:devices';

/** The string identifier of a device signal's variable, e.g. `G1001-FRZ-01.Temperature`. */
export const signalNodeName = (deviceId: string, browseName: string): string => `${deviceId}.${browseName}`;

/** The fault-injection method, callable only by the `engineer` user. */
export const INJECT_FAULT_METHOD = 'Simulation.InjectFault';
export const CLEAR_FAULTS_METHOD = 'Simulation.ClearFaults';
export const SIMULATION_OBJECT = 'Simulation';
