/** Run after each test file's setup (jest setupFilesAfterEnv): an error the code logs and the test did not expect fails the test. */
import { keepConsoleErrors, takeLogged } from './logged';

keepConsoleErrors();
afterEach(() => {
  const unexpected = takeLogged();
  if (unexpected.length > 0) throw new Error(`the code logged ${unexpected.length} error(s) this test did not expect:\n${unexpected.join('\n')}`);
});
