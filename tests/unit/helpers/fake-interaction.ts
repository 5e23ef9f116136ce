/**
 * A stand-in for a discord.js interaction that keeps its state the way discord.js does (`deferred` and `replied`
 * change only once Discord has answered, `latencyMs` later) and records every response, so tests can check the order
 * of responses under fake timers without a gateway. Like Discord, it refuses a second initial response (40060).
 */
export class FakeInteraction {
  deferred = false;
  replied = false;
  ephemeral: boolean | null = null;
  /** Every response started, in order, with its options. */
  readonly calls: Array<{ method: string; options: unknown }> = [];
  /** Initial responses Discord would have refused: "Interaction has already been acknowledged." */
  readonly refused: string[] = [];
  private acknowledged = false;

  constructor(
    readonly kind: 'command' | 'button' = 'command',
    readonly latencyMs = 100,
  ) {}

  isMessageComponent(): boolean {
    return this.kind === 'button';
  }

  isButton(): boolean {
    return this.kind === 'button';
  }

  isRepliable(): boolean {
    return true;
  }

  /** Not in a server: the dispatcher reads no server settings for it and applies the defaults. */
  inGuild(): boolean {
    return false;
  }

  /** The dispatcher routes only buttons through this fake: commands are driven end to end. */
  isAutocomplete(): boolean {
    return false;
  }

  isChatInputCommand(): boolean {
    return false;
  }

  isModalSubmit(): boolean {
    return false;
  }

  isMessageContextMenuCommand(): boolean {
    return false;
  }

  deferReply(options: { flags?: number } = {}): Promise<void> {
    return this.initial('deferReply', options, () => {
      this.deferred = true;
      this.ephemeral = ((options.flags ?? 0) & 64) !== 0;
    });
  }

  deferUpdate(): Promise<void> {
    return this.initial('deferUpdate', {}, () => (this.deferred = true));
  }

  reply(options: unknown): Promise<void> {
    return this.initial('reply', options, () => (this.replied = true));
  }

  update(options: unknown): Promise<void> {
    return this.initial('update', options, () => (this.replied = true));
  }

  editReply(options: unknown): Promise<void> {
    if (!this.deferred && !this.replied) return Promise.reject(new Error('InteractionNotReplied'));
    return this.later('editReply', options, () => (this.replied = true));
  }

  followUp(options: unknown): Promise<void> {
    if (!this.deferred && !this.replied) return Promise.reject(new Error('InteractionNotReplied'));
    return this.later('followUp', options, () => undefined);
  }

  /** The method names of the responses, in order. */
  get methods(): string[] {
    return this.calls.map((c) => c.method);
  }

  private initial(method: string, options: unknown, done: () => void): Promise<void> {
    // discord.js's own guard: it throws before any request once it knows the interaction was answered.
    if (this.deferred || this.replied) return Promise.reject(new Error('InteractionAlreadyReplied'));
    if (this.acknowledged) {
      this.calls.push({ method, options });
      this.refused.push(method);
      return new Promise((_, reject) =>
        setTimeout(() => reject(new Error('40060 Interaction has already been acknowledged.')), this.latencyMs),
      );
    }
    this.acknowledged = true;
    return this.later(method, options, done);
  }

  private later(method: string, options: unknown, done: () => void): Promise<void> {
    this.calls.push({ method, options });
    return new Promise((resolve) =>
      setTimeout(() => {
        done();
        resolve();
      }, this.latencyMs),
    );
  }
}
