/**
 * The NotificationPort handed to the server before the bot exists: the
 * workflow engine is built before the routes, the bot's queue needs the
 * storage the server opens. Enqueues wait until registerBot binds the queue.
 */
import type { Notification, NotificationPort } from "@crm/shared/services";

export class BotNotificationPort implements NotificationPort {
  private bindQueue!: (port: NotificationPort) => void;
  private readonly bound = new Promise<NotificationPort>((resolve) => {
    this.bindQueue = resolve;
  });

  bind(port: NotificationPort): void {
    this.bindQueue(port);
  }

  async enqueue(notification: Notification): Promise<void> {
    await (await this.bound).enqueue(notification);
  }
}
