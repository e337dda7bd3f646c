import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The NLU model cache the suites of one test run share: the global setup trains the example bot into it once, so a
 * suite that uses it loads the model instead of training it.
 */
export const TEST_NLU_CACHE = join(tmpdir(), 'loket-test-nlu-cache');
