// The Donation contract: records a plasma bag at collection and answers what the ledger knows about it.
import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import { AuthorisedContract } from '../access/authorised-contract';
import { callerCommonName } from '../access/identity';
import { findFacilityOwner } from '../consortium/registry';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors';
import { normaliseDinKey, parseDin } from '../identifiers/din';
import { fromBytes, toCanonicalJson } from '../ledger/canonical';
import { emitEvent, EventName } from '../ledger/events';
import { readState, writeState } from '../ledger/state';
import { isoFromTimestamp, transactionTime } from '../time';
import { parseJson, readObject } from '../validation';
import { donationKey, newDonation } from './donation';

/** What the station's scanner sends; station and operator come from the caller's certificate instead. */
const INPUT_FIELDS = [
  'din', 'productCode', 'donorPseudonym', 'collectionStart', 'collectionEnd', 'volumeMl', 'deviceSerial', 'anticoagulantLot',
];

@Info({ title: 'Donation', description: 'Plasma donations (bags) recorded at collection, keyed by their ISBT 128 DIN' })
export class DonationContract extends AuthorisedContract {
  constructor() {
    super('Donation');
  }

  /** Records a collected donation from a JSON object of the INPUT_FIELDS; returns the stored record. */
  @Transaction()
  @Returns('string')
  async RecordDonation(ctx: Context, donationJson: string): Promise<string> {
    const input = readObject(parseJson(donationJson, 'donation'), 'donation', INPUT_FIELDS, '');
    const { din, checkCharacter, facility } = parseDin(input.values.din);
    const donation = newDonation({
      ...input.values,
      din,
      checkCharacter,
      facility,
      station: ctx.clientIdentity.getMSPID(),
      operator: callerCommonName(ctx),
      status: 'collected',
      recordedAt: transactionTime(ctx),
      recordedTxId: ctx.stub.getTxID(),
    });

    const owner = await findFacilityOwner(ctx, facility);
    if (owner !== donation.station) {
      const registered = owner === undefined ? 'is not registered to any organisation' : `belongs to another organisation (${owner})`;
      throw new ForbiddenError(
        `the facility ${facility} of DIN ${din} ${registered}; ${donation.station} may record only DINs of its own facilities`,
      );
    }
    const key = donationKey(ctx, din);
    if ((await readState(ctx, key)) !== undefined) {
      throw new ConflictError(`donation ${din} is already recorded`);
    }

    await writeState(ctx, key, donation);
    emitEvent(ctx, EventName.DonationRecorded, din, donation);
    return toCanonicalJson(donation);
  }

  /** The donation with this DIN, given with or without its check character. */
  @Transaction(false)
  @Returns('string')
  async GetDonation(ctx: Context, din: string): Promise<string> {
    const din13 = normaliseDinKey(din);
    const state = await readState(ctx, donationKey(ctx, din13));
    if (state === undefined) {
      throw new NotFoundError(`donation ${din13} is not recorded`);
    }
    return toCanonicalJson(newDonation(state));
  }

  /** Every version of the donation: a JSON array of `{ txId, timestamp, isDelete, value }`, in the peer's order. */
  @Transaction(false)
  @Returns('string')
  async GetDonationHistory(ctx: Context, din: string): Promise<string> {
    const din13 = normaliseDinKey(din);
    const history = [];
    for await (const modification of ctx.stub.getHistoryForKey(donationKey(ctx, din13))) {
      history.push({
        txId: modification.txId,
        timestamp: isoFromTimestamp(modification.timestamp),
        isDelete: modification.isDelete,
        value: modification.isDelete ? null : newDonation(fromBytes(modification.value)),
      });
    }
    if (history.length === 0) {
      throw new NotFoundError(`donation ${din13} is not recorded`);
    }
    return toCanonicalJson(history);
  }
}
