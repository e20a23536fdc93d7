// People, sessions and the signed-in person, over the people and session services.
import { organisation, type Organisation, type Topology } from '@plasma/network';
import type { NewPerson, PeopleService } from '../../../people/people-service';
import type { Person } from '../../../people/person';
import type { SessionService } from '../../../people/sessions';
import { ADMIN_ROLE, grantableRoles } from '../../../people/roles';
import type { SecurityLog } from '../../../people/security-log';
import type { SecurityLogAnchoring } from '../../../verification/security-log-anchor';
import { ErrorCode, GatewayError, wholeNumberIn } from '../../../errors';
import { requirePerson, requireSignedIn, type GatewayContext } from '../../context';
import { schemaFile, type GraphQLModule } from '../../module';

export interface PeopleModuleOptions {
  readonly topology: Topology;
  /** Whose gateway this is. */
  readonly organisation: Organisation;
  readonly people: PeopleService;
  readonly sessions: SessionService;
  readonly securityLog: SecurityLog;
  readonly securityLogAnchoring: SecurityLogAnchoring;
}

interface LoginArgs {
  readonly org: string;
  readonly username: string;
  readonly password: string;
}

interface PersonArgs {
  readonly org: string;
  readonly username: string;
}

/** Most entries one request may ask for. */
const MAX_SECURITY_EVENTS = 1000;

export function peopleModule({
  topology,
  organisation: own,
  people,
  sessions,
  securityLog,
  securityLogAnchoring,
}: Readonly<PeopleModuleOptions>): GraphQLModule {
  const adminOnly = (context: GatewayContext): void => {
    const person = requirePerson(context);
    if (person.role !== ADMIN_ROLE) {
      throw new GatewayError(ErrorCode.Forbidden, `the security log is for the organisation's admin; ${person.username} is ${person.role}`);
    }
  };
  return {
    typeDefs: schemaFile(__dirname, 'people.graphql'),
    resolvers: {
      Query: {
        // Answered before the password is changed too: the explorer learns from it that it must be.
        me: (_: unknown, __: unknown, context: GatewayContext) => requireSignedIn(context),
        // Public: the sign-in page names the organisation whose people sign in here.
        gatewayOrganisation: () => own,
        securityLog: async (_: unknown, { last }: { last: number }, context: GatewayContext) => {
          adminOnly(context);
          wholeNumberIn(last, 'last', 1, MAX_SECURITY_EVENTS);
          return (await securityLog.latest(last)).map((e) => ({
            ...e,
            detail: Object.entries(e.detail).map(([name, value]) => ({ name, value })),
          }));
        },
        securityLogCheck: async (_: unknown, __: unknown, context: GatewayContext) => {
          adminOnly(context);
          const { events, headHash, brokenAt } = await securityLog.check();
          const anchor = await securityLogAnchoring.checkAnchor();
          return { events, headHash, brokenAtSeq: brokenAt?.seq ?? null, problem: brokenAt?.problem ?? null, anchor: anchor ?? null };
        },
      },
      Mutation: {
        login: (_: unknown, args: LoginArgs, context: GatewayContext) => sessions.login({ ...args, clientAddress: context.clientAddress }),
        logout: async (_: unknown, __: unknown, context: GatewayContext) => {
          requireSignedIn(context);
          await sessions.logout(context.token!); // a signed-in person came with their token
          return true;
        },
        createPerson: (_: unknown, { input }: { input: NewPerson }, context: GatewayContext) =>
          people.createPerson(requirePerson(context), input),
        changePassword: async (_: unknown, args: { oldPassword: string; newPassword: string }, context: GatewayContext) => {
          await sessions.changePassword(requireSignedIn(context), context.token!, args.oldPassword, args.newPassword);
          return true;
        },
        resetPassword: (_: unknown, { org, username }: PersonArgs, context: GatewayContext) =>
          people.resetPassword(requirePerson(context), org, username),
        redeemPasswordReset: async (
          _: unknown,
          args: { org: string; username: string; code: string; newPassword: string },
          context: GatewayContext,
        ) => {
          await sessions.redeemPasswordReset({ ...args, clientAddress: context.clientAddress });
          return true;
        },
        disablePerson: (_: unknown, { org, username }: PersonArgs, context: GatewayContext) =>
          people.setDisabled(requirePerson(context), org, username, true),
        enablePerson: (_: unknown, { org, username }: PersonArgs, context: GatewayContext) =>
          people.setDisabled(requirePerson(context), org, username, false),
        anchorSecurityLog: async (_: unknown, __: unknown, context: GatewayContext) => {
          adminOnly(context);
          return (await securityLogAnchoring.anchorNow()) ?? null;
        },
        setKioskAccount: (_: unknown, { org, username, kiosk }: PersonArgs & { kiosk: boolean }, context: GatewayContext) =>
          people.setKiosk(requirePerson(context), org, username, kiosk),
        changeRole: (_: unknown, { org, username, role }: PersonArgs & { role: string }, context: GatewayContext) =>
          people.changeRole(requirePerson(context), org, username, role),
      },
      Person: {
        organisation: (person: Person) => organisation(topology, person.org),
      },
      Organisation: {
        people: (org: Organisation, _: unknown, context: GatewayContext) => people.peopleOf(requirePerson(context), org.name),
        grantableRoles: (org: Organisation) => grantableRoles(org.kind),
      },
    },
  };
}
