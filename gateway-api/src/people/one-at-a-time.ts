// Work on one key at a time in this process: each call waits for the one before it on the same key, whether that one
// succeeded or failed. For steps that read, then change, something shared (a CA identity's secret, a channel's MSP).
export type OneAtATime = <T>(key: string, act: () => Promise<T>) => Promise<T>;

export function oneAtATime(): OneAtATime {
  const last = new Map<string, Promise<unknown>>();
  return <T>(key: string, act: () => Promise<T>): Promise<T> => {
    const next = (last.get(key) ?? Promise.resolve()).catch(() => undefined).then(act);
    const settled = next.catch(() => undefined);
    last.set(key, settled);
    // Forgotten once nothing waits behind it, so the map holds only keys in use.
    void settled.then(() => {
      if (last.get(key) === settled) last.delete(key);
    });
    return next;
  };
}
