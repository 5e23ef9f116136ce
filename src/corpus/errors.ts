/** One problem in one corpus file, with the line it is on when known. */
export interface CorpusIssue {
  file: string;
  line?: number;
  message: string;
}

/** Thrown when the corpus cannot be used; its message lists every issue, one per line, as `file:line: message`. */
export class CorpusError extends Error {
  override readonly name = 'CorpusError';
  constructor(readonly issues: CorpusIssue[]) {
    super(`Invalid corpus (${issues.length} ${issues.length === 1 ? 'problem' : 'problems'}):\n${issues.map(formatIssue).join('\n')}`);
  }
}

export function formatIssue(issue: CorpusIssue): string {
  return `${issue.file}${issue.line === undefined ? '' : `:${issue.line}`}: ${issue.message}`;
}
