/**
 * Forcing V8's garbage collector from a test without `--expose-gc` on the command
 * line: the flag is set at run time and `gc` is read from a fresh context.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
export const gc = runInNewContext('gc') as () => void;

/**
 * Collects garbage until `done` holds or the attempts run out; finalizers and the
 * cleanups they start run on later turns of the event loop, so each attempt waits a little.
 */
export async function collectUntil(done: () => boolean | Promise<boolean>, options: { attempts?: number; settle?: () => Promise<void> } = {}): Promise<boolean> {
  for (let i = 0; i < (options.attempts ?? 40); i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 25));
    await options.settle?.();
    if (await done()) return true;
  }
  return false;
}
