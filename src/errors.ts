/**
 * A mistake the user can fix (a bad option, an expired button). Its message is shown to them as it is;
 * any other error is a bug, shown only as a short apology and logged with its stack.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
}
