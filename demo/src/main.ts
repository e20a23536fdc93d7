// `npm run demo`: tells the demo story to the running gateway (the launcher does it at the end of `up`).
import { runDemoStory } from './run-demo-story';

void runDemoStory((line) => console.log(line)).then((outcome) => {
  process.exitCode = outcome === undefined ? 1 : 0;
});
