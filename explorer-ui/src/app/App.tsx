// The application shell: signs the person in, then shows the page the address names inside the layout.
import { GraphQLContext } from '../graphql/graphql-context';
import { ChangePasswordPage } from '../pages/login/ChangePasswordPage';
import { LoginPage } from '../pages/login/LoginPage';
import { Router } from '../router/router';
import { SessionProvider, useSessionGate } from '../session/session';
import { Layout } from './Layout';
import { RouteView } from './RouteView';

export function App() {
  const gate = useSessionGate();
  if (gate.state.kind === 'checking') return <div className="boot loading">Connecting to the gateway…</div>;

  return (
    <GraphQLContext.Provider value={{ client: gate.client }}>
      <Router>
        {gate.state.kind === 'signed-in' ? (
          <SessionProvider value={gate.state.session}>
            <Layout>
              <RouteView />
            </Layout>
          </SessionProvider>
        ) : gate.state.kind === 'must-change-password' ? (
          <ChangePasswordPage person={gate.state.person} changePassword={gate.changePassword} logout={gate.state.logout} />
        ) : (
          <LoginPage login={gate.login} notice={gate.state.notice} />
        )}
      </Router>
    </GraphQLContext.Provider>
  );
}
