// New blocks as the indexer commits them, for GraphQL subscriptions: one LISTEN connection to PostgreSQL
// per gateway, opened with the first subscriber, fanned out to every subscriber.
import { createPubSub } from 'graphql-yoga';
import pg from 'pg';
import { BLOCK_INDEXED_CHANNEL } from '../indexer/store';

export interface BlockIndexed {
  readonly channel: string;
  readonly number: number;
  readonly transactions: number;
}

export interface BlockNotifications {
  subscribe(): AsyncIterable<BlockIndexed>;
  close(): Promise<void>;
}

export function blockNotifications(databaseUrl: string): BlockNotifications {
  const pubSub = createPubSub<{ block: [BlockIndexed] }>();
  let listener: Promise<pg.Client> | undefined;

  const listen = async (): Promise<pg.Client> => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    client.on('notification', (message) => {
      if (message.channel === BLOCK_INDEXED_CHANNEL && message.payload)
        pubSub.publish('block', JSON.parse(message.payload) as BlockIndexed);
    });
    // A lost connection is opened again by the next subscriber.
    client.on('error', () => {
      listener = undefined;
    });
    await client.query(`LISTEN ${BLOCK_INDEXED_CHANNEL}`);
    return client;
  };

  return {
    subscribe() {
      listener ??= listen();
      listener.catch(() => {
        listener = undefined;
      });
      return pubSub.subscribe('block');
    },
    async close() {
      const client = await listener?.catch(() => undefined);
      await client?.end();
    },
  };
}
