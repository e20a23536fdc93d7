// People, sessions and the signed-in person, over the people and session services.
import { organisation, type Organisation, type Topology } from '@plasma/network';
import type { NewPerson, PeopleService } from '../../../people/people-service';
import type { Person } from '../../../people/person';
import type { SessionService } from '../../../people/sessions';
import { requirePerson, requireSignedIn, type GatewayContext } from '../../context';
import { schemaFile, type GraphQLModule } from '../../module';

export interface PeopleModuleOptions {
  readonly topology: Topology;
  /** Whose gateway this is. */
  readonly organisation: Organisation;
  readonly people: PeopleService;
  readonly sessions: SessionService;
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

export function peopleModule({ topology, organisation: own, people, sessions }: Readonly<PeopleModuleOptions>): GraphQLModule {
  return {
    typeDefs: schemaFile(__dirname, 'people.graphql'),
    resolvers: {
      Query: {
        // Answered before the password is changed too: the explorer learns from it that it must be.
        me: (_: unknown, __: unknown, context: GatewayContext) => requireSignedIn(context),
        // Public: the sign-in page names the organisation whose people sign in here.
        gatewayOrganisation: () => own,
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
      },
      Person: {
        organisation: (person: Person) => organisation(topology, person.org),
      },
      Organisation: {
        people: (org: Organisation, _: unknown, context: GatewayContext) => people.peopleOf(requirePerson(context), org.name),
      },
    },
  };
}
