/**
 * Dev mode's "Confirm it's you", between the API client (which asks, outside React)
 * and the dialog (which answers): one question open at a time, answered yes or no.
 */
export class StepUpPrompt {
  private answerPending: ((confirmed: boolean) => void) | undefined;
  private readonly listeners = new Set<() => void>();

  /** Opens the dialog; resolves true when the user confirms, false when they cancel. */
  ask(): Promise<boolean> {
    this.answerPending?.(false);
    return new Promise((resolve) => {
      this.answerPending = (confirmed) => {
        this.answerPending = undefined;
        this.notify();
        resolve(confirmed);
      };
      this.notify();
    });
  }

  /** Whether a question is open, for the dialog. */
  readonly isAsking = (): boolean => this.answerPending !== undefined;

  readonly answer = (confirmed: boolean): void => this.answerPending?.(confirmed);

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}
