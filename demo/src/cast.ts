// Who takes each step of the demo story: the demo people (network/topology.yaml and the demo people file) by the
// roles the role matrix gives each step, so each transaction carries the signature of the person who would take it.
import type { Topology } from '@plasma/network';
import type { DemoPerson } from '@plasma/gateway-api';
import { DONORS } from './plan';

export interface Actor {
  readonly org: string;
  readonly username: string;
  readonly password: string;
}

export interface Station {
  readonly name: string;
  readonly mspId: string;
  readonly facility: string;
  readonly collector: Actor;
  readonly qa: Actor;
}

export interface Cast {
  readonly stations: readonly Station[];
  readonly factory: {
    readonly name: string;
    readonly mspId: string;
    readonly facility: string;
    readonly warehouse: Actor;
    readonly qa: Actor;
    readonly qp: Actor;
  };
  readonly regulator: Actor;
  /** Reads the projection. */
  readonly inspector: Actor;
}

/** The story's people, by the roles the role matrix gives each step, from the topology and the demo people file. */
export function castOf(topology: Topology, people: readonly DemoPerson[]): Cast {
  const actor = (org: string, role: string): Actor => {
    const person = people.find((p) => p.org === org && p.role === role);
    if (!person) throw new Error(`no demo person with role ${role} at ${org} in the demo people file; the launcher seeds them`);
    return { org, username: person.username, password: person.password };
  };
  const ofKind = (kind: string) => topology.organisations.filter((o) => o.kind === kind);
  const stations = ofKind('station').slice(0, 2);
  const [factory] = ofKind('factory');
  const [regulator] = ofKind('regulator');
  if (stations.length === 0 || !factory || !regulator || !factory.facilities[0]) {
    throw new Error('the demo story needs a station, a factory with a facility and a regulator in network/topology.yaml');
  }
  return {
    stations: stations.map((s) => ({
      name: s.name,
      mspId: s.mspId,
      facility: s.facilities[0]!,
      collector: actor(s.name, 'collector'),
      qa: actor(s.name, 'station-qa'),
    })),
    factory: {
      name: factory.name,
      mspId: factory.mspId,
      facility: factory.facilities[0],
      warehouse: actor(factory.name, 'warehouse'),
      qa: actor(factory.name, 'factory-qa'),
      qp: actor(factory.name, 'qp'),
    },
    regulator: actor(regulator.name, 'regulator'),
    inspector: actor(regulator.name, 'inspector'),
  };
}

/** The station where `donor` gives: the first half of the donors at the first station, the rest at the second. */
export function stationOf(cast: Cast, donor: number): Station {
  return cast.stations[Math.floor((donor * cast.stations.length) / DONORS)]!;
}
