/** What a caller asks of one transition (its own file: the plugins read it, and the service imports the plugins' registry). */
export interface FireInput {
  event: string;
  version: number;
  /** The transition's note (catatan), as the API names it. */
  comment?: string;
  asPositionId?: string;
  /**
   * What the caller sends to the plugins that hear the event, each under the plugin's name (the
   * signing plugin's credential): the engine hands each plugin its own and never reads, stores or logs it.
   */
  pluginInput?: Readonly<Record<string, unknown>>;
}
