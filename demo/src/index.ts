// The demo story's public face: the launcher tells it at the end of `up` (runDemoStory), `npm run demo` tells it by
// hand (main.ts); tests read its fixed identifiers, and build valid identifiers and a GraphQL client with its helpers.
export { runDemoStory, gatewayUrl } from './run-demo-story';
export {
  tellDemoStory, demoPlan, DemoStoryError, DEMO_LOT_ID, FIRST_DEMO_DIN_SEQUENCE,
  type DemoPlan, type DemoStoryOptions, type DemoStoryOutcome,
} from './demo-story';
export { graphqlClient, GraphQLRequestError, type GraphQLClient } from './graphql-client';
export { dinOf, gtinOf, ssccOf, gs1UnitCode, drugTraceCodeOf } from './identifiers';
