// Look-back (回溯): a donor seroconverted, so every earlier donation inside the look-back window is interdicted
// and followed to every pool, lot and vial. Who may start one does so here (the regulator, the QA of a station that
// collected from the donor, factory QA for plasma it holds); others, such as an inspector, ask for one, which the
// regulator or the donor's station confirms or declines; everyone sees the requests waiting and the cases (those not
// concluded first), and opens a case's report.
import { useState, type SubmitEvent } from 'react';
import { paths } from '../../app/object-paths';
import { useQuery } from '../../graphql/use-query';
import { useRouter } from '../../router/router';
import { useSession } from '../../session/session';
import { Page } from '../../ui/Page';
import { Panel } from '../../ui/Panel';
import { LOOK_BACK_REQUESTS } from './look-back-operations';
import { LookBackCases } from './LookBackCases';
import { AskForLookBack, WaitingRequests } from './LookBackRequests';
import { StartLookBack } from './StartLookBack';

export function LookBacksPage() {
  const session = useSession();
  const { navigate } = useRouter();
  const [caseId, setCaseId] = useState('');
  const requests = useQuery(LOOK_BACK_REQUESTS, {});
  const open = (event: SubmitEvent): void => {
    event.preventDefault();
    if (caseId.trim()) navigate(paths.lookBack(caseId.trim()));
  };
  return (
    <Page kicker="Look-back" title="From a donor to every vial">
      <div className="grid">
        {session.may('LookBack:OpenLookBack') && (
          <Panel title="Start a look-back">
            <p className="muted">
              Every donation of the donor collected inside the window is interdicted; every pool holding one is marked and every lot made
              from those pools is put on hold. The window is the jurisdiction's (CN by default; 21 CFR 610.46: 12 months before the last
              non-reactive test; EU: at least 6 months) unless a longer one is given.
            </p>
            <StartLookBack />
          </Panel>
        )}
        {!session.may('LookBack:OpenLookBack') && session.may('LookBack:RequestLookBack') && (
          <Panel title="Ask for a look-back">
            <p className="muted">
              A look-back interdicts other members' plasma, so it is opened by those who answer for the donor: the regulator, or the QA of a
              station that collected from them. Anyone else asks for one, and the regulator or the donor's station confirms it.
            </p>
            <AskForLookBack onAsked={requests.reload} />
          </Panel>
        )}
        <Panel title="Requests waiting for a decision">
          <WaitingRequests query={requests} />
        </Panel>
        <Panel title="Cases">
          <LookBackCases />
        </Panel>
        <Panel title="Open a look-back report">
          <form className="filters" onSubmit={open}>
            <label>
              Case
              <input value={caseId} onChange={(e) => setCaseId(e.target.value)} placeholder="LB-…" />
            </label>
            <button type="submit" className="primary">
              Open report
            </button>
          </form>
        </Panel>
      </div>
    </Page>
  );
}
