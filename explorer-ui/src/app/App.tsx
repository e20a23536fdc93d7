// The application shell: learns which fields the gateway serves, signs the person in, then shows the page
// the address names inside the layout.
import { useEffect, useState } from 'react';
import { GraphQLContext } from '../graphql/graphql-context';
import { messageOf } from '../graphql/graphql-failure';
import { loadServedFields, type ServedFields } from '../graphql/served-fields';
import { LoginPage } from '../pages/login/LoginPage';
import { Router } from '../router/router';
import { SessionProvider, useSessionGate } from '../session/session';
import { Layout } from './Layout';
import { RouteView } from './RouteView';

export function App() {
  const gate = useSessionGate();
  const [served, setServed] = useState<ServedFields | Error>();

  useEffect(() => {
    loadServedFields(gate.client).then(setServed, (error: unknown) => setServed(new Error(messageOf(error))));
  }, [gate.client]);

  if (served instanceof Error) {
    return <div className="boot notice error" role="alert">The gateway does not answer: {served.message}</div>;
  }
  if (served === undefined || gate.state.kind === 'checking') return <div className="boot loading">Connecting to the gateway…</div>;

  return (
    <GraphQLContext.Provider value={{ client: gate.client, served }}>
      <Router>
        {gate.state.kind === 'signed-in' ? (
          <SessionProvider value={gate.state.session}>
            <Layout>
              <RouteView />
            </Layout>
          </SessionProvider>
        ) : (
          <LoginPage login={gate.login} notice={gate.state.notice} />
        )}
      </Router>
    </GraphQLContext.Provider>
  );
}
