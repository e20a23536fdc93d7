// The demo story's public face: the launcher tells it at the end of `up` (runDemoStory), `npm run demo` tells it by
// hand (main.ts); tests read its fixed identifiers, and build valid identifiers and a typed GraphQL client with its helpers.
export { runDemoStory, demoPeopleOfAll } from './run-demo-story';
export { tellDemoStory, type DemoStoryOptions, type DemoStoryOutcome } from './story';
export { DemoStoryError } from './telling';
export { demoPlan, DEMO_LOT_ID, FIRST_DEMO_DIN_SEQUENCE, type DemoPlan } from './plan';
export { graphqlClient, GraphQLRequestError, type GraphQLClient } from './graphql-client';
export { operation, type Answered, type NoVariables, type Operation } from './operation';
export { dinOf, gtinOf, ssccOf, gs1UnitCode, drugTraceCodeOf } from './identifiers';
