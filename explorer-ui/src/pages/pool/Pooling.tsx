// The factory's pooling: its warehouse or production starts a pool by scanning the pool bag's DIN label, fills it by
// scanning released bags (each checked as a DIN here; the ledger takes a batch of them together or refuses the batch
// naming the bag that may not go in: not released, another jurisdiction's, already pooled), and closes it, which fixes
// its Merkle root over every bag.
import { useState, type SubmitEvent } from 'react';
import { MAX_BATCH } from '@plasma/chaincode/browser';
import { paths } from '../../app/object-paths';
import { useGraphQL } from '../../graphql/graphql-context';
import { messageOf } from '../../graphql/graphql-failure';
import { readDin } from '../../identifiers/din-input';
import { untilIndexed } from '../../ledger/until-indexed';
import { useRouter } from '../../router/router';
import { useSession } from '../../session/session';
import { Din } from '../../ui/Din';
import { Field } from '../../ui/Field';
import { ADD_TO_POOL, CLOSE_POOL, CREATE_POOL, POOL } from './pool-operations';

/** Starts a pool from its DIN label, then opens its page to fill it. */
export function StartPool() {
  const { client } = useGraphQL();
  const { navigate } = useRouter();
  const [scan, setScan] = useState('');
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const typed = scan.trim() === '' ? undefined : readDin(scan);

  const start = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    if (!typed?.ok) return;
    setBusy(true);
    setProblem(undefined);
    try {
      await client.request(CREATE_POOL, { pool: { poolDin: typed.din + typed.checkCharacter } });
      await untilIndexed(async () => (await client.request(POOL, { poolDin: typed.din })).pool !== null);
      navigate(paths.pool(typed.din));
    } catch (error) {
      setProblem(messageOf(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="filters" onSubmit={(e) => void start(e)}>
      <Field label="Pool DIN" id="pool-din" problem={typed && !typed.ok ? typed.problem : problem}>
        <input id="pool-din" value={scan} onChange={(e) => setScan(e.target.value)} spellCheck={false} autoComplete="off" />
      </Field>
      <button type="submit" className="primary" disabled={busy || !typed?.ok}>
        {busy ? 'Starting…' : 'Start a pool'}
      </button>
    </form>
  );
}

/** Scanning released bags into an open pool, and closing it. */
export function FillPool({
  poolDin,
  count,
  onChanged,
}: {
  readonly poolDin: string;
  readonly count: number;
  readonly onChanged: () => void;
}) {
  const session = useSession();
  const { client } = useGraphQL();
  const [scan, setScan] = useState('');
  const [scanned, setScanned] = useState<readonly { din: string; checkCharacter: string }[]>([]);
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const typed = scan.trim() === '' ? undefined : readDin(scan);
  const scanProblem =
    typed && !typed.ok
      ? typed.problem
      : typed?.ok && scanned.some((s) => s.din === typed.din)
        ? `${typed.din} is scanned already.`
        : scanned.length >= MAX_BATCH
          ? `Add these ${MAX_BATCH} first: the ledger takes at most ${MAX_BATCH} bags at a time.`
          : undefined;

  const tick = (event: SubmitEvent): void => {
    event.preventDefault();
    if (!typed?.ok || scanProblem) return;
    setScanned((list) => [...list, { din: typed.din, checkCharacter: typed.checkCharacter }]);
    setScan('');
  };
  /** Runs a step on the pool, then waits until the projection shows `done` before the page reads the pool again. */
  const act = async (step: () => Promise<unknown>, done: () => Promise<boolean>): Promise<void> => {
    setBusy(true);
    setProblem(undefined);
    try {
      await step();
      await untilIndexed(done);
      onChanged();
    } catch (error) {
      setProblem(messageOf(error));
    } finally {
      setBusy(false);
    }
  };
  const pooled = async (): Promise<number> => (await client.request(POOL, { poolDin })).pool?.count ?? 0;
  const add = (): Promise<void> =>
    act(
      async () => {
        await client.request(ADD_TO_POOL, { poolDin, dins: scanned.map((s) => s.din) });
        setScanned([]);
      },
      async () => (await pooled()) > count,
    );
  const close = (): Promise<void> =>
    act(
      () => client.request(CLOSE_POOL, { poolDin }),
      async () => (await client.request(POOL, { poolDin })).pool?.status === 'closed',
    );

  return (
    <div data-testid="fill-pool">
      {session.may('Pool:AddToPool') && (
        <>
          <form className="form" onSubmit={tick}>
            <Field label="Scan a released bag" id="pool-scan" problem={scanProblem}>
              <input id="pool-scan" value={scan} onChange={(e) => setScan(e.target.value)} spellCheck={false} autoComplete="off" />
            </Field>
          </form>
          {scanned.length > 0 && (
            <ul className="plain" data-testid="scanned-bags">
              {scanned.map((s) => (
                <li key={s.din}>
                  <Din din={s.din} checkCharacter={s.checkCharacter} />{' '}
                  <button type="button" className="quiet" onClick={() => setScanned((list) => list.filter((x) => x.din !== s.din))}>
                    Remove
                  </button>
                </li>
              ))}
            </ul>
          )}
          <div className="actions">
            <button type="button" className="primary" disabled={busy || scanned.length === 0} onClick={() => void add()}>
              {busy ? 'Recording…' : `Add ${scanned.length} ${scanned.length === 1 ? 'bag' : 'bags'} to the pool`}
            </button>
          </div>
        </>
      )}
      {session.may('Pool:ClosePool') && (
        <div className="actions">
          <button type="button" disabled={busy || count === 0 || scanned.length > 0} onClick={() => void close()}>
            Close the pool
          </button>
          {scanned.length > 0 && <span className="muted"> Add or remove the scanned bags first.</span>}
        </div>
      )}
      {problem && (
        <p className="notice error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
