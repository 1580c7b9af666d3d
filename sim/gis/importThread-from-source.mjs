// Entry of an import thread when the core runs from its TypeScript sources (tests, development):
// compiles on the fly, then starts the same thread the compiled build uses.
import { register } from 'tsx/esm/api';

register();
await import('./importThread.ts');
