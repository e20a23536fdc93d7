// Caliper's workload for the Caliper bench (bench/caliper.ts), run by Caliper's workers in Caliper's own Node: each
// transaction is the next donation of this worker's file (its own block of DINs, written by the bench), submitted as
// Donation:RecordDonation by the worker's station collector. It also keeps each committed transaction's latency as
// Caliper timed it (created → final), so the bench can give percentiles where Caliper's report gives an average.
'use strict';

const { readFileSync, writeFileSync } = require('node:fs');
const path = require('node:path');
// Caliper's core as Caliper's own CLI (this process's main module) resolves it: from the bench's install folder.
const { WorkloadModuleBase } = require.main.require('@hyperledger/caliper-core');

class RecordDonation extends WorkloadModuleBase {
  async initializeWorkloadModule(workerIndex, totalWorkers, roundIndex, roundArguments, sutAdapter, sutContext) {
    await super.initializeWorkloadModule(workerIndex, totalWorkers, roundIndex, roundArguments, sutAdapter, sutContext);
    const file = (suffix) => path.join(roundArguments.workDir, `worker-${workerIndex}.${suffix}.json`);
    this.work = JSON.parse(readFileSync(file('donations'), 'utf8'));
    this.latenciesFile = file('latencies');
    this.next = 0;
    this.latenciesMs = [];
    this.failed = 0;
  }

  async submitTransaction() {
    const donation = this.work.donations[this.next++];
    if (donation === undefined) throw new Error(`worker ${this.workerIndex} has no donation left (${this.work.donations.length} written)`);
    const status = await this.sutAdapter.sendRequests({
      contractId: this.work.contractId,
      contractFunction: this.work.contractFunction,
      contractArguments: [donation],
      invokerMspId: this.work.mspId,
      invokerIdentity: this.work.identity,
      readOnly: false,
    });
    if (status.IsCommitted()) this.latenciesMs.push(status.GetTimeFinal() - status.GetTimeCreate());
    else this.failed += 1;
    return status;
  }

  async cleanupWorkloadModule() {
    writeFileSync(this.latenciesFile, `${JSON.stringify({ latenciesMs: this.latenciesMs, failed: this.failed })}\n`, { mode: 0o600 });
  }
}

module.exports.createWorkloadModule = () => new RecordDonation();
