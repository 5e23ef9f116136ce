import { UserError } from '../../errors.js';
import { StorageError } from '../../storage/errors.js';
import { escapeText } from '../respond.js';

/**
 * A notes function's outcome, with its user errors made safe for Discord. The notes functions write plain text that
 * quotes what moderators typed (a title, a name, a file of an archive); shown as it is, a title such as
 * `[x](https://evil)` would render as a link. Escaping renders such text literally and leaves plain prose unchanged.
 * Storage errors keep their class (the dispatcher logs faults for the operator) and their fixed messages.
 */
export async function fromNotes<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof UserError && !(error instanceof StorageError)) throw new UserError(escapeText(error.message), { cause: error });
    throw error;
  }
}
