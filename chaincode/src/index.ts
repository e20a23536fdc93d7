// The chaincode's public face: the contracts fabric-contract-api serves, and helpers clients share.
import './shim-logging';
import type { Contract } from 'fabric-contract-api';
import { SecurityLogContract } from './audit/security-log-contract';
import { ColdChainContract } from './cold-chain/cold-chain-contract';
import { ConsortiumContract } from './consortium/consortium-contract';
import { DonationContract } from './donation/donation-contract';
import { DonorContract } from './donation/donor-contract';
import { LineageContract } from './lineage/lineage-contract';
import { LookBackContract } from './lookback/look-back-contract';
import { LotContract } from './lot/lot-contract';
import { PoolContract } from './pool/pool-contract';
import { RuleSetContract } from './rules/rule-set-contract';
import { ShipmentContract } from './shipment/shipment-contract';
import { TestResultContract } from './testing/test-result-contract';
import { UnitsContract } from './units/units-contract';

// fabric-contract-api reads `contracts` from the package main; the first is the default for unqualified names.
export const contracts: (typeof Contract)[] = [
  ConsortiumContract,
  RuleSetContract,
  DonationContract,
  DonorContract,
  ShipmentContract,
  TestResultContract,
  PoolContract,
  LotContract,
  UnitsContract,
  LookBackContract,
  LineageContract,
  ColdChainContract,
  SecurityLogContract,
];

export * from './client';
